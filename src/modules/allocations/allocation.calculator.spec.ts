import fc from 'fast-check';
import Decimal from 'decimal.js';
import { money } from '../../common/money/money';
import type { StoredCount } from '../counts';
import { calculateAllocation, percentChange, selectRates, successorOn, type AllocationCalcInput } from './allocation.calculator';

const rate = (id: string, category: string, amount: string, validFrom = '2026-01-01', route: string | null = null) => ({
  id,
  category,
  route,
  validFrom,
  amount: money(amount),
});
let nextId = 1;
const count = (code: string, category: string, value: string, extra: Partial<StoredCount> = {}): StoredCount => ({
  id: String(nextId++),
  municipalityCode: code,
  periodType: 'YEAR',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  category,
  route: null,
  value: money(value),
  ...extra,
});

function base(over: Partial<AllocationCalcInput> = {}): AllocationCalcInput {
  return {
    year: 2026,
    budgetMode: 'CLOSED',
    budget: money('10.00'),
    unitScale: 2,
    usesRoutes: false,
    municipalities: ['GM0001', 'GM0002', 'GM0003', 'GM0004'],
    mergers: [],
    categories: [{ category: 'ASIELSTATUSHOUDER', route: null }],
    referenceDate: '2026-01-01',
    rates: [rate('r1', 'ASIELSTATUSHOUDER', '1.00')],
    counts: [],
    baseAmounts: null,
    ...over,
  };
}

const amounts = (r: ReturnType<typeof calculateAllocation>) =>
  Object.fromEntries(r.lines.map((l) => [l.municipalityCode, l.amount.toFixed(2)]));

describe('allocation calculator: closed budget', () => {
  it('reproduces the DOMAIN.md worked apportionment (ties to the lower code)', () => {
    const r = calculateAllocation(
      base({
        counts: [
          count('GM0003', 'ASIELSTATUSHOUDER', '1'),
          count('GM0002', 'ASIELSTATUSHOUDER', '1'),
          count('GM0001', 'ASIELSTATUSHOUDER', '1'),
          count('GM0004', 'ASIELSTATUSHOUDER', '3'),
        ],
      }),
    );
    expect(amounts(r)).toEqual({ GM0001: '1.67', GM0002: '1.67', GM0003: '1.66', GM0004: '5.00' });
    expect(r.totalAmount.toFixed(2)).toBe('10.00');
    expect(r.lines[0]!.exactShare.toFixed(10)).toBe('1.6666666667');
  });

  it.each([
    {
      name: 'zero-count municipality gets exactly zero and is listed',
      counts: [count('GM0001', 'ASIELSTATUSHOUDER', '2'), count('GM0002', 'ASIELSTATUSHOUDER', '1')],
      budget: '100.00',
      expected: { GM0001: '66.67', GM0002: '33.33', GM0003: '0.00', GM0004: '0.00' },
    },
    {
      name: 'fractional person-years',
      counts: [count('GM0001', 'ASIELSTATUSHOUDER', '0.336986'), count('GM0004', 'ASIELSTATUSHOUDER', '0.334247')],
      budget: '1000.00',
      expected: { GM0001: '502.04', GM0002: '0.00', GM0003: '0.00', GM0004: '497.96' },
    },
    {
      name: 'uncounted categories are ignored',
      counts: [count('GM0001', 'ASIELSTATUSHOUDER', '1'), count('GM0002', 'GEZINSMIGRANT', '50')],
      budget: '7.00',
      expected: { GM0001: '7.00', GM0002: '0.00', GM0003: '0.00', GM0004: '0.00' },
    },
  ])('$name', ({ counts, budget, expected }) => {
    const r = calculateAllocation(base({ counts, budget: money(budget) }));
    expect(amounts(r)).toEqual(expected);
  });

  it('whole-euro unit: three-way tie of 100 euros', () => {
    const r = calculateAllocation(
      base({
        unitScale: 0,
        budget: money('100'),
        counts: ['GM0004', 'GM0002', 'GM0003'].map((c) => count(c, 'ASIELSTATUSHOUDER', '1')),
      }),
    );
    expect(r.lines.map((l) => l.amount.toFixed(0))).toEqual(['0', '34', '33', '33']);
  });

  it('base amounts are part of the weight and scale with the budget', () => {
    const r = calculateAllocation(
      base({
        budget: money('300.00'),
        rates: [rate('r1', 'ASIELSTATUSHOUDER', '10.00')],
        counts: [count('GM0001', 'ASIELSTATUSHOUDER', '2')],
        baseAmounts: new Map([
          ['GM0001', money('10.00')],
          ['GM0002', money('30.00')],
        ]),
      }),
    );
    expect(r.lines.map((l) => l.weight.toFixed(2))).toEqual(['30.00', '30.00', '0.00', '0.00']);
    expect(amounts(r)).toEqual({ GM0001: '150.00', GM0002: '150.00', GM0003: '0.00', GM0004: '0.00' });
  });

  it('refuses a positive budget over all-zero weights', () => {
    expect(() => calculateAllocation(base())).toThrow(expect.objectContaining({ code: 'ZERO_TOTAL_WEIGHT' }));
  });
});

