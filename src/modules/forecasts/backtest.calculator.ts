import Decimal from 'decimal.js';
import { Money, ZERO } from '../../common/money/money';
import { sizeClassOf, SIZE_CLASSES, type SizeClass } from './shrinkage.calculator';

/** Central intervals reported by a backtest: name → [lower level, upper level] of the stored quantiles. */
export const INTERVALS = { '50': ['0.25', '0.75'], '80': ['0.1', '0.9'], '90': ['0.05', '0.95'] } as const;
export type IntervalName = keyof typeof INTERVALS;

export interface BacktestForecastLine {
  year: number;
  municipalityCode: string;
  category: string;
  route: string | null;
  value: Decimal;
  quantiles: Record<string, string> | null;
}

export interface BacktestActual {
  year: number;
  municipalityCode: string;
  category: string;
  route: string | null;
  value: Decimal;
}

export interface BacktestRow {
  year: number;
  municipalityCode: string;
  category: string;
  route: string | null;
  sizeClass: SizeClass;
  forecast: Decimal;
  actual: Decimal;
  /** forecast − actual. */
  error: Decimal;
  absError: Decimal;
  /** |error| / actual, 6 decimals; null when the actual is zero. */
  relError: Decimal | null;
  /** Whether the actual lies inside each interval (lower ≤ actual ≤ upper); null without quantiles. */
  inside: Record<IntervalName, boolean> | null;
  /** The stored forecast line's quantiles (level → count), as stored; null without quantiles or without a forecast line. */
  quantiles: Record<string, string> | null;
}

export interface BacktestSummary {
  sizeClass: SizeClass | 'ALL';
  lines: number;
  sumActual: Decimal;
  sumAbsError: Decimal;
  /** Σ|error| / Σactual, 6 decimals (weighted absolute percentage error); null when Σactual is 0. */
  wape: Decimal | null;
  /** Share of lines inside each interval, 6 decimals; null when no line has quantiles. */
  coverage: Record<IntervalName, Decimal> | null;
}

const keyOf = (l: { year: number; municipalityCode: string; category: string; route: string | null }) =>
  `${l.year}|${l.municipalityCode}|${l.category}|${l.route ?? ''}`;

/**
 * Compares stored forecasts with what happened, line by line (year, municipality, category,
 * route): a key on one side only counts as zero on the other. Pure.
 */
export function compareBacktest(
  forecasts: readonly BacktestForecastLine[],
  actuals: readonly BacktestActual[],
  population: ReadonlyMap<string, number>,
): BacktestRow[] {
  const f = new Map(forecasts.map((l) => [keyOf(l), l]));
  const a = new Map<string, BacktestActual>();
  for (const x of actuals) {
    const k = keyOf(x);
    const prev = a.get(k);
    a.set(k, prev ? { ...prev, value: prev.value.plus(x.value) } : x);
  }
  const keys = [...new Set([...f.keys(), ...a.keys()])].sort();
  return keys.map((k) => {
    const fl = f.get(k);
    const al = a.get(k);
    const base = (fl ?? al) as BacktestActual;
    const forecast = fl?.value ?? ZERO;
    const actual = al?.value ?? ZERO;
    const error = forecast.minus(actual);
    const q = fl?.quantiles ?? null;
    const inside = q
      ? (Object.fromEntries(
          (Object.keys(INTERVALS) as IntervalName[]).map((name) => {
            const [lo, hi] = INTERVALS[name];
            return [name, actual.gte(new Money(q[lo] ?? '0')) && actual.lte(new Money(q[hi] ?? '0'))];
          }),
        ) as Record<IntervalName, boolean>)
      : null;
    return {
      year: base.year,
      municipalityCode: base.municipalityCode,
      category: base.category,
      route: base.route,
      sizeClass: sizeClassOf(population.get(base.municipalityCode) ?? 0),
      forecast,
      actual,
      error,
      absError: error.abs(),
      relError: actual.isZero() ? null : error.abs().div(actual).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
      inside,
      quantiles: q,
    };
  });
}

/** Totals per size class and overall ('ALL' first). */
export function summariseBacktest(rows: readonly BacktestRow[]): BacktestSummary[] {
  const groups: (SizeClass | 'ALL')[] = ['ALL', ...SIZE_CLASSES];
  return groups
    .map((g) => {
      const rs = rows.filter((r) => g === 'ALL' || r.sizeClass === g);
      const sumActual = rs.reduce((acc, r) => acc.plus(r.actual), ZERO);
      const sumAbsError = rs.reduce((acc, r) => acc.plus(r.absError), ZERO);
      const withQ = rs.filter((r) => r.inside !== null);
      const coverage =
        withQ.length === 0
          ? null
          : (Object.fromEntries(
              (Object.keys(INTERVALS) as IntervalName[]).map((name) => [
                name,
                new Money(withQ.filter((r) => r.inside?.[name]).length).div(withQ.length).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
              ]),
            ) as Record<IntervalName, Decimal>);
      return {
        sizeClass: g,
        lines: rs.length,
        sumActual,
        sumAbsError,
        wape: sumActual.isZero() ? null : sumAbsError.div(sumActual).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
        coverage,
      };
    })
    .filter((s) => s.lines > 0);
}
