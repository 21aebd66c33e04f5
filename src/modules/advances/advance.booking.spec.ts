import fc from 'fast-check';
import { money, sum, ZERO } from '../../common/money/money';
import { accounts } from '../ledger/account-address';
import { tranchePostings } from './advance.booking';

const scheme = { code: 'WI2021', year: 2027 };
const tranche = (idx: number, amount: string, offset = '0.00') => ({
  municipalityCode: 'GM0363',
  idx,
  dueDate: `2027-${String(idx + 1).padStart(2, '0')}-01`,
  amount: money(amount),
  offset: money(offset),
});
const lines = (p: { postings: { account: string; direction: string; amount: { toFixed(n: number): string } }[] } | null) =>
  p?.postings.map((x) => [x.account, x.direction, x.amount.toFixed(2)]);

describe('tranche bookings (advance.booking.ts)', () => {
  it('pays a tranche in cash: DR advance(m,s,y) CR bank, kind ADVANCE_TRANCHE on the due date', () => {
    const [b] = tranchePostings(accounts, scheme, [tranche(0, '1200.00')]);
    expect(b?.key).toBe('tranche:WI2021:2027:GM0363:0');
    expect(b?.cash.toFixed(2)).toBe('1200.00');
    expect(b?.post).toMatchObject({
      idempotencyKey: 'tranche:WI2021:2027:GM0363:0',
      kind: 'ADVANCE_TRANCHE',
      effectiveDate: '2027-01-01',
      reason: 'advance tranche 1 of WI2021 2027 for GM0363',
      cause: { type: 'TRANCHE', id: 'WI2021:2027:GM0363:0' },
    });
    expect(lines(b?.post ?? null)).toEqual([
      ['municipality:GM0363:advance:WI2021:2027', 'DEBIT', '1200.00'],
      ['ministry:bank', 'CREDIT', '1200.00'],
    ]);
  });

  it("splits a partly offset tranche: cash from the bank, the rest from last year's advance", () => {
    const [b] = tranchePostings(accounts, scheme, [tranche(2, '1000.00', '250.00')]);
    expect(b?.cash.toFixed(2)).toBe('750.00');
    expect(b?.post?.kind).toBe('ADVANCE_TRANCHE');
    expect(b?.post?.reason).toBe('advance tranche 3 of WI2021 2027 for GM0363 (250.00 offset against 2026)');
    expect(lines(b?.post ?? null)).toEqual([
      ['municipality:GM0363:advance:WI2021:2027', 'DEBIT', '750.00'],
      ['ministry:bank', 'CREDIT', '750.00'],
      ['municipality:GM0363:advance:WI2021:2027', 'DEBIT', '250.00'],
      ['municipality:GM0363:advance:WI2021:2026', 'CREDIT', '250.00'],
    ]);
  });

  it('books a wholly offset tranche as OFFSET, and a zero tranche not at all', () => {
    const [offset, zero] = tranchePostings(accounts, scheme, [tranche(0, '500.00', '500.00'), tranche(1, '0.00')]);
    expect(offset?.cash.toFixed(2)).toBe('0.00');
    expect(offset?.post?.kind).toBe('OFFSET');
    expect(lines(offset?.post ?? null)).toEqual([
      ['municipality:GM0363:advance:WI2021:2027', 'DEBIT', '500.00'],
      ['municipality:GM0363:advance:WI2021:2026', 'CREDIT', '500.00'],
    ]);
    expect(zero?.post).toBeNull();
    expect(zero?.key).toBe('tranche:WI2021:2027:GM0363:1');
  });

  it('balances every transaction and books exactly the tranche amount (cash + offset)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 10_000_000 }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: a }))),
          { maxLength: 12 },
        ),
        (pairs) => {
          const tranches = pairs.map(([a, o], i) => tranche(i, money(String(a)).div(100).toFixed(2), money(String(o)).div(100).toFixed(2)));
          const bookings = tranchePostings(accounts, scheme, tranches);
          bookings.forEach((b) => {
            const debits = sum((b.post?.postings ?? []).filter((p) => p.direction === 'DEBIT').map((p) => p.amount));
            const credits = sum((b.post?.postings ?? []).filter((p) => p.direction === 'CREDIT').map((p) => p.amount));
            expect(debits.eq(credits)).toBe(true);
            expect(debits.eq(b.tranche.amount)).toBe(true);
            expect(b.cash.plus(b.tranche.offset).eq(b.tranche.amount)).toBe(true);
            expect(b.post === null).toBe(b.tranche.amount.eq(ZERO));
          });
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });
});
