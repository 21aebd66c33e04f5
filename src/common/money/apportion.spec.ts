import fc from 'fast-check';
import { apportion, byCode, byIndex } from './apportion';
import { money, sum, toFixedScale } from './money';

const split = (total: string, weights: Record<string, string>, scale = 2) =>
  Object.fromEntries(
    apportion(
      money(total),
      Object.entries(weights).map(([key, w]) => ({ key, weight: money(w) })),
      scale,
      byCode,
    ).map((r) => [r.key, toFixedScale(r.amount, scale)]),
  );

describe('apportion (largest remainder, DOMAIN.md "Money and numbers")', () => {
  it('reproduces the worked example: EUR 10.00 over 1,1,1,3 gives ties to the lowest codes', () => {
    expect(split('10.00', { GM0003: '1', GM0002: '1', GM0001: '1', GM0004: '3' })).toEqual({
      GM0001: '1.67',
      GM0002: '1.67',
      GM0003: '1.66',
      GM0004: '5.00',
    });
  });

  it.each([
    [
      'zero weight never gets a leftover unit',
      '0.05',
      { GM0001: '0', GM0002: '1', GM0003: '1' },
      { GM0001: '0.00', GM0002: '0.03', GM0003: '0.02' },
    ],
    ['all to one part', '123.45', { GM0009: '7' }, { GM0009: '123.45' }],
    ['zero total gives zeros', '0.00', { GM0001: '1', GM0002: '2' }, { GM0001: '0.00', GM0002: '0.00' }],
    ['zero total with zero weights gives zeros', '0.00', { GM0001: '0' }, { GM0001: '0.00' }],
    [
      'remainders compared unrounded',
      '1.00',
      { GM0002: '1', GM0001: '2.0000000000000000000000000000001' },
      { GM0001: '0.67', GM0002: '0.33' },
    ],
    [
      'a larger remainder beats a lower code',
      '0.02',
      { GM0001: '1', GM0002: '1.5', GM0003: '1.5' },
      { GM0001: '0.00', GM0002: '0.01', GM0003: '0.01' },
    ],
    [
      'fractional weights',
      '100.00',
      { GM0001: '0.333333', GM0002: '0.333333', GM0003: '0.333334' },
      { GM0001: '33.33', GM0002: '33.33', GM0003: '33.34' },
    ],
  ])('%s', (_name, total, weights, expected) => {
    expect(split(total, weights)).toEqual(expected);
  });

  it('works in whole euros', () => {
    expect(split('10', { GM0001: '1', GM0002: '1', GM0003: '1' }, 0)).toEqual({ GM0001: '4', GM0002: '3', GM0003: '3' });
  });

  it('breaks tranche ties to the earlier tranche', () => {
    const r = apportion(
      money('1.00'),
      [0, 1, 2].map((i) => ({ key: i, weight: money('1') })),
      2,
      byIndex,
    );
    expect(r.map((x) => toFixedScale(x.amount, 2))).toEqual(['0.34', '0.33', '0.33']);
  });

  it.each([
    ['negative total', '-1.00', { GM0001: '1' }, 'BAD_USER_INPUT'],
    ['negative weight', '1.00', { GM0001: '-1', GM0002: '2' }, 'BAD_USER_INPUT'],
    ['total not a whole number of cents', '1.005', { GM0001: '1' }, 'BAD_USER_INPUT'],
    ['positive total, all weights zero', '1.00', { GM0001: '0', GM0002: '0' }, 'ZERO_TOTAL_WEIGHT'],
    ['positive total, no parts', '1.00', {}, 'ZERO_TOTAL_WEIGHT'],
  ])('refuses %s', (_name, total, weights, code) => {
    expect(() => split(total, weights)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code }) }));
  });

  it('refuses a whole-euro total with cents', () => {
    expect(() => split('10.50', { GM0001: '1' }, 0)).toThrow(/whole multiple/);
  });

  describe('invariants over random inputs', () => {
    const weightArb = fc.oneof(
      fc.constant('0'),
      fc.integer({ min: 0, max: 1_000_000 }).map(String),
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999_999 }))
        .map(([a, b]) => `${a}.${String(b).padStart(6, '0')}`),
    );
    const caseArb = fc.record({
      cents: fc.bigInt({ min: 0n, max: 100_000_000_000n }),
      weights: fc.array(weightArb, { minLength: 1, maxLength: 40 }),
      scale: fc.constantFrom(0, 2),
    });

    it('parts sum to the total, no part is a unit or more from its exact share, zero weight gets zero', () => {
      fc.assert(
        fc.property(caseArb, ({ cents, weights, scale }) => {
          const total = money(cents.toString())
            .div(scale === 2 ? 1 : 100)
            .floor()
            .div(scale === 2 ? 100 : 1);
          const parts = weights.map((w, i) => ({ key: `GM${String(i).padStart(4, '0')}`, weight: money(w) }));
          const allZero = parts.every((p) => p.weight.isZero());
          if (allZero && !total.isZero()) {
            expect(() => apportion(total, parts, scale, byCode)).toThrow(/all weights are zero/);
            return;
          }
          const result = apportion(total, parts, scale, byCode);
          expect(sum(result.map((r) => r.amount)).eq(total)).toBe(true);
          const unit = money(scale === 2 ? '0.01' : '1');
          for (const r of result) {
            expect(r.amount.minus(r.exactShare).abs().lt(unit)).toBe(true);
            expect(r.amount.isNegative()).toBe(false);
            expect(r.amount.decimalPlaces()).toBeLessThanOrEqual(scale);
            if (r.weight.isZero()) {
              expect(r.amount.isZero()).toBe(true);
            }
          }
        }),
        { numRuns: 500, seed: 20261124 },
      );
    });

    it('is independent of input order', () => {
      fc.assert(
        fc.property(caseArb, fc.integer(), ({ cents, weights }, seed) => {
          const total = money(cents.toString()).div(100);
          const parts = weights.map((w, i) => ({ key: `GM${String(i).padStart(4, '0')}`, weight: money(w) }));
          if (parts.every((p) => p.weight.isZero())) {
            return;
          }
          const shuffled = [...parts].sort((a, b) => ((a.key.charCodeAt(5) * seed) % 7) - ((b.key.charCodeAt(5) * seed) % 7));
          const asMap = (rs: ReturnType<typeof apportion<string>>) => Object.fromEntries(rs.map((r) => [r.key, r.amount.toFixed(2)]));
          expect(asMap(apportion(total, shuffled, 2, byCode))).toEqual(asMap(apportion(total, parts, 2, byCode)));
        }),
        { numRuns: 200, seed: 7 },
      );
    });
  });
});
