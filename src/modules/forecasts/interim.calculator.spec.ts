import { money } from '../../common/money/money';
import type { RunInputs } from '../allocations/pure';
import { calculateInterim, INTERIM_ESTIMATE_VERSION, type InterimForecastLine, type InterimInputs } from './interim.calculator';

const CODES = ['GM0001', 'GM0002', 'GM0003', 'GM0004'];

function inputs(budgetMode: 'CLOSED' | 'OPEN_ENDED', lines: InterimForecastLine[], level: string): InterimInputs {
  const allocation: RunInputs = {
    scheme: { code: 'T', year: 2026, budgetMode, budget: '10.00', unitScale: 2, usesRoutes: false },
    rule: {
      id: 'r',
      ruleKey: 'T-FORECAST',
      version: 1,
      basis: 'FORECAST',
      attributionRule: null,
      referenceDate: null,
      categories: [{ category: 'ASIELSTATUSHOUDER', route: null }],
      useBaseAmounts: false,
    },
    referenceDate: '2026-01-01',
    municipalities: CODES,
    mergers: [],
    rates: [{ id: '1', category: 'ASIELSTATUSHOUDER', route: null, validFrom: '2026-01-01', amount: '1.00' }],
    counts: [],
    baseAmounts: null,
  };
  const withCounts = {
    ...allocation,
    counts: lines.map((l) => ({
      id: `forecast-line:${l.id}`,
      municipalityCode: l.municipalityCode,
      periodType: 'YEAR',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      category: l.category,
      route: l.route,
      value: level === 'MEAN' ? l.value : (l.quantiles?.[level] ?? l.value),
    })),
  };
  return {
    version: INTERIM_ESTIMATE_VERSION,
    allocation: withCounts,
    source: { kind: 'FORECAST', forecastId: 'f', forecastInputHash: 'h', methodVersion: 'shrinkage-eb/1', level },
    forecastLines: lines,
    plan: {
      id: 'p',
      version: 1,
      allocationRunId: 'run',
      advanceRate: '1',
      lines: CODES.map((m) => ({ municipalityCode: m, paid: '1.00', planned: '2.50' })),
    },
  };
}

// DOMAIN.md's apportionment example at the median (weights 1, 1, 1, 3), other weights at 10 and 90 %.
const LINES: InterimForecastLine[] = [
  ['GM0003', '1', '0', '2'],
  ['GM0002', '1', '1', '1'],
  ['GM0001', '1', '1', '4'],
  ['GM0004', '3', '2', '3'],
].map(([m, q50, q10, q90], i) => ({
  id: String(i + 1),
  municipalityCode: m!,
  category: 'ASIELSTATUSHOUDER',
  route: null,
  value: '1.500000',
  quantiles: { '0.1': q10!, '0.5': q50!, '0.9': q90! },
}));

describe('calculateInterim', () => {
  it('apportions a closed budget at every level by largest remainder, parts summing to the budget to the cent', () => {
    const r = calculateInterim(inputs('CLOSED', LINES, '0.5'));
    const at = (f: (l: (typeof r.lines)[number]) => string) => Object.fromEntries(r.lines.map((l) => [l.municipalityCode, f(l)]));
    expect(at((l) => l.entitled.toFixed(2))).toEqual({ GM0001: '1.67', GM0002: '1.67', GM0003: '1.66', GM0004: '5.00' });
    expect(at((l) => l.entitledAt['0.5'].toFixed(2))).toEqual({ GM0001: '1.67', GM0002: '1.67', GM0003: '1.66', GM0004: '5.00' });
    // 10 %: weights 1, 1, 0, 2 → 2.50, 2.50, 0.00 (zero weight gets exactly zero), 5.00.
    expect(at((l) => l.entitledAt['0.1'].toFixed(2))).toEqual({ GM0001: '2.50', GM0002: '2.50', GM0003: '0.00', GM0004: '5.00' });
    // 90 %: weights 4, 1, 2, 3 → 4.00, 1.00, 2.00, 3.00.
    expect(at((l) => l.entitledAt['0.9'].toFixed(2))).toEqual({ GM0001: '4.00', GM0002: '1.00', GM0003: '2.00', GM0004: '3.00' });
    for (const total of [r.total, r.totalAt['0.1'], r.totalAt['0.5'], r.totalAt['0.9']]) {
      expect(total.toFixed(2)).toBe('10.00');
    }
    expect(r.planned.toFixed(2)).toBe('10.00');
    expect(r.paid.toFixed(2)).toBe('4.00');
    expect(r.newAdvance.toFixed(2)).toBe('10.00');
  });

  it('open-ended: rate × count rounded once per municipality; the total is the sum of the rounded lines', () => {
    const r = calculateInterim(inputs('OPEN_ENDED', LINES, 'MEAN'));
    expect(r.lines.map((l) => l.entitled.toFixed(2))).toEqual(['1.50', '1.50', '1.50', '1.50']);
    expect(r.total.toFixed(2)).toBe('6.00');
    expect(r.totalAt['0.9'].toFixed(2)).toBe(money('10.00').toFixed(2));
  });
});
