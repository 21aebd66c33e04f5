import Decimal from 'decimal.js';
import type { ValueTransformer } from 'typeorm';
import { money, toFixedScale } from '../money/money';

/**
 * `numeric` column <-> Money. `to` accepts a Money or an already-converted string because TypeORM
 * may apply it twice; it writes exactly `scale` decimals and refuses anything finer, so an amount
 * is never silently rounded on the way to the database.
 */
export function numericTransformer(scale: number): ValueTransformer {
  return {
    to(value: Decimal | string | null | undefined): string | null | undefined {
      if (value === null || value === undefined) {
        return value;
      }
      return toFixedScale(typeof value === 'string' ? money(value) : value, scale);
    },
    from(value: string | null): Decimal | null {
      return value === null ? null : money(value);
    },
  };
}

/** Same as numericTransformer, for columns whose scale is not fixed (rates, exact shares). */
export const exactNumericTransformer: ValueTransformer = {
  to(value: Decimal | string | null | undefined): string | null | undefined {
    if (value === null || value === undefined) {
      return value;
    }
    return typeof value === 'string' ? money(value).toFixed() : value.toFixed();
  },
  from(value: string | null): Decimal | null {
    return value === null ? null : money(value);
  },
};
