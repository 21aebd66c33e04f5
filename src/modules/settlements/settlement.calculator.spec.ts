import fc from 'fast-check';
import { money, sum } from '../../common/money/money';
import { applyOffsets, finalEntitlementOnSpending, netByPayee, overrunView, settlementAmount } from './settlement.calculator';

describe('settlement (DOMAIN.md Calculations 7 to 9)', () => {
  it('is entitlement minus paid tranches: positive pays, negative recovers', () => {
    expect(settlementAmount(money('1300.00'), [money('600.00'), money('600.00')]).toFixed(2)).toBe('100.00');
    expect(settlementAmount(money('900.00'), [money('600.00'), money('600.00')]).toFixed(2)).toBe('-300.00');
  });

  it('caps on accepted spending rounded to the unit', () => {
    expect(finalEntitlementOnSpending(money('1000.00'), money('800.004'), 2).toFixed(2)).toBe('800.00');
    expect(finalEntitlementOnSpending(money('1000.00'), money('800.005'), 2).toFixed(2)).toBe('800.01');
    expect(finalEntitlementOnSpending(money('1000.00'), money('1200.00'), 2).toFixed(2)).toBe('1000.00');
    expect(finalEntitlementOnSpending(money('1000'), money('999.5'), 0).toFixed(0)).toBe('1000');
  });

  it('nets a successor with its predecessors into one payment or recovery', () => {
    const net = netByPayee([
      { municipalityCode: 'GM0001', payeeCode: 'GM0003', amount: money('-300.00') },
      { municipalityCode: 'GM0002', payeeCode: 'GM0003', amount: money('120.00') },
      { municipalityCode: 'GM0003', payeeCode: 'GM0003', amount: money('50.00') },
      { municipalityCode: 'GM0009', payeeCode: 'GM0009', amount: money('10.00') },
    ]);
    expect([...net.entries()].map(([k, v]) => [k, v.toFixed(2)])).toEqual([
      ['GM0003', '-130.00'],
      ['GM0009', '10.00'],
    ]);
  });

  it('offsets a recovery against next year’s tranches in due-date order, never below zero', () => {
    const r = applyOffsets(money('250.00'), [
      { key: 'b', dueDate: '2027-02-01', amount: money('100.00') },
      { key: 'a', dueDate: '2027-01-01', amount: money('100.00') },
      { key: 'c', dueDate: '2027-03-01', amount: money('100.00') },
    ]);
    expect(r.tranches.map((t) => [t.key, t.offset.toFixed(2), t.cash.toFixed(2)])).toEqual([
      ['a', '100.00', '0.00'],
      ['b', '100.00', '0.00'],
      ['c', '50.00', '50.00'],
    ]);
    expect(r.remaining.toFixed(2)).toBe('0.00');
    const left = applyOffsets(money('350.00'), [{ key: 'a', dueDate: '2027-01-01', amount: money('100.00') }]);
    expect(left.remaining.toFixed(2)).toBe('250.00');
    expect(left.tranches[0]?.cash.toFixed(2)).toBe('0.00');
  });

  it('conserves money in offsets: Σ offset + remaining = recovery, Σ offset + Σ cash = Σ tranches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 12 }), (rec, ts) => {
        const tranches = ts.map((c, i) => ({
          key: `t${String(i).padStart(2, '0')}`,
          dueDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-01`,
          amount: money(String(c)).div(100),
        }));
        const r = applyOffsets(money(String(rec)).div(100), tranches);
        expect(
          sum(r.tranches.map((t) => t.offset))
            .plus(r.remaining)
            .eq(money(String(rec)).div(100)),
        ).toBe(true);
        expect(sum(r.tranches.map((t) => t.offset.plus(t.cash))).eq(sum(tranches.map((t) => t.amount)))).toBe(true);
        r.tranches.forEach((t) => expect(t.cash.isNegative() || t.offset.isNegative()).toBe(false));
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('shows an overrun with its percentage and the pro-rata cut; no cut in an underrun', () => {
    const e = new Map([
      ['GM0001', money('600.00')],
      ['GM0002', money('300.00')],
      ['GM0003', money('200.00')],
    ]);
    const v = overrunView(e, money('1000.00'), 2);
    expect(v.overrun.toFixed(2)).toBe('100.00');
    expect(v.percentage.toFixed(2)).toBe('10.00');
    expect([...v.cut.entries()].map(([k, c]) => [k, c.afterCut.toFixed(2), c.reduction.toFixed(2)])).toEqual([
      // Quotas 54545.45, 27272.73, 18181.82 cents: the two leftover cents go to the largest remainders.
      ['GM0001', '545.45', '54.55'],
      ['GM0002', '272.73', '27.27'],
      ['GM0003', '181.82', '18.18'],
    ]);
    const under = overrunView(e, money('1200.00'), 2);
    expect(under.overrun.toFixed(2)).toBe('-100.00');
    expect(under.percentage.toFixed(2)).toBe('-8.33');
    expect(under.cut.size).toBe(0);
  });
});
