import type { TFunction } from 'i18next';
import { formatExact, type DecimalInputProblem } from '../format';

/** A number the console could not read, in words that say which notation it expects. */
export function unreadableMessage(t: TFunction, typed: string, problem: DecimalInputProblem): string {
  switch (problem.kind) {
    case 'ambiguous':
      return t('input.decimal.ambiguous', { typed, asThousands: problem.asThousands, asDecimal: formatExact(problem.asDecimal) });
    case 'negative':
      return t('input.decimal.negative', { typed });
    case 'format':
      return t('input.decimal.format', { typed });
  }
}
