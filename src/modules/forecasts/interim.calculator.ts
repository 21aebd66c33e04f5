import type Decimal from 'decimal.js';
import { money, ZERO } from '../../common/money/money';
import { calculateFromInputs, canonicalJson, type RunInputs } from '../allocations/pure';
import { advanceAmount } from '../advances/pure';

/** Version of the re-estimate's formulas, stored with every estimate (decision 1310). */
export const INTERIM_ESTIMATE_VERSION = 'interim-estimate/1';

/** The levels of every range. */
export const INTERIM_LEVELS = ['0.1', '0.5', '0.9'] as const;
export type InterimLevel = (typeof INTERIM_LEVELS)[number];

/** A forecast line as the estimate stores it (the forecast's own stored line). */
export interface InterimForecastLine {
  id: string;
  municipalityCode: string;
  category: string;
  route: string | null;
  value: string;
  quantiles: Record<string, string> | null;
}

/** Everything an estimate is computed from, stored with it (canonical JSON, hashed). */
export interface InterimInputs {
  version: string;
  /**
   * The inputs of the allocation run a decision makes: register, mergers, rates in force, base
   * amounts and rule read when the estimate was started, with the counts at the chosen level.
   */
  allocation: RunInputs;
  /** Where the counts come from: a forecast at a level (MEAN = its point), or the counts in force on the rule's basis. */
  source:
    { kind: 'FORECAST'; forecastId: string; forecastInputHash: string; methodVersion: string; level: string } | { kind: 'COUNTS_IN_FORCE' };
  /** The forecast's lines (null for COUNTS_IN_FORCE: every level is then the counts in force). */
  forecastLines: InterimForecastLine[] | null;
  /** The advance plan version the estimate is set against, and per municipality its tranches so far. */
  plan: {
    id: string;
    version: number;
    allocationRunId: string;
    advanceRate: string;
    lines: { municipalityCode: string; paid: string; planned: string }[];
  };
}

export interface InterimLine {
  municipalityCode: string;
  /** Tranches paid (cash and offset) when the estimate was made. */
  paid: Decimal;
  /** Paid plus every tranche still planned in the current plan version: what the year pays if nothing is decided. */
  planned: Decimal;
  /** Entitlement at the chosen level (what a decision's INTERIM run grants). */
  entitled: Decimal;
  /** Entitlement at the 10/50/90 % counts. */
  entitledAt: Record<InterimLevel, Decimal>;
  /** A_i(new) = round(advanceRate × entitled): the advance a decision revises the plan to. */
  newAdvance: Decimal;
}

export interface InterimResult {
  lines: InterimLine[];
  budget: Decimal;
  total: Decimal;
  totalAt: Record<InterimLevel, Decimal>;
  paid: Decimal;
  planned: Decimal;
  newAdvance: Decimal;
}

/** The counts at a level: a forecast line's quantile (MEAN: its point value; a line without quantiles: its value). */
export function countsAtLevel(year: number, lines: readonly InterimForecastLine[], level: string): RunInputs['counts'] {
  return lines.map((l) => ({
    id: `forecast-line:${l.id}`,
    municipalityCode: l.municipalityCode,
    periodType: 'YEAR',
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    category: l.category,
    route: l.route,
    value: level === 'MEAN' ? l.value : money(l.quantiles?.[level] ?? l.value).toFixed(6),
  }));
}

const byLevel = <T>(f: (q: InterimLevel) => T): Record<InterimLevel, T> =>
  Object.fromEntries(INTERIM_LEVELS.map((q) => [q, f(q)])) as Record<InterimLevel, T>;

/**
 * The mid-year re-estimate from its stored inputs alone (pure): the allocation calculator on the
 * counts at the chosen level and at 10/50/90 % (a CLOSED budget apportioned to the unit by largest
 * remainder, an OPEN_ENDED one rounded once per municipality, exactly as a run), the new advance
 * per municipality, and national totals as sums of the rounded lines, so parts sum to totals.
 */
export function calculateInterim(inputs: InterimInputs): InterimResult {
  const year = inputs.allocation.scheme.year;
  const unitScale = inputs.allocation.scheme.unitScale;
  const entitlements = (counts: RunInputs['counts']): Map<string, Decimal> =>
    new Map(calculateFromInputs({ ...inputs.allocation, counts }).lines.map((l) => [l.municipalityCode, l.amount]));
  const chosen = entitlements(inputs.allocation.counts);
  const at = byLevel((q) => (inputs.forecastLines === null ? chosen : entitlements(countsAtLevel(year, inputs.forecastLines, q))));
  const rate = money(inputs.plan.advanceRate);
  const planOf = new Map(inputs.plan.lines.map((l) => [l.municipalityCode, l]));
  const codes = [...new Set([...chosen.keys(), ...planOf.keys()])].sort();
  const lines = codes.map((code): InterimLine => {
    const entitled = chosen.get(code) ?? ZERO;
    return {
      municipalityCode: code,
      paid: money(planOf.get(code)?.paid ?? '0'),
      planned: money(planOf.get(code)?.planned ?? '0'),
      entitled,
      entitledAt: byLevel((q) => at[q].get(code) ?? ZERO),
      newAdvance: advanceAmount(entitled, rate, unitScale),
    };
  });
  const total = (f: (l: InterimLine) => Decimal) => lines.reduce((acc, l) => acc.plus(f(l)), ZERO);
  return {
    lines,
    budget: money(inputs.allocation.scheme.budget),
    total: total((l) => l.entitled),
    totalAt: byLevel((q) => total((l) => l.entitledAt[q])),
    paid: total((l) => l.paid),
    planned: total((l) => l.planned),
    newAdvance: total((l) => l.newAdvance),
  };
}

/** The canonical output of an estimate (hashed as `output_hash`). */
export function interimOutput(result: InterimResult, unitScale: number): unknown {
  const f = (d: Decimal) => d.toFixed(unitScale);
  return {
    lines: result.lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      paid: f(l.paid),
      planned: f(l.planned),
      entitled: f(l.entitled),
      entitledP10: f(l.entitledAt['0.1']),
      entitledP50: f(l.entitledAt['0.5']),
      entitledP90: f(l.entitledAt['0.9']),
      newAdvance: f(l.newAdvance),
    })),
    total: f(result.total),
    totalP10: f(result.totalAt['0.1']),
    totalP50: f(result.totalAt['0.5']),
    totalP90: f(result.totalAt['0.9']),
  };
}

export const interimOutputJson = (result: InterimResult, unitScale: number): string => canonicalJson(interimOutput(result, unitScale));
