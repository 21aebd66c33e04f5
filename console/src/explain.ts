import type { TFunction } from 'i18next';
import { formatCount, formatDate, formatExact } from './format';
import type { ConsoleAllocationExplanationFiguresFragment, ConsoleSettlementLineFiguresFragment } from './gql/graphql';

/**
 * Explanations composed in the interface language from the API's own figures (never recomputed:
 * every number shown is a field the API returned, in the language's notation, every decimal kept).
 * The API's `steps` / `explanation` strings say the same in English with plain decimals.
 */

/** The figures of `explainFragments.ts`, as generated from the schema. */
export type AllocationExplanationFigures = ConsoleAllocationExplanationFiguresFragment;
export type SettlementLineFigures = ConsoleSettlementLineFiguresFragment;

/** "asielstatushouder (B1)" for a term's category and route. */
export function termLabel(t: TFunction, term: { category: string; route?: string | null }): string {
  const category = categoryLabel(t, term.category);
  return term.route ? `${category} (${routeLabel(t, term.route)})` : category;
}

export function categoryLabel(t: TFunction, category: string): string {
  return category === 'ASIELSTATUSHOUDER' || category === 'GEZINSMIGRANT' || category === 'OVERIG' ? t(`category.${category}`) : category;
}

export function routeLabel(t: TFunction, route: string): string {
  return route === 'B1' || route === 'ONDERWIJSROUTE' || route === 'Z_ROUTE' ? t(`route.${route}`) : route;
}

/** The allocation of one municipality in one run, step by step (the API's `steps`, in the interface language). */
export function allocationSteps(t: TFunction, e: AllocationExplanationFigures): string[] {
  const unit = e.amount.includes('.') ? t('explain.unitCents') : t('explain.unitEuros');
  const steps = e.terms.map((term) =>
    t('explain.term', {
      term: termLabel(t, term),
      count: formatCount(term.count),
      rate: formatExact(term.rate),
      from: formatDate(term.rateValidFrom),
      product: formatExact(term.product),
    }),
  );
  steps.push(t('explain.base', { amount: formatExact(e.baseAmount) }));
  steps.push(
    t('explain.weight', {
      parts: [...e.terms.map((term) => term.product), e.baseAmount].map((p) => formatExact(p)).join(' + '),
      weight: formatExact(e.weight),
    }),
  );
  if (e.budgetMode === 'CLOSED') {
    steps.push(
      t('explain.closedShare', {
        weight: formatExact(e.weight),
        totalWeight: formatExact(e.totalWeight),
        budget: formatExact(e.budget),
        share: formatExact(e.exactShare),
      }),
    );
    steps.push(t('explain.closedRounding', { unit, adjustment: formatExact(e.adjustment) }));
  } else {
    steps.push(t('explain.openShare', { share: formatExact(e.exactShare) }));
    steps.push(t('explain.openRounding', { unit, adjustment: formatExact(e.adjustment) }));
  }
  steps.push(t('explain.amount', { amount: formatExact(e.amount), decision: e.decisionNumber }));
  return steps;
}

/** One settlement line, step by step (the API's `explanation`, in the interface language). */
export function settlementSteps(t: TFunction, l: SettlementLineFigures): string[] {
  const steps = [t('explain.settlement.countBased', { amount: formatExact(l.countBased) })];
  if (l.status === 'AWAITING_REPORT' || l.finalEntitlement === null || l.finalEntitlement === undefined) {
    steps.push(t('explain.settlement.awaitingReport'));
    return steps;
  }
  const final = formatExact(l.finalEntitlement);
  if (l.acceptedSpending !== null && l.acceptedSpending !== undefined) {
    steps.push(
      t('explain.settlement.onSpending', { countBased: formatExact(l.countBased), accepted: formatExact(l.acceptedSpending), final }),
    );
  } else {
    steps.push(t('explain.settlement.final', { final }));
  }
  const amount = l.amount ?? '0';
  const kind = /^-/.test(amount) && /[1-9]/.test(amount) ? 'recovery' : /[1-9]/.test(amount) ? 'payment' : 'nothing';
  steps.push(
    t('explain.settlement.amount', {
      final,
      paid: formatExact(l.paid),
      amount: formatExact(amount),
      kind: t(`explain.settlement.${kind}`),
    }),
  );
  if (l.payeeCode !== l.municipalityCode) {
    steps.push(t('explain.settlement.merged', { code: l.municipalityCode, payee: l.payeeCode }));
  }
  return steps;
}