describe('allocation calculator: open-ended', () => {
  it('rounds each weight once (not per category), half away from zero', () => {
    const r = calculateAllocation(
      base({
        budgetMode: 'OPEN_ENDED',
        categories: [
          { category: 'ASIELSTATUSHOUDER', route: null },
          { category: 'GEZINSMIGRANT', route: null },
        ],
        rates: [rate('a', 'ASIELSTATUSHOUDER', '11600.00'), rate('g', 'GEZINSMIGRANT', '800.00')],
        counts: [
          count('GM0001', 'ASIELSTATUSHOUDER', '0.000001'),
          count('GM0001', 'GEZINSMIGRANT', '0.000005'),
          count('GM0002', 'ASIELSTATUSHOUDER', '1.000005'),
        ],
      }),
    );
    // GM0001: 0.0116 + 0.004 = 0.0156 -> 0.02 (per category it would be 0.01 + 0.00)
    // GM0002: 11600.058 -> 11600.06
    expect(amounts(r)).toEqual({ GM0001: '0.02', GM0002: '11600.06', GM0003: '0.00', GM0004: '0.00' });
    expect(r.totalAmount.toFixed(2)).toBe('11600.08');
    expect(r.lines[0]!.adjustment.toFixed()).toBe('0.0044');
  });
});

