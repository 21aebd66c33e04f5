import Decimal from 'decimal.js';
import { apportion, byCode } from '../../common/money/apportion';
import { DomainError } from '../../common/errors/domain-error';
import { money, roundToUnit, sum, ZERO } from '../../common/money/money';
import { aggregateYearly, type StoredCount } from '../counts/pure';
import { mergersByDissolved, successorOn as successorThrough } from '../municipalities/pure';

/** A category the rule counts; `route` is null for "no route" (and always null when the scheme does not use routes). */
export interface CategoryKey {
  category: string;
  route: string | null;
}

export interface CalcRate extends CategoryKey {
  id: string;
  validFrom: string;
  amount: Decimal;
}

export interface CalcMerger {
  dissolvedCode: string;
  successorCode: string;
  effectiveDate: string;
}

export interface AllocationCalcInput {
  year: number;
  budgetMode: 'CLOSED' | 'OPEN_ENDED';
  /** Macrobudget; apportioned for CLOSED, ignored by the calculation for OPEN_ENDED. */
  budget: Decimal;
  unitScale: number;
  usesRoutes: boolean;
  /** Codes of the municipalities existing on 1 January of the year. */
  municipalities: readonly string[];
  mergers: readonly CalcMerger[];
  categories: readonly CategoryKey[];
  /** Rates are looked up as of this date (default 1 January of the year, set by the caller). */
  referenceDate: string;
  rates: readonly CalcRate[];
  /** Current count rows of the rule's basis whose period lies in the year. */
  counts: readonly StoredCount[];
  /** Vaste voet per municipality, or null when the rule does not use base amounts. */
  baseAmounts: ReadonlyMap<string, Decimal> | null;
}

export interface CalcTerm extends CategoryKey {
  count: Decimal;
  rate: Decimal;
  rateId: string;
  /** rate × count, exact. */
  product: Decimal;
  countIds: string[];
}

export interface CalcLine {
  municipalityCode: string;
  baseAmount: Decimal;
  terms: CalcTerm[];
  /** baseAmount + Σ product, exact. */
  weight: Decimal;
  /** CLOSED: B × w / Σw (40 digits); OPEN_ENDED: the weight itself. */
  exactShare: Decimal;
  amount: Decimal;
  /** amount − exactShare. */
  adjustment: Decimal;
}

export interface AllocationCalcResult {
  ratesUsed: CalcRate[];
  lines: CalcLine[];
  totalWeight: Decimal;
  totalAmount: Decimal;
  /** Count rows whose municipality (after mergers) is not in the year's set: not counted, reported. */
  unattributedCountIds: string[];
}

const keyOf = (k: CategoryKey): string => `${k.category}|${k.route ?? ''}`;

/** Follows merger chains whose effective date is on or before `date` (DOMAIN.md Calculations 1). */
export function successorOn(mergers: readonly CalcMerger[], code: string, date: string): string {
  return successorThrough(mergersByDissolved(mergers), code, date);
}

/**
 * The count key a row belongs to under the rule, or null when the rule does not count it. Without
 * routes, a row's route is ignored (all routes of a category add up); with routes, the pair must
 * be listed exactly (no fallback) (decision 0204).
 */
export function countedKey(row: CategoryKey, categories: readonly CategoryKey[], usesRoutes: boolean): CategoryKey | null {
  const wanted: CategoryKey = { category: row.category, route: usesRoutes ? row.route : null };
  return categories.some((c) => keyOf(c) === keyOf(wanted)) ? wanted : null;
}

/** Per listed category(+route): the rate row with the latest valid-from on or before the reference date. */
export function selectRates(rates: readonly CalcRate[], categories: readonly CategoryKey[], referenceDate: string): CalcRate[] {
  return categories.map((c, i) => {
    const candidates = rates.filter((r) => keyOf(r) === keyOf(c) && r.validFrom <= referenceDate);
    if (candidates.length === 0) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `no rate for ${c.category}${c.route ? `/${c.route}` : ''} valid on or before ${referenceDate}`,
        { field: `rule.categories[${i}]`, category: c.category, route: c.route },
      );
    }
    return candidates.reduce((best, r) => (r.validFrom > best.validFrom ? r : best));
  });
}

/**
 * DOMAIN.md Calculations 1-4. Pure: no database, no clock.
 *
 * 1. every municipality existing on 1 January is in the result (zero without counts); counts
 *    under a dissolved code dated on/after its merger belong to the successor (chains followed);
 * 2. rates: latest valid-from on or before the reference date per listed category, else refused;
 * 3. w_i = base_i + Σ_c rate_c × N_ic, exact;
 * 4. CLOSED: apportion B by the weights (largest remainder, ties to the lower code);
 *    OPEN_ENDED: each weight rounded once to the unit.
 */
