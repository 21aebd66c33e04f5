import { money } from '../../common/money/money';
import { offsetGroups, splitOffsetCredit } from './merger-offsets.calculator';

describe('offset groups of successors', () => {
  const mergers = [
    { dissolvedCode: 'GM0001', successorCode: 'GM0002', effectiveDate: '2026-01-01' },
    { dissolvedCode: 'GM0002', successorCode: 'GM0003', effectiveDate: '2027-01-01' },
    { dissolvedCode: 'GM0009', successorCode: 'GM0003', effectiveDate: '2028-01-01' },
  ];

  it('follows chains in force on the date, payee first', () => {
    expect(offsetGroups(['GM0003', 'GM0002'], mergers, '2027-01-01')).toEqual(
      new Map([
        ['GM0003', ['GM0003', 'GM0001', 'GM0002']],
        ['GM0002', ['GM0002']],
      ]),
    );
    expect(offsetGroups(['GM0002'], mergers, '2026-01-01')).toEqual(new Map([['GM0002', ['GM0002', 'GM0001']]]));
  });

  it('takes an offset from debit balances in group order, never past zero', () => {
    const remaining = new Map([
      ['GM0003', money('-50.00')],
      ['GM0001', money('80.00')],
      ['GM0002', money('30.00')],
    ]);
    const parts = splitOffsetCredit(money('60.00'), ['GM0003', 'GM0001', 'GM0002'], remaining);
    expect(parts.map((p) => [p.code, p.amount.toFixed(2)])).toEqual([['GM0001', '60.00']]);
    const more = splitOffsetCredit(money('45.00'), ['GM0003', 'GM0001', 'GM0002'], remaining);
    expect(more.map((p) => [p.code, p.amount.toFixed(2)])).toEqual([
      ['GM0001', '20.00'],
      ['GM0002', '25.00'],
    ]);
    expect(() => splitOffsetCredit(money('5.01'), ['GM0003', 'GM0001', 'GM0002'], remaining)).toThrow(/exceeds/);
  });
});
