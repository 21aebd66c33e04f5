import Decimal from 'decimal.js';
import type nbQuantileType from '@stdlib/stats-base-dists-negative-binomial-quantile';
import { DomainError } from '../../common/errors/domain-error';
import { Money } from '../../common/money/money';

// @stdlib's quantile (some 300 modules) is loaded by the first forecast, not when the server starts
// (decision 1840).
let nbQuantileFn: typeof nbQuantileType | undefined;
const negativeBinomialQuantile = (): typeof nbQuantileType =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (nbQuantileFn ??= require('@stdlib/stats-base-dists-negative-binomial-quantile') as typeof nbQuantileType);

/**
 * SHRINKAGE_EB: empirical-Bayes (Poisson–gamma) shrinkage of each municipality's share of the
 * national count toward its size class, times a damped-trend forecast of the national count, with
 * a negative-binomial predictive distribution (docs/forecasting.md has the formulas). Pure: no I/O.
 *
 * Counts are persons (or person-years), not money: the estimation runs in doubles and only the
 * published values are rounded, once, to 6 decimals (quantiles are whole counts, the negative
 * binomial's support). The quantile function is stdlib's, not ours.
 */
export const SHRINKAGE_EB_VERSION = 'shrinkage-eb/1';

/** The predictive quantiles stored with every line; 10/50/90 are also columns of the GraphQL type. */
export const QUANTILE_LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;

/** Damping of the national trend: half the average yearly change of the window is carried forward. */
export const TREND_DAMPING = 0.5;

/** Relative error of the national trend when the window is too short to measure it (fewer than two one-step errors). */
export const DEFAULT_NATIONAL_REL_SD = 0.15;

/** Lower bound on the measured national relative error: a trend is never trusted to better than 5 %. */
export const MIN_NATIONAL_REL_SD = 0.05;

export type SizeClass = 'UNDER_20K' | 'FROM_20K_TO_50K' | 'FROM_50K_TO_100K' | 'FROM_100K';
export const SIZE_CLASSES: readonly SizeClass[] = ['UNDER_20K', 'FROM_20K_TO_50K', 'FROM_50K_TO_100K', 'FROM_100K'];

/** Size class by inhabitants (CBS's usual gemeentegrootteklassen, merged to four). */
export function sizeClassOf(population: number): SizeClass {
  if (population < 20_000) {
    return 'UNDER_20K';
  }
  if (population < 50_000) {
    return 'FROM_20K_TO_50K';
  }
  if (population < 100_000) {
    return 'FROM_50K_TO_100K';
  }
  return 'FROM_100K';
}

export interface HistoryValue {
  municipalityCode: string;
  /** `category|route` ('' for no route). */
  series: string;
  year: number;
  value: Decimal;
}

export interface PeerMunicipality {
  code: string;
  population: number;
}

export interface ShrinkageLine {
  municipalityCode: string;
  series: string;
  /** Predictive mean, 6 decimals. */
  value: Decimal;
  /** Level (e.g. '0.1') → whole count. */
  quantiles: Record<string, string>;
  explanation: string;
}

/**
 * Damped trend of the national totals (oldest first): last + φ · (last − first) / (K − 1), never
 * below zero, and the root-mean-square relative error of the same rule one step ahead inside the
 * window (floored at 5 %; 15 % when fewer than two such errors exist).
 */
export function nationalTrend(totals: readonly number[], damping = TREND_DAMPING): { forecast: number; relSd: number } {
  if (totals.length === 0) {
    throw new DomainError('BAD_USER_INPUT', 'no years to forecast from', { field: 'input.periods' });
  }
  const step = (xs: readonly number[]): number => {
    const last = xs[xs.length - 1] as number;
    const drift = xs.length > 1 ? (last - (xs[0] as number)) / (xs.length - 1) : 0;
    return Math.max(0, last + damping * drift);
  };
  const errors: number[] = [];
  for (let t = 2; t < totals.length; t += 1) {
    const actual = totals[t] as number;
    if (actual > 0) {
      errors.push((actual - step(totals.slice(0, t))) / actual);
    }
  }
  const relSd =
    errors.length < 2
      ? DEFAULT_NATIONAL_REL_SD
      : Math.max(MIN_NATIONAL_REL_SD, Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length));
  return { forecast: step(totals), relSd };
}

const round6 = (x: number): Decimal => new Money(x.toFixed(9)).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);

/**
 * Forecast for `year` from the history of the years `years` (all before `year`), for every
 * municipality in `municipalities` (the register on 1 January of `year`, history already mapped to
 * successors) and every series with history. Lines ordered by municipality, then series.
 */
