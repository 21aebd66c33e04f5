import Decimal from 'decimal.js';
import { money, ZERO } from '../../common/money/money';
import { calculateFromInputs, type RunInputs } from '../allocations/pure';
import { mergersByDissolved, successorOn } from '../municipalities/pure';
import { shrinkageForecast } from './shrinkage.calculator';

/** Version of the comparison's formulas, stored with every comparison (decision 1311). */
export const KEY_COMPARISON_VERSION = 'key-comparison/1';

/** The attribution rules whose REGISTERED counts are candidate keys (last year's counts). */
export const KEY_RULES = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'] as const;

/** The candidate keys, in the order shown. */
export const CANDIDATE_KEYS = [
  'TAAKSTELLING',
  ...KEY_RULES.map((r) => `REGISTERED_${r}`),
  'POPULATION_SHARE',
  'COUNTS_TWO_YEARS_EARLIER',
  'SHRINKAGE_EB_MEDIAN',
] as const;

/** A yearly count as stored in the inputs. */
export interface KeyCount {
  municipalityCode: string;
  category: string;
  route: string | null;
  value: string;
}

export interface KeyComparisonInputs {
  version: string;
  /** Register, mergers, rates, rule, budget and base amounts of the scheme-year (counts empty). */
  base: RunInputs;
  years: number[];
  /** The attribution rule of the final entitlement (the settlement's counts). */
  finalRule: string;
  /** `TAAKSTELLING` or `REGISTERED:{rule}` → year → the yearly counts of that year. */
  counts: Record<string, Record<string, KeyCount[]>>;
  /** Inhabitants of every municipality in the register (population share, size classes). */
  population: { code: string; population: number }[];
}

export interface KeyYear {
  year: number;
  advance: Decimal;
  final: Decimal;
}

export interface KeyLine {
  key: string;
  municipalityCode: string;
  years: KeyYear[];
  /** Mean |advance_t − advance_{t−1}| over consecutive backtest years (0 with one year). */
  volatility: Decimal;
  /** Σ_t |final − advance|: the settlement size the key would have produced. */
  absSettlement: Decimal;
  /** Σ_t (final − advance): > 0 net additional payments, < 0 net recoveries. */
  netSettlement: Decimal;
}

export interface KeySummary {
  key: string;
  advance: Decimal;
  final: Decimal;
  absSettlement: Decimal;
  netSettlement: Decimal;
  /** Σ volatility over municipalities. */
  volatility: Decimal;
  /** Σ|final − advance| / Σ final (null when Σ final is 0). */
  relativeError: Decimal | null;
  /** Years for which the key had counts (a key without counts in a year advances nothing). */
  yearsWithCounts: number;
}

const seriesOf = (c: KeyCount) => `${c.category}|${c.route ?? ''}`;

/**
 * The counts each candidate key advances on for year t (all known before t), mapped to the
 * municipalities of the scheme-year: TAAKSTELLING of t; REGISTERED_{rule}: that rule's counts of
 * t−1; POPULATION_SHARE: the national count of t−1 (final rule) per series × inhabitants share;
 * COUNTS_TWO_YEARS_EARLIER: the final rule's counts of t−2; SHRINKAGE_EB_MEDIAN: the 50 % quantile
 * of SHRINKAGE_EB on the final rule's counts of t−5 .. t−1 (null with fewer than 2 of those years).
 */
export function keyCounts(inputs: KeyComparisonInputs, key: string, t: number): KeyCount[] | null {
  const final = `REGISTERED:${inputs.finalRule}`;
  const of = (source: string, year: number): KeyCount[] | null => inputs.counts[source]?.[String(year)] ?? null;
  if (key === 'TAAKSTELLING') {
    return of('TAAKSTELLING', t);
  }
  if (key.startsWith('REGISTERED_')) {
    return of(`REGISTERED:${key.slice('REGISTERED_'.length)}`, t - 1);
  }
  if (key === 'COUNTS_TWO_YEARS_EARLIER') {
    return of(final, t - 2);
  }
  if (key === 'POPULATION_SHARE') {
    const last = of(final, t - 1);
    if (last === null) {
      return null;
    }
    const national = new Map<string, Decimal>();
    for (const c of last) {
      national.set(seriesOf(c), (national.get(seriesOf(c)) ?? ZERO).plus(money(c.value)));
    }
    const people = inputs.population.reduce((a, m) => a + m.population, 0);
    return [...national.entries()].flatMap(([series, total]) => {
      const [category, route] = series.split('|') as [string, string];
      return inputs.population.map((m) => ({
        municipalityCode: m.code,
        category,
        route: route === '' ? null : route,
        value: total.times(m.population).div(people).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6),
      }));
    });
  }
  if (key === 'SHRINKAGE_EB_MEDIAN') {
    const years = [t - 5, t - 4, t - 3, t - 2, t - 1].filter((y) => of(final, y) !== null);
    if (years.length < 2) {
      return null;
    }
    const byDissolved = mergersByDissolved(inputs.base.mergers);
    const history = years.flatMap((y) =>
      (of(final, y) ?? []).map((c) => ({
        municipalityCode: successorOn(byDissolved, c.municipalityCode, `${inputs.base.scheme.year}-01-01`),
        series: seriesOf(c),
        year: y,
        value: money(c.value),
      })),
    );
    return shrinkageForecast({ years, history, municipalities: inputs.population }).map((l) => {
      const [category, route] = l.series.split('|') as [string, string];
      return { municipalityCode: l.municipalityCode, category, route: route === '' ? null : route, value: l.quantiles['0.5'] ?? '0' };
    });
  }
  throw new Error(`unknown key ${key}`);
}

