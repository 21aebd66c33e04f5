import fc from 'fast-check';
import { money, sum, toFixedScale } from '../../common/money/money';
import { MONTHLY_WEIGHTS, advanceAmount, applyOffsets, planTranches, reviseTranches, type TrancheState } from './advance.calculator';

const fixed = (ds: { amount: { toFixed(n: number): string } }[]) => ds.map((d) => d.amount.toFixed(2));

function state(amounts: string[], paidCount: number): TrancheState[] {
  return amounts.map((a, index) => ({ index, weight: money('1'), amount: money(a), paid: index < paidCount }));
}

describe('advances (DOMAIN.md Calculations 5 and 6)', () => {
  it('rounds the advance once, half away from zero', () => {
    expect(toFixedScale(advanceAmount(money('1000.05'), money('0.8'), 2), 2)).toBe('800.04');
    expect(toFixedScale(advanceAmount(money('0.05'), money('0.5'), 2), 2)).toBe('0.03');
    expect(toFixedScale(advanceAmount(money('1001'), money('0.5'), 0), 0)).toBe('501');
  });

  it('splits 1,200.00 into 12 tranches of 100.00 and leftovers go to the earliest tranches', () => {
    expect(fixed(planTranches(money('1200.00'), MONTHLY_WEIGHTS, 2))).toEqual(Array(12).fill('100.00'));
    const odd = planTranches(money('100.00'), MONTHLY_WEIGHTS, 2);
    expect(fixed(odd)).toEqual(['8.34', '8.34', '8.34', '8.34', '8.33', '8.33', '8.33', '8.33', '8.33', '8.33', '8.33', '8.33']);
  });

  it('splits over weighted schedules (three circulars)', () => {
    expect(fixed(planTranches(money('1000.00'), [money('0.5'), money('0.25'), money('0.25')], 2))).toEqual(['500.00', '250.00', '250.00']);
  });

  it('reproduces the worked revision: 1,500.00 after six paid tranches of 100.00 gives 150.00 each', () => {
    const r = reviseTranches(money('1500.00'), state(Array(12).fill('100.00'), 6), 2);
    expect(fixed(r.tranches)).toEqual([...Array(6).fill('100.00'), ...Array(6).fill('150.00')]);
    expect(r.excess.toFixed(2)).toBe('0.00');
  });

  it('reproduces the worked revision: 500.00 after six paid gives zeros and 100.00 excess for the settlement', () => {
    const r = reviseTranches(money('500.00'), state(Array(12).fill('100.00'), 6), 2);
    expect(fixed(r.tranches)).toEqual([...Array(6).fill('100.00'), ...Array(6).fill('0.00')]);
    expect(r.excess.toFixed(2)).toBe('100.00');
  });

  it('changes nothing when every tranche is paid', () => {
    const r = reviseTranches(money('2000.00'), state(Array(12).fill('100.00'), 12), 2);
    expect(r.unchanged).toBe(true);
    expect(fixed(r.tranches)).toEqual(Array(12).fill('100.00'));
  });

  it('treats paid exactly equal to the new advance as zero unpaid and no excess', () => {
    const r = reviseTranches(money('600.00'), state(Array(12).fill('100.00'), 6), 2);
    expect(fixed(r.tranches).slice(6)).toEqual(Array(6).fill('0.00'));
    expect(r.excess.toFixed(2)).toBe('0.00');
  });

  it('keeps paid + unpaid = new advance, or the excess, after any sequence of revisions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 6 }),
        (firstCents, revisions) => {
          let tranches: TrancheState[] = planTranches(money(String(firstCents)).div(100), MONTHLY_WEIGHTS, 2).map((t) => ({
            ...t,
            paid: false,
          }));
          for (const [cents, paidUpTo] of revisions) {
            const paidNow = Math.max(paidUpTo, tranches.filter((t) => t.paid).length);
            tranches = tranches.map((t) => ({ ...t, paid: t.index < paidNow }));
            const advance = money(String(cents)).div(100);
            const r = reviseTranches(advance, tranches, 2);
            const paid = sum(r.tranches.filter((t) => t.paid).map((t) => t.amount));
            const planned = sum(r.tranches.map((t) => t.amount));
            for (const t of r.tranches) {
              expect(t.amount.isNegative()).toBe(false);
            }
            // Paid tranches never change.
            r.tranches
              .filter((t) => t.paid)
              .forEach((t, i) => expect(t.amount.eq(tranches.filter((x) => x.paid)[i]?.amount ?? money('-1'))).toBe(true));
            if (r.unchanged) {
              expect(planned.eq(sum(tranches.map((t) => t.amount)))).toBe(true);
            } else if (paid.gt(advance)) {
              expect(planned.eq(paid)).toBe(true);
              expect(r.excess.eq(paid.minus(advance))).toBe(true);
            } else {
              expect(planned.eq(advance)).toBe(true);
              expect(r.excess.isZero()).toBe(true);
            }
            tranches = r.tranches;
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('refuses a negative advance and a rate above 1', () => {
    expect(() => reviseTranches(money('-1.00'), state(['1.00'], 0), 2)).toThrow(/negative/);
    expect(() => advanceAmount(money('1.00'), money('1.5'), 2)).toThrow(/between 0 and 1/);
  });
});

describe('offsets (DOMAIN.md Calculation 8)', () => {
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
});