export function shrinkageForecast(input: {
  years: readonly number[];
  history: readonly HistoryValue[];
  municipalities: readonly PeerMunicipality[];
  damping?: number;
}): ShrinkageLine[] {
  const { years } = input;
  if (years.length < 2) {
    throw new DomainError('BAD_USER_INPUT', 'SHRINKAGE_EB needs at least 2 years of history', { field: 'input.periods' });
  }
  const munis = [...input.municipalities].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const known = new Set(munis.map((m) => m.code));
  const classOf = new Map(munis.map((m) => [m.code, sizeClassOf(m.population)]));
  // series → municipality → year → value
  const bySeries = new Map<string, Map<string, Map<number, number>>>();
  for (const h of input.history) {
    if (!years.includes(h.year) || !known.has(h.municipalityCode)) {
      continue;
    }
    const s = bySeries.get(h.series) ?? new Map<string, Map<number, number>>();
    const m = s.get(h.municipalityCode) ?? new Map<number, number>();
    m.set(h.year, (m.get(h.year) ?? 0) + h.value.toNumber());
    s.set(h.municipalityCode, m);
    bySeries.set(h.series, s);
  }
  const lines: ShrinkageLine[] = [];
  for (const series of [...bySeries.keys()].sort()) {
    const perMuni = bySeries.get(series) as Map<string, Map<number, number>>;
    const totals = years.map((y) => [...perMuni.values()].reduce((a, m) => a + (m.get(y) ?? 0), 0));
    const sumN = totals.reduce((a, b) => a + b, 0);
    if (sumN <= 0) {
      continue;
    }
    const trend = nationalTrend(totals, input.damping ?? TREND_DAMPING);
    const X = new Map(munis.map((m) => [m.code, years.reduce((a, y) => a + (perMuni.get(m.code)?.get(y) ?? 0), 0)]));
    // Expected window count under the size class's count per inhabitant.
    const classRate = new Map<SizeClass, number>();
    for (const c of SIZE_CLASSES) {
      const members = munis.filter((m) => classOf.get(m.code) === c);
      const pop = members.reduce((a, m) => a + m.population, 0);
      classRate.set(c, pop > 0 ? members.reduce((a, m) => a + (X.get(m.code) as number), 0) / pop : 0);
    }
    const E = new Map(munis.map((m) => [m.code, m.population * (classRate.get(classOf.get(m.code) as SizeClass) as number)]));
    // Marshall's (1991) moment estimate of the prior variance of the relative rate, per class
    // (the prior mean is 1 by construction of E).
    const alpha = new Map<SizeClass, number>();
    for (const c of SIZE_CLASSES) {
      const members = munis.filter((m) => classOf.get(m.code) === c && (E.get(m.code) as number) > 0);
      const sumE = members.reduce((a, m) => a + (E.get(m.code) as number), 0);
      if (members.length === 0 || sumE <= 0) {
        continue;
      }
      const s2 = members.reduce((a, m) => {
        const e = E.get(m.code) as number;
        const smr = (X.get(m.code) as number) / e;
        return a + e * (smr - 1) ** 2;
      }, 0);
      const v = Math.max(1e-6, s2 / sumE - 1 / (sumE / members.length));
      alpha.set(c, 1 / v);
    }
    for (const m of munis) {
      const e = E.get(m.code) as number;
      const x = X.get(m.code) as number;
      const a0 = alpha.get(classOf.get(m.code) as SizeClass);
      if (e <= 0 || a0 === undefined) {
        if (x > 0) {
          // Cannot happen (a count makes its class rate positive), kept as a guard for the invariant.
          throw new DomainError('BAD_USER_INPUT', `no expectation for ${m.code}`, { field: 'input' });
        }
        continue;
      }
      const shape = a0 + x;
      const rate = a0 + e;
      const lambda = shape / rate;
      const mean = (lambda * e * trend.forecast) / sumN;
      const quantiles: Record<string, string> = {};
      let r = 0;
      if (mean > 0) {
        r = 1 / (1 / shape + trend.relSd ** 2);
        const p = r / (r + mean);
        const nbQuantile = negativeBinomialQuantile();
        for (const level of QUANTILE_LEVELS) {
          quantiles[String(level)] = String(nbQuantile(level, r, p));
        }
      } else {
        for (const level of QUANTILE_LEVELS) {
          quantiles[String(level)] = '0';
        }
      }
      lines.push({
        municipalityCode: m.code,
        series,
        value: round6(mean),
        quantiles,
        explanation:
          `X=${x.toFixed(6)} over ${years[0]}–${years[years.length - 1]}, E=${e.toFixed(6)} (${classOf.get(m.code)}), ` +
          `α=${a0.toPrecision(6)}, λ=(α+X)/(α+E)=${lambda.toPrecision(6)}, national ${sumN.toFixed(6)} → ${trend.forecast.toFixed(6)} ` +
          `(rel. sd ${trend.relSd.toFixed(4)}), mean=λ·E·N̂/ΣN=${mean.toFixed(6)}, NB r=${r.toPrecision(6)}`,
      });
    }
  }
  return lines.sort((a, b) =>
    a.municipalityCode < b.municipalityCode
      ? -1
      : a.municipalityCode > b.municipalityCode
        ? 1
        : a.series < b.series
          ? -1
          : a.series > b.series
            ? 1
            : 0,
  );
}
