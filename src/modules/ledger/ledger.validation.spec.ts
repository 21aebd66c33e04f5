import fc from 'fast-check';
import { money } from '../../common/money/money';
import { accounts } from './account-address';
import type { PostInput } from './ledger.model';
import { prepareTransaction } from './ledger.validation';

const input = (amounts: [string, string][]): PostInput => ({
  idempotencyKey: 'k',
  kind: 'ADVANCE_TRANCHE',
  effectiveDate: '2026-01-15',
  reason: 'tranche',
  cause: null,
  postings: amounts.map(([dir, amount], i) => ({
    account: i % 2 === 0 ? accounts.advance('GM0363', 'S', 2026) : accounts.bank(),
    direction: dir as 'DEBIT' | 'CREDIT',
    amount: money(amount),
  })),
});

describe('posting validation', () => {
  it('accepts a balanced transaction and writes amounts with two decimals', () => {
    const p = prepareTransaction(
      input([
        ['DEBIT', '10.5'],
        ['CREDIT', '10.50'],
      ]),
      'input',
      1,
    );
    expect(p.postings.map((x) => x.amount)).toEqual(['10.50', '10.50']);
    expect(p.requestHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'unbalanced by one cent',
      input([
        ['DEBIT', '10.00'],
        ['CREDIT', '9.99'],
      ]),
      'LEDGER_UNBALANCED',
      'input.postings',
    ],
    [
      'zero',
      input([
        ['DEBIT', '0'],
        ['CREDIT', '0'],
      ]),
      'BAD_USER_INPUT',
      'input.postings[0].amount',
    ],
    [
      'negative',
      input([
        ['DEBIT', '-1.00'],
        ['CREDIT', '-1.00'],
      ]),
      'BAD_USER_INPUT',
      'input.postings[0].amount',
    ],
    [
      'three decimals',
      input([
        ['DEBIT', '1.001'],
        ['CREDIT', '1.001'],
      ]),
      'BAD_USER_INPUT',
      'input.postings[0].amount',
    ],
    [
      'too large',
      input([
        ['DEBIT', '10000000000000000.00'],
        ['CREDIT', '10000000000000000.00'],
      ]),
      'BAD_USER_INPUT',
      'input.postings[0].amount',
    ],
    ['one posting', input([['DEBIT', '1.00']]), 'BAD_USER_INPUT', 'input.postings'],
    [
      'a bad direction',
      input([
        ['LEFT', '1.00'],
        ['CREDIT', '1.00'],
      ]),
      'BAD_USER_INPUT',
      'input.postings[0].direction',
    ],
    [
      'a bad date',
      {
        ...input([
          ['DEBIT', '1.00'],
          ['CREDIT', '1.00'],
        ]),
        effectiveDate: '2026-13-01',
      },
      'BAD_USER_INPUT',
      'input.effectiveDate',
    ],
    [
      'no key',
      {
        ...input([
          ['DEBIT', '1.00'],
          ['CREDIT', '1.00'],
        ]),
        idempotencyKey: '',
      },
      'BAD_USER_INPUT',
      'input.idempotencyKey',
    ],
    [
      'an unknown kind',
      {
        ...input([
          ['DEBIT', '1.00'],
          ['CREDIT', '1.00'],
        ]),
        kind: 'GIFT' as never,
      },
      'BAD_USER_INPUT',
      'input.kind',
    ],
  ])('refuses %s', (_name, bad, code, field) => {
    expect(() => prepareTransaction(bad, 'input', 3)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code, field, line: 3 }) }),
    );
  });

  it('refuses a JavaScript number as an amount', () => {
    const bad = input([
      ['DEBIT', '1.00'],
      ['CREDIT', '1.00'],
    ]);
    (bad.postings[0] as unknown as { amount: number }).amount = 1;
    expect(() => prepareTransaction(bad, 'input', 1)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });

  it('accepts exactly the balanced sets of cent amounts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -2, max: 2 }),
        (debits, skew) => {
          const total = debits.reduce((a, b) => a + b, 0) + skew;
          fc.pre(total > 0);
          const cents = (n: number) => money(String(n)).div(100).toFixed(2);
          const postings: [string, string][] = [...debits.map((d): [string, string] => ['DEBIT', cents(d)]), ['CREDIT', cents(total)]];
          if (skew === 0) {
            expect(prepareTransaction(input(postings), 'input', 1).postings).toHaveLength(debits.length + 1);
          } else {
            expect(() => prepareTransaction(input(postings), 'input', 1)).toThrow(
              expect.objectContaining({ extensions: expect.objectContaining({ code: 'LEDGER_UNBALANCED' }) }),
            );
          }
        },
      ),
    );
  });
});
