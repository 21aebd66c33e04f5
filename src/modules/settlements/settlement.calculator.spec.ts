import { money } from '../../common/money/money';
import { finalEntitlementOnSpending, netByPayee, overrunView, settlementAmount } from './settlement.calculator';

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
