import fc from 'fast-check';
import { money } from '../../common/money/money';
import { nationalTrend, QUANTILE_LEVELS, shrinkageForecast, sizeClassOf } from './shrinkage.calculator';

/** Smallest k with P(K ≤ k) ≥ level for K ~ NB(r, p) (failures before the r-th success), by summing the pmf: independent of stdlib. */
function nbQuantileByHand(level: number, r: number, p: number): number {
  let pmf = Math.pow(p, r);
  let cdf = pmf;
  let k = 0;
  while (cdf < level - 1e-12) {
    pmf = (pmf * (k + r) * (1 - p)) / (k + 1);
    k += 1;
    cdf += pmf;
  }
  return k;
}

describe('nationalTrend', () => {
  it.each([
    // totals, forecast, relSd
    [[100, 100], 100, 0.15],
    [[100, 120, 140], 150, 0.15],
    [[100, 0], 0, 0.15],
  ])('%j → %d', (totals, forecast, relSd) => {
    const t = nationalTrend(totals);
    expect(t.forecast).toBeCloseTo(forecast, 9);
    expect(t.relSd).toBeCloseTo(relSd, 9);
  });

  it('measures the one-step relative error inside the window', () => {
    // one-step: t=2 from [100,120] → 130, actual 110 → -20/110; t=3 from [100,120,110] → 112.5, actual 150 → 37.5/150
    const t = nationalTrend([100, 120, 110, 150]);
    expect(t.relSd).toBeCloseTo(Math.sqrt(((20 / 110) ** 2 + (37.5 / 150) ** 2) / 2), 12);
    expect(t.forecast).toBeCloseTo(150 + 0.5 * (50 / 3), 9);
  });
});

describe('sizeClassOf', () => {
  it.each([
    [19_999, 'UNDER_20K'],
    [20_000, 'FROM_20K_TO_50K'],
    [49_999, 'FROM_20K_TO_50K'],
    [50_000, 'FROM_50K_TO_100K'],
    [99_999, 'FROM_50K_TO_100K'],
    [100_000, 'FROM_100K'],
  ])('%d inhabitants → %s', (pop, cls) => expect(sizeClassOf(pop)).toBe(cls));
});

describe('shrinkageForecast', () => {
  const municipalities = [
    { code: 'GM0001', population: 10_000 },
    { code: 'GM0002', population: 10_000 },
    { code: 'GM0003', population: 5_000 },
    { code: 'GM0004', population: 15_000 },
  ];
  const counts: Record<string, number[]> = { GM0001: [10, 12, 14], GM0002: [2, 3, 1], GM0003: [8, 9, 7], GM0004: [6, 6, 6] };
  const history = Object.entries(counts).flatMap(([code, xs]) =>
    xs.map((v, i) => ({ municipalityCode: code, series: 'ASIELSTATUSHOUDER|', year: 2020 + i, value: money(String(v)) })),
  );

  it('equals the Poisson–gamma posterior mean times the national trend, with negative-binomial quantiles', () => {
    const lines = shrinkageForecast({ years: [2020, 2021, 2022], history, municipalities });
    // Independent computation: one size class (all under 20k).
    const X = Object.values(counts).map((xs) => xs.reduce((a, b) => a + b, 0)); // 36, 6, 24, 18
    const sumX = 84;
    const pops = municipalities.map((m) => m.population);
    const E = pops.map((p) => (p * sumX) / 40_000); // 21, 21, 10.5, 31.5
    const s2 = E.reduce((a, e, i) => a + e * ((X[i] as number) / e - 1) ** 2, 0) / sumX;
    const v = s2 - 1 / (sumX / 4);
    const alpha = 1 / v;
    const totals = [26, 30, 28];
    const nHat = 28 + 0.5 * ((28 - 26) / 2); // 28.5
    expect(lines.map((l) => l.municipalityCode)).toEqual(['GM0001', 'GM0002', 'GM0003', 'GM0004']);
    lines.forEach((line, i) => {
      const lambda = (alpha + (X[i] as number)) / (alpha + (E[i] as number));
      const mean = (lambda * (E[i] as number) * nHat) / totals.reduce((a, b) => a + b, 0);
      expect(line.value.toFixed(6)).toBe(mean.toFixed(6));
      const r = 1 / (1 / (alpha + (X[i] as number)) + 0.15 ** 2);
      for (const level of QUANTILE_LEVELS) {
        expect(line.quantiles[String(level)]).toBe(String(nbQuantileByHand(level, r, r / (r + mean))));
      }
    });
    // Shrinkage: the high municipality's share is pulled down, the low one's up, toward the class rate.
    const share = (i: number) => Number(lines[i]!.value.toFixed(6)) / nHat;
    expect(share(0)).toBeLessThan(36 / 84);
    expect(share(1)).toBeGreaterThan(6 / 84);
  });

  it('is deterministic, with ordered quantiles and finite values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 4, maxLength: 4 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.integer({ min: 1_000, max: 300_000 }), { minLength: 5, maxLength: 5 }),
        (grid, pops) => {
          const munis = pops.map((p, i) => ({ code: `GM${String(i + 1).padStart(4, '0')}`, population: p }));
          const h = grid.flatMap((xs, i) =>
            xs.map((v, y) => ({ municipalityCode: munis[i]!.code, series: 'S|', year: 2020 + y, value: money(String(v)) })),
          );
          const years = [2020, 2021, 2022, 2023];
          const a = shrinkageForecast({ years, history: h, municipalities: munis });
          const b = shrinkageForecast({ years, history: h, municipalities: munis });
          expect(a).toEqual(b);
          for (const l of a) {
            const qs = QUANTILE_LEVELS.map((q) => Number(l.quantiles[String(q)]));
            expect([...qs].sort((x, y) => x - y)).toEqual(qs);
          }
          const totals = years.map((_, y) => grid.reduce((acc, xs) => acc + (xs[y] as number), 0));
          if (totals.reduce((x, y) => x + y, 0) > 0) {
            const sum = a.reduce((acc, l) => acc + Number(l.value.toFixed(6)), 0);
            // Each class's posterior means need not sum exactly to the class total; the sum is close, not equal.
            expect(sum).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(sum)).toBe(true);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses fewer than two years', () => {
    expect(() => shrinkageForecast({ years: [2022], history, municipalities })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
