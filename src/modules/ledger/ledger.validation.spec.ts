import fc from 'fast-check';
import Decimal from 'decimal.js';
import { money, toFixedScale } from '../../common/money/money';
import { requestHash } from './journal-hash';
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

  it('writes every accepted amount as toFixedScale does, and refuses the rest (property, decision 1950)', () => {
    const amounts = fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 18n + 5n }).map((c) => money(c).div(100)),
      fc.bigInt({ min: -1000n, max: 10n ** 20n }).map((m) => money(m).div(1000)),
      fc
        .constantFrom('0', '0.00', '0.01', '9999999999999999.99', '10000000000000000', '1e-2', '-0', '5', '5.1', '1e20', 'NaN', 'Infinity')
        .map((t) => new Decimal(t)),
    );
    const flavours = fc.constantFrom(
      (d: Decimal) => d,
      (d: Decimal) => new Decimal(d.toFixed()),
    );
    fc.assert(
      fc.property(amounts, flavours, (amount, flavour) => {
        const value = flavour(amount);
        const valid = value.gt(0) && value.lte(money('9999999999999999.99')) && value.decimalPlaces() <= 2;
        const tx = input([
          ['DEBIT', '1.00'],
          ['CREDIT', '1.00'],
        ]);
        tx.postings = tx.postings.map((q) => ({ ...q, amount: value }));
        if (valid) {
          expect(prepareTransaction(tx, 'input', 1).postings.map((q) => q.amount)).toEqual([
            toFixedScale(value, 2),
            toFixedScale(value, 2),
          ]);
        } else {
          expect(() => prepareTransaction(tx, 'input', 1)).toThrow(
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.postings[0].amount' }) }),
          );
        }
      }),
    );
  });

  it('makes the request hash of exactly what was asked, when first read (decision 1950)', () => {
    const p = prepareTransaction(
      {
        ...input([
          ['DEBIT', '10.5'],
          ['CREDIT', '10.50'],
        ]),
        cause: { type: 'RUN', id: 'r-1' },
      },
      'inputs[4]',
      5,
    );
    const expected = requestHash({
      kind: 'ADVANCE_TRANCHE',
      effectiveDate: '2026-01-15',
      reason: 'tranche',
      causeType: 'RUN',
      causeId: 'r-1',
      reversesId: null,
      postings: [
        { account: accounts.advance('GM0363', 'S', 2026), direction: 'DEBIT', amount: '10.50' },
        { account: accounts.bank(), direction: 'CREDIT', amount: '10.50' },
      ],
    });
    expect(p.requestHash).toBe(expected);
    expect(p.requestHash).toBe(expected);
    expect(p.keyField).toBe('inputs[4].idempotencyKey');
    expect(p.line).toBe(5);
  });
});
