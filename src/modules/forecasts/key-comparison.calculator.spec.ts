import type { RunInputs } from '../allocations/pure';
import { compareKeys, KEY_COMPARISON_VERSION, keyCounts, type KeyComparisonInputs, type KeyCount } from './key-comparison.calculator';

const base: RunInputs = {
  scheme: { code: 'T', year: 2026, budgetMode: 'OPEN_ENDED', budget: '1000.00', unitScale: 2, usesRoutes: false },
  rule: {
    id: 'r',
    ruleKey: 'T-REG',
    version: 1,
    basis: 'REGISTERED',
    attributionRule: 'PEILDATUM',
    referenceDate: null,
    categories: [{ category: 'ASIELSTATUSHOUDER', route: null }],
    useBaseAmounts: false,
  },
  referenceDate: '2026-01-01',
  municipalities: ['GM0001', 'GM0002'],
  mergers: [],
  rates: [{ id: '1', category: 'ASIELSTATUSHOUDER', route: null, validFrom: '2026-01-01', amount: '10.00' }],
  counts: [],
  baseAmounts: null,
};
const c = (m: string, value: string): KeyCount => ({ municipalityCode: m, category: 'ASIELSTATUSHOUDER', route: null, value });
const inputs: KeyComparisonInputs = {
  version: KEY_COMPARISON_VERSION,
  base,
  years: [2025, 2026],
  finalRule: 'PEILDATUM',
  counts: {
    TAAKSTELLING: { '2025': [c('GM0001', '3'), c('GM0002', '3')], '2026': [c('GM0001', '5'), c('GM0002', '1')] },
    'REGISTERED:PEILDATUM': {
      '2023': [c('GM0001', '1'), c('GM0002', '1')],
      '2024': [c('GM0001', '2'), c('GM0002', '4')],
      '2025': [c('GM0001', '4'), c('GM0002', '2')],
      '2026': [c('GM0001', '6'), c('GM0002', '0')],
    },
  },
  population: [
    { code: 'GM0001', population: 30000 },
    { code: 'GM0002', population: 10000 },
  ],
};

describe('compareKeys', () => {
  const { lines, summary } = compareKeys(inputs);
  const line = (key: string, m: string) => lines.find((l) => l.key === key && l.municipalityCode === m)!;
  const s = (key: string) => summary.find((x) => x.key === key)!;

  it('advances each key on what was known before the year, against the same final entitlement', () => {
    // TAAKSTELLING of the year: GM0001 30.00 then 50.00; final (PEILDATUM of the year) 40.00 then 60.00.
    expect(line('TAAKSTELLING', 'GM0001').years.map((y) => [y.advance.toFixed(2), y.final.toFixed(2)])).toEqual([
      ['30.00', '40.00'],
      ['50.00', '60.00'],
    ]);
    // Last year's registered counts: 2024 for 2025, 2025 for 2026.
    expect(line('REGISTERED_PEILDATUM', 'GM0002').years.map((y) => y.advance.toFixed(2))).toEqual(['40.00', '20.00']);
    // Two years earlier: 2023 for 2025, 2024 for 2026.
    expect(line('COUNTS_TWO_YEARS_EARLIER', 'GM0001').years.map((y) => y.advance.toFixed(2))).toEqual(['10.00', '20.00']);
    // Population share of last year's national count (6): 3/4 and 1/4.
    expect(keyCounts(inputs, 'POPULATION_SHARE', 2026)).toEqual([c('GM0001', '4.500000'), c('GM0002', '1.500000')]);
    // Keys without counts advance nothing and say so.
    expect(s('REGISTERED_FIRST_OF_MONTH')).toMatchObject({ yearsWithCounts: 0 });
    expect(new Set(summary.map((x) => x.final.toFixed(2)))).toEqual(new Set(['120.00']));
  });

  it('volatility, settlements and national sums', () => {
    const tk = line('TAAKSTELLING', 'GM0001');
    expect(tk.volatility.toFixed(2)).toBe('20.00');
    expect(tk.absSettlement.toFixed(2)).toBe('20.00');
    expect(tk.netSettlement.toFixed(2)).toBe('20.00');
    // GM0002: advances 30, 10; finals 20, 0 → settlements −10, −10.
    expect(line('TAAKSTELLING', 'GM0002').netSettlement.toFixed(2)).toBe('-20.00');
    expect(s('TAAKSTELLING')).toMatchObject({ yearsWithCounts: 2 });
    expect(s('TAAKSTELLING').absSettlement.toFixed(2)).toBe('40.00');
    expect(s('TAAKSTELLING').netSettlement.toFixed(2)).toBe('0.00');
    expect(s('TAAKSTELLING').relativeError!.toFixed(6)).toBe('0.333333');
  });
});
