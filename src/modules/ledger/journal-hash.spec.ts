import fc from 'fast-check';
import { canonicalise, GENESIS_HASH, requestHash, sha256Hex, transactionHash, type CanonicalTransaction } from './journal-hash';

const base: CanonicalTransaction = {
  id: '3f0c7a52-8a51-4c9e-9b0e-1a2b3c4d5e6f',
  sequence: '1',
  prevHash: GENESIS_HASH,
  idempotencyKey: 'alloc:run-1:GM0363',
  requestHash: 'a'.repeat(64),
  kind: 'ALLOCATION',
  effectiveDate: '2025-10-01',
  recordedAt: new Date('2025-10-01T08:00:00.123Z'),
  actor: 'fo-1',
  actorRole: 'FINANCE_OFFICER',
  reason: 'provisional decision 2026',
  currency: 'EUR',
  causeType: 'ALLOCATION_RUN',
  causeId: 'run-1',
  reversesId: null,
  postings: [
    { line: 2, account: 'municipality:GM0363:committed:SPUK-WI2021:2026', direction: 'CREDIT', amount: '1234.50' },
    { line: 1, account: 'ministry:commitment:SPUK-WI2021:2026', direction: 'DEBIT', amount: '1234.50' },
  ],
};

describe('journal hash canonical form', () => {
  it('is the documented JSON array (docs/journal-hash.md)', () => {
    expect(canonicalise(base)).toBe(
      '["ife-journal-v1","3f0c7a52-8a51-4c9e-9b0e-1a2b3c4d5e6f","1",' +
        `"${GENESIS_HASH}","alloc:run-1:GM0363","${'a'.repeat(64)}","ALLOCATION","2025-10-01","2025-10-01T08:00:00.123Z",` +
        '"fo-1","FINANCE_OFFICER","provisional decision 2026","EUR","ALLOCATION_RUN","run-1",null,' +
        '[[1,"ministry:commitment:SPUK-WI2021:2026","DEBIT","1234.50"],[2,"municipality:GM0363:committed:SPUK-WI2021:2026","CREDIT","1234.50"]]]',
    );
    expect(transactionHash(base)).toBe(sha256Hex(canonicalise(base)));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('refuses amounts not written with exactly two decimals', () => {
    for (const amount of ['1234.5', '1234', '1e3', '-1.00', '1.000']) {
      expect(() => canonicalise({ ...base, postings: [{ ...base.postings[0]!, amount }] })).toThrow();
    }
  });

  it('changes with any field (property)', () => {
    const fields: (keyof CanonicalTransaction)[] = [
      'id',
      'sequence',
      'prevHash',
      'idempotencyKey',
      'requestHash',
      'kind',
      'effectiveDate',
      'actor',
      'reason',
      'causeId',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1 }), (field, value) => {
        fc.pre(value !== base[field]);
        expect(transactionHash({ ...base, [field]: value })).not.toBe(transactionHash(base));
      }),
    );
    expect(transactionHash({ ...base, recordedAt: new Date('2025-10-01T08:00:00.124Z') })).not.toBe(transactionHash(base));
    expect(transactionHash({ ...base, postings: [base.postings[0]!, { ...base.postings[1]!, amount: '1234.51' }] })).not.toBe(
      transactionHash(base),
    );
  });

  it('hashes a request by content, not by who asked', () => {
    const r = {
      kind: 'OFFSET',
      effectiveDate: '2026-01-01',
      reason: 'r',
      causeType: null,
      causeId: null,
      reversesId: null,
      postings: [{ account: 'a', direction: 'DEBIT', amount: '1.00' }],
    };
    expect(requestHash(r)).toBe(requestHash({ ...r }));
    expect(requestHash({ ...r, reason: 'r2' })).not.toBe(requestHash(r));
    expect(requestHash({ ...r, postings: [{ account: 'a', direction: 'DEBIT', amount: '1.01' }] })).not.toBe(requestHash(r));
  });
});