/**
 * Which key (issue 18.5): for every candidate key and backtest year, the amount each municipality
 * would have been advanced (the allocation calculator on the key's counts: a CLOSED budget
 * apportioned by largest remainder, OPEN_ENDED rounded once per municipality) against the final
 * entitlement on the final rule's counts of that year; per municipality the volatility across years,
 * the advance error and the settlement; nationally per key the sums. Pure: the same inputs give
 * the same output. Counts are dated in the scheme-year, so history lands on today's municipalities.
 */
export function compareKeys(inputs: KeyComparisonInputs): { lines: KeyLine[]; summary: KeySummary[] } {
  const Y = inputs.base.scheme.year;
  const amountsOf = (counts: KeyCount[]): Map<string, Decimal> =>
    new Map(
      calculateFromInputs({
        ...inputs.base,
        counts: counts.map((c, i) => ({
          id: `key:${i}`,
          municipalityCode: c.municipalityCode,
          periodType: 'YEAR',
          periodStart: `${Y}-01-01`,
          periodEnd: `${Y}-12-31`,
          category: c.category,
          route: c.route,
          value: c.value,
        })),
      }).lines.map((l) => [l.municipalityCode, l.amount]),
    );
  const finals = new Map(inputs.years.map((t) => [t, amountsOf(inputs.counts[`REGISTERED:${inputs.finalRule}`]?.[String(t)] ?? [])]));
  const codes = [...new Set([...inputs.base.municipalities, ...[...finals.values()].flatMap((m) => [...m.keys()])])].sort();
  const lines: KeyLine[] = [];
  const summary: KeySummary[] = [];
  for (const key of CANDIDATE_KEYS) {
    let yearsWithCounts = 0;
    const advances = new Map(
      inputs.years.map((t) => {
        const counts = keyCounts(inputs, key, t);
        if (counts !== null) {
          yearsWithCounts += 1;
        }
        return [t, amountsOf(counts ?? [])];
      }),
    );
    const keyLines = codes.map((code): KeyLine => {
      const years = inputs.years.map((t) => ({
        year: t,
        advance: advances.get(t)!.get(code) ?? ZERO,
        final: finals.get(t)!.get(code) ?? ZERO,
      }));
      const steps = years.slice(1).map((y, i) => y.advance.minus(years[i]!.advance).abs());
      return {
        key,
        municipalityCode: code,
        years,
        volatility: steps.length === 0 ? ZERO : steps.reduce((a, b) => a.plus(b), ZERO).div(steps.length),
        absSettlement: years.reduce((a, y) => a.plus(y.final.minus(y.advance).abs()), ZERO),
        netSettlement: years.reduce((a, y) => a.plus(y.final.minus(y.advance)), ZERO),
      };
    });
    const total = (f: (l: KeyLine) => Decimal) => keyLines.reduce((a, l) => a.plus(f(l)), ZERO);
    const final = total((l) => l.years.reduce((a, y) => a.plus(y.final), ZERO));
    const absSettlement = total((l) => l.absSettlement);
    summary.push({
      key,
      advance: total((l) => l.years.reduce((a, y) => a.plus(y.advance), ZERO)),
      final,
      absSettlement,
      netSettlement: total((l) => l.netSettlement),
      volatility: total((l) => l.volatility),
      relativeError: final.isZero() ? null : absSettlement.div(final),
      yearsWithCounts,
    });
    lines.push(...keyLines);
  }
  return { lines, summary };
}

/** The canonical output (stored, hashed): amounts to the unit, statistics to 6 decimals. */
export function keyComparisonOutput(result: { lines: KeyLine[]; summary: KeySummary[] }, unitScale: number) {
  const f = (d: Decimal) => d.toFixed(unitScale);
  const r6 = (d: Decimal) => d.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6);
  return {
    summary: result.summary.map((s) => ({
      key: s.key,
      advance: f(s.advance),
      final: f(s.final),
      absSettlement: f(s.absSettlement),
      netSettlement: f(s.netSettlement),
      volatility: r6(s.volatility),
      relativeError: s.relativeError === null ? null : r6(s.relativeError),
      yearsWithCounts: s.yearsWithCounts,
    })),
    lines: result.lines.map((l) => ({
      key: l.key,
      municipalityCode: l.municipalityCode,
      years: l.years.map((y) => ({ year: y.year, advance: f(y.advance), final: f(y.final) })),
      volatility: r6(l.volatility),
      absSettlement: f(l.absSettlement),
      netSettlement: f(l.netSettlement),
    })),
  };
}