describe('allocation calculator: rates', () => {
  const rates = [
    rate('old', 'ASIELSTATUSHOUDER', '10000.00', '2025-01-01'),
    rate('new', 'ASIELSTATUSHOUDER', '11600.00', '2026-01-01'),
    rate('later', 'ASIELSTATUSHOUDER', '12000.00', '2026-07-01'),
  ];
  it.each([
    ['2025-12-31', 'old'],
    ['2026-01-01', 'new'],
    ['2026-06-30', 'new'],
    ['2026-07-01', 'later'],
  ])('reference date %s uses %s', (ref, id) => {
    expect(selectRates(rates, [{ category: 'ASIELSTATUSHOUDER', route: null }], ref)[0]!.id).toBe(id);
  });

  it('refuses a listed category without a rate, naming it', () => {
    expect(() => selectRates(rates, [{ category: 'GEZINSMIGRANT', route: null }], '2026-01-01')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ category: 'GEZINSMIGRANT' }) }),
    );
  });

  it('with routes, the pair must match exactly (no fallback to the route-less rate)', () => {
    const routed = [
      rate('plain', 'ASIELSTATUSHOUDER', '1.00'),
      rate('ow', 'ASIELSTATUSHOUDER', '17000.00', '2026-01-01', 'ONDERWIJSROUTE'),
    ];
    expect(selectRates(routed, [{ category: 'ASIELSTATUSHOUDER', route: 'ONDERWIJSROUTE' }], '2026-01-01')[0]!.id).toBe('ow');
    expect(() => selectRates(routed, [{ category: 'ASIELSTATUSHOUDER', route: 'B1' }], '2026-01-01')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});

describe('allocation calculator: routes', () => {
  const routedRates = [
    rate('plain', 'ASIELSTATUSHOUDER', '10000.00'),
    rate('ow', 'ASIELSTATUSHOUDER', '17000.00', '2026-01-01', 'ONDERWIJSROUTE'),
    rate('b1', 'ASIELSTATUSHOUDER', '12000.00', '2026-01-01', 'B1'),
  ];
  const counts = [
    count('GM0001', 'ASIELSTATUSHOUDER', '1', { route: 'ONDERWIJSROUTE' }),
    count('GM0001', 'ASIELSTATUSHOUDER', '2', { route: 'B1' }),
    count('GM0002', 'ASIELSTATUSHOUDER', '3'),
  ];

  it('with routes, each listed pair counts only its own rows at its own rate', () => {
    const r = calculateAllocation(
      base({
        budgetMode: 'OPEN_ENDED',
        usesRoutes: true,
        categories: [
          { category: 'ASIELSTATUSHOUDER', route: 'ONDERWIJSROUTE' },
          { category: 'ASIELSTATUSHOUDER', route: null },
        ],
        rates: routedRates,
        counts,
      }),
    );
    // GM0001: only the onderwijsroute person (B1 is not listed); GM0002: three without route.
    expect(amounts(r)).toEqual({ GM0001: '17000.00', GM0002: '30000.00', GM0003: '0.00', GM0004: '0.00' });
  });

  it('without routes, the routes of a category add up at the category rate', () => {
    const r = calculateAllocation(base({ budgetMode: 'OPEN_ENDED', rates: routedRates, counts }));
    expect(amounts(r)).toEqual({ GM0001: '30000.00', GM0002: '30000.00', GM0003: '0.00', GM0004: '0.00' });
  });
});

describe('allocation calculator: mergers', () => {
  const mergers = [
    { dissolvedCode: 'GM0005', successorCode: 'GM0006', effectiveDate: '2025-01-01' },
    { dissolvedCode: 'GM0006', successorCode: 'GM0001', effectiveDate: '2026-01-01' },
  ];
  it('follows chains up to the date', () => {
    expect(successorOn(mergers, 'GM0005', '2024-12-31')).toBe('GM0005');
    expect(successorOn(mergers, 'GM0005', '2025-06-01')).toBe('GM0006');
    expect(successorOn(mergers, 'GM0005', '2026-01-01')).toBe('GM0001');
  });

  it('counts recorded under a dissolved code go to the successor', () => {
    const r = calculateAllocation(
      base({
        budgetMode: 'OPEN_ENDED',
        mergers,
        counts: [count('GM0005', 'ASIELSTATUSHOUDER', '2'), count('GM0001', 'ASIELSTATUSHOUDER', '1')],
      }),
    );
    expect(amounts(r).GM0001).toBe('3.00');
    expect(r.unattributedCountIds).toEqual([]);
  });
});

describe('allocation calculator: properties', () => {
  const weightArb = fc.oneof(
    fc.constant('0'),
    fc.constant('1'),
    fc.integer({ min: 0, max: 5000 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999999 })).map(([a, b]) => `${a}.${String(b).padStart(6, '0')}`),
  );
  const scenario = fc.record({
    values: fc.array(weightArb, { minLength: 1, maxLength: 30 }),
    budgetUnits: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    scale: fc.constantFrom(0, 2),
    rate: fc.constantFrom('1.00', '800.00', '11600.00', '0.01', '3.33'),
  });

  it('closed: parts sum to the budget exactly and each is within one unit of its exact share', () => {
    fc.assert(
      fc.property(scenario, ({ values, budgetUnits, scale, rate: r }) => {
        const codes = values.map((_, i) => `GM${String(1000 + i)}`);
        const counts = values.map((v, i) => count(codes[i]!, 'ASIELSTATUSHOUDER', v));
        const budget = new Decimal(budgetUnits.toString()).div(new Decimal(10).pow(scale));
        const allZero = values.every((v) => money(v).isZero());
        const input = base({
          municipalities: codes,
          counts,
          budget: money(budget.toFixed()),
          unitScale: scale,
          rates: [rate('r', 'ASIELSTATUSHOUDER', r)],
        });
        if (allZero && !budget.isZero()) {
          expect(() => calculateAllocation(input)).toThrow();
          return;
        }
        const result = calculateAllocation(input);
        expect(result.totalAmount.eq(budget)).toBe(true);
        const unit = new Decimal(10).pow(-scale);
        const totalWeight = result.totalWeight;
        for (const line of result.lines) {
          expect(line.amount.toDecimalPlaces(scale).eq(line.amount)).toBe(true);
          if (line.weight.isZero()) {
            expect(line.amount.isZero()).toBe(true);
          }
          // Independent exact share: budget × w / Σw.
          const exact = totalWeight.isZero() ? new Decimal(0) : budget.times(line.weight).div(totalWeight);
          expect(line.amount.minus(exact).abs().lt(unit)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('open-ended: each amount is its weight rounded once, |E - w| <= half a unit', () => {
    fc.assert(
      fc.property(scenario, ({ values, scale, rate: r }) => {
        const codes = values.map((_, i) => `GM${String(1000 + i)}`);
        const counts = values.map((v, i) => count(codes[i]!, 'ASIELSTATUSHOUDER', v));
        const result = calculateAllocation(
          base({ budgetMode: 'OPEN_ENDED', municipalities: codes, counts, unitScale: scale, rates: [rate('r', 'ASIELSTATUSHOUDER', r)] }),
        );
        const half = new Decimal(10).pow(-scale).div(2);
        result.lines.forEach((line, i) => {
          const w = money(r).times(money(values[i]!));
          expect(line.weight.eq(w)).toBe(true);
          expect(line.amount.minus(w).abs().lte(half)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('percentChange', () => {
  it.each([
    ['100.00', '110.00', '10.00'],
    ['3.00', '2.00', '-33.33'],
    ['3.00', '4.00', '33.33'],
    ['8.00', '7.99', '-0.13'],
    ['16.00', '15.9992', '-0.01'],
    ['200.00', '199.99', '-0.01'],
    ['40000', '39998', '-0.01'],
    ['40000', '39998.2', '0.00'],
  ])('%s -> %s is %s%%', (a, b, pct) => {
    expect(percentChange(money(a), money(b))?.toFixed(2)).toBe(pct);
  });
  it('is null when A is zero', () => {
    expect(percentChange(money('0'), money('5'))).toBeNull();
  });
});
