import { money } from '../../common/money/money';
import { allocationPosting } from './allocation.booking';
import { canonicalJson, hashCanonical as hashOf } from '../../common/hashing/canonical';

const accounts = {
  commitment: (s: string, y: number) => `ministry:commitment:${s}:${y}`,
  committed: (m: string, s: string, y: number) => `municipality:${m}:committed:${s}:${y}`,
};

describe('allocationPosting', () => {
  const run = (amounts: string[]) => ({
    runId: 'run-1',
    schemeCode: 'UITV-WI2021',
    year: 2026,
    stage: 'PROVISIONAL',
    effectiveDate: '2026-11-24',
    lines: amounts.map((a, i) => ({ municipalityCode: `GM000${i + 1}`, amount: money(a) })),
  });

  it('debits the commitment with the total and credits each municipality, skipping zeros', () => {
    const p = allocationPosting(accounts, run(['1.67', '0.00', '8.33']))!;
    expect(p.kind).toBe('ALLOCATION');
    expect(p.cause).toEqual({ type: 'ALLOCATION_RUN', id: 'run-1' });
    expect(p.idempotencyKey).toBe('allocation-run:run-1');
    expect(p.postings.map((x) => `${x.direction} ${x.account} ${x.amount.toFixed(2)}`)).toEqual([
      'DEBIT ministry:commitment:UITV-WI2021:2026 10.00',
      'CREDIT municipality:GM0001:committed:UITV-WI2021:2026 1.67',
      'CREDIT municipality:GM0003:committed:UITV-WI2021:2026 8.33',
    ]);
  });

  it('posts nothing when every amount is zero', () => {
    expect(allocationPosting(accounts, run(['0.00', '0.00']))).toBeNull();
  });
});

describe('canonicalJson', () => {
  it('sorts keys, writes decimals as plain strings and is stable', () => {
    expect(canonicalJson({ b: [money('0.00000001'), null], a: { d: 1, c: 'x' } })).toBe('{"a":{"c":"x","d":1},"b":["0.00000001",null]}');
    expect(hashOf({ x: 1, y: 2 })).toBe(hashOf({ y: 2, x: 1 }));
  });

  it('refuses floats', () => {
    expect(() => canonicalJson({ a: 0.1 })).toThrow(TypeError);
  });
});
