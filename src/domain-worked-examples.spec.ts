import { money } from './common/money/money';
import type { StoredCount } from './modules/counts';
import { calculateAllocation } from './modules/allocations/allocation.calculator';
import { advanceAmount, applyOffsets, MONTHLY_WEIGHTS, planTranches } from './modules/advances/advance.calculator';
import { settlementAmount } from './modules/settlements/settlement.calculator';
import { DEFAULT_TOLERANCE, submittedLate, withinTolerance } from './modules/verantwoording/verantwoording.rules';

/**
 * The worked example "one municipality's year" of docs/domain.md, step by step, on the pure
 * calculators the services use. If a rule changes, this test and that page change together.
 */
describe('docs/domain.md worked example: one municipality through SPUK 2026', () => {
  const count = (category: string, value: string): StoredCount => ({
    id: category,
    municipalityCode: 'GM0599',
    periodType: 'YEAR',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    category,
    route: null,
    value: money(value),
  });
  const rate = (category: string, amount: string) => ({
    id: category,
    category,
    route: null,
    validFrom: '2026-01-01',
    amount: money(amount),
  });

  it('entitlement: the weight is rounded once, not per category', () => {
    const r = calculateAllocation({
      year: 2026,
      budgetMode: 'OPEN_ENDED',
      budget: money('410120000.00'),
      unitScale: 2,
      usesRoutes: false,
      municipalities: ['GM0599'],
      mergers: [],
      categories: [
        { category: 'ASIELSTATUSHOUDER', route: null },
        { category: 'GEZINSMIGRANT', route: null },
        { category: 'OVERIG', route: null },
      ],
      referenceDate: '2026-01-01',
      rates: [rate('ASIELSTATUSHOUDER', '11600.00'), rate('GEZINSMIGRANT', '800.00'), rate('OVERIG', '800.00')],
      counts: [count('ASIELSTATUSHOUDER', '12.333333'), count('GEZINSMIGRANT', '2.000006'), count('OVERIG', '0')],
      baseAmounts: null,
    });
    const line = r.lines[0]!;
    expect(line.weight.toFixed()).toBe('144666.6676');
    expect(line.amount.toFixed(2)).toBe('144666.67');
    // Rounded per category it would have been 143,066.66 + 1,600.00 = 144,666.66.
    expect(money('143066.66').plus('1600.00').toFixed(2)).toBe('144666.66');
  });

  it('advance: twelve tranches by largest remainder, the seven leftover cents to the earliest', () => {
    const advance = advanceAmount(money('144666.67'), money('1'), 2);
    expect(advance.toFixed(2)).toBe('144666.67');
    const tranches = planTranches(advance, MONTHLY_WEIGHTS, 2).map((t) => t.amount.toFixed(2));
    expect(tranches).toEqual([...Array(7).fill('12055.56'), ...Array(5).fill('12055.55')]);
  });

  it('settlement: a payment when the definitive entitlement is higher, a recovery offset against 2027 when lower', () => {
    const paid = planTranches(money('144666.67'), MONTHLY_WEIGHTS, 2).map((t) => t.amount);
    expect(settlementAmount(money('150000.00'), paid).toFixed(2)).toBe('5333.33');
    const recovery = settlementAmount(money('140000.00'), paid);
    expect(recovery.toFixed(2)).toBe('-4666.67');
    const offsets = applyOffsets(recovery.negated(), [
      { key: '2027-01', dueDate: '2027-01-01', amount: money('12000.00') },
      { key: '2027-02', dueDate: '2027-02-01', amount: money('12000.00') },
    ]);
    expect(offsets.tranches.map((t) => [t.key, t.offset.toFixed(2), t.cash.toFixed(2)])).toEqual([
      ['2027-01', '4666.67', '7333.33'],
      ['2027-02', '0.00', '12000.00'],
    ]);
    expect(offsets.remaining.toFixed(2)).toBe('0.00');
  });

  it('accountability: on time until 23:59 Dutch time on 15 July; count differences against the default tolerance', () => {
    expect(submittedLate(new Date('2027-07-15T21:59:59Z'), '2027-07-15')).toBe(false);
    expect(submittedLate(new Date('2027-07-15T22:00:00Z'), '2027-07-15')).toBe(true);
    const counts = DEFAULT_TOLERANCE.counts; // 0.5 person, or 2% of the registered count
    expect(withinTolerance(money('0.666667'), money('12.333333'), counts)).toBe(false); // reported 13
    expect(withinTolerance(money('2'), money('150'), counts)).toBe(true); // 2 of 150 is 1.3%
  });
});