export function calculateAllocation(input: AllocationCalcInput): AllocationCalcResult {
  const ratesUsed = selectRates(input.rates, input.categories, input.referenceDate);
  const rateByKey = new Map(ratesUsed.map((r) => [keyOf(r), r]));
  const inSet = new Set(input.municipalities);

  const relevant = input.counts.filter((c) => countedKey(c, input.categories, input.usesRoutes) !== null);
  // Without routes the route is dropped before aggregation so routes of one category add up.
  const normalised = relevant.map((c) => (input.usesRoutes ? c : { ...c, route: null }));
  // The merger index is built once, not once per count row.
  const byDissolved = mergersByDissolved(input.mergers);
  const yearly = aggregateYearly(normalised, (code, date) => successorThrough(byDissolved, code, date));

  const terms = new Map<string, CalcTerm[]>();
  const unattributedCountIds: string[] = [];
  for (const y of yearly) {
    if (!inSet.has(y.municipalityCode)) {
      unattributedCountIds.push(...y.countIds);
      continue;
    }
    const rate = rateByKey.get(keyOf(y));
    if (!rate) {
      continue;
    }
    const list = terms.get(y.municipalityCode) ?? [];
    list.push({
      category: y.category,
      route: y.route,
      count: y.value,
      rate: rate.amount,
      rateId: rate.id,
      product: rate.amount.times(y.value),
      countIds: y.countIds,
    });
    terms.set(y.municipalityCode, list);
  }

  const codes = [...input.municipalities].sort(byCode);
  const weighted = codes.map((code) => {
    const base = input.baseAmounts?.get(code) ?? ZERO;
    const own = terms.get(code) ?? [];
    return { code, base, terms: own, weight: base.plus(sum(own.map((t) => t.product))) };
  });
  const totalWeight = sum(weighted.map((w) => w.weight));

  let lines: CalcLine[];
  if (input.budgetMode === 'CLOSED') {
    const parts = apportion(
      input.budget,
      weighted.map((w) => ({ key: w.code, weight: w.weight })),
      input.unitScale,
      byCode,
    );
    lines = weighted.map((w, i) => {
      const p = parts[i]!;
      return {
        municipalityCode: w.code,
        baseAmount: w.base,
        terms: w.terms,
        weight: w.weight,
        exactShare: p.exactShare,
        amount: p.amount,
        adjustment: p.adjustment,
      };
    });
  } else {
    lines = weighted.map((w) => {
      const amount = roundToUnit(w.weight, input.unitScale);
      return {
        municipalityCode: w.code,
        baseAmount: w.base,
        terms: w.terms,
        weight: w.weight,
        exactShare: w.weight,
        amount,
        adjustment: amount.minus(w.weight),
      };
    });
  }
  return { ratesUsed, lines, totalWeight, totalAmount: sum(lines.map((l) => l.amount)), unattributedCountIds };
}

/** Percent difference of b against a, rounded to 2 decimals half away from zero; null when a is zero (decision 0206). */
export function percentChange(a: Decimal, b: Decimal): Decimal | null {
  if (a.isZero()) {
    return null;
  }
  return roundToUnit(b.minus(a).times(100).div(a), 2);
}

/** Everything a run reads, in canonical form: stored with the run and hashed (docs/allocation.md). */
export interface RunInputs {
  scheme: { code: string; year: number; budgetMode: string; budget: string; unitScale: number; usesRoutes: boolean };
  rule: {
    id: string;
    ruleKey: string;
    version: number;
    basis: string;
    attributionRule: string | null;
    referenceDate: string | null;
    categories: CategoryKey[];
    useBaseAmounts: boolean;
  };
  referenceDate: string;
  municipalities: string[];
  mergers: { dissolvedCode: string; successorCode: string; effectiveDate: string }[];
  rates: { id: string; category: string; route: string | null; validFrom: string; amount: string }[];
  counts: {
    id: string;
    municipalityCode: string;
    periodType: string;
    periodStart: string;
    periodEnd: string;
    category: string;
    route: string | null;
    value: string;
    /** Attributed counts only (absent otherwise, so older runs' stored inputs hash the same). */
    units?: string;
    divisor?: number;
  }[];
  baseAmounts: { municipalityCode: string; amount: string }[] | null;
}

/** Runs the pure calculator on stored-form inputs (the same function re-verifies a stored run). */
export function calculateFromInputs(inputs: RunInputs, allRates?: RunInputs['rates']): AllocationCalcResult {
  return calculateAllocation({
    year: inputs.scheme.year,
    budgetMode: inputs.scheme.budgetMode as 'CLOSED' | 'OPEN_ENDED',
    budget: money(inputs.scheme.budget),
    unitScale: inputs.scheme.unitScale,
    usesRoutes: inputs.scheme.usesRoutes,
    municipalities: inputs.municipalities,
    mergers: inputs.mergers,
    categories: inputs.rule.categories,
    referenceDate: inputs.referenceDate,
    rates: (allRates ?? inputs.rates).map((r) => ({ ...r, amount: money(r.amount) })),
    counts: inputs.counts.map((c) => ({ ...c, periodType: c.periodType as 'YEAR', value: money(c.value) })),
    baseAmounts: inputs.baseAmounts === null ? null : new Map(inputs.baseAmounts.map((b) => [b.municipalityCode, money(b.amount)])),
  });
}
