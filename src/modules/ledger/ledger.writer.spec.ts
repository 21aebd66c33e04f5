import fc from 'fast-check';
import type { ParsedAccount } from './account-address';
import { canonicaliseAt, GENESIS_HASH, sha256Hex } from './journal-hash';
import type { PreparedTransaction } from './ledger.validation';
import { chainRows } from './ledger.writer';

// The writer's canonical text (decision 1950) against the definition, canonicaliseAt, byte for
// byte through the hash: texts with quotes, backslashes, control characters, non-ASCII and lone
// surrogates; nulls; postings given out of line order.
const odd = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9 :._-]{1,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom('"', '\\', '\n\t\r', '\u0000\u001f', 'é€😀', '\ud800', 'a"b\\c', '</script>') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
);
const nullable = fc.option(odd, { nil: null });
const account = (address: string): ParsedAccount => ({
  address,
  template: 'ministry:bank',
  kind: 'ASSET',
  normalSide: 'DEBIT',
  municipalityCode: null,
  schemeCode: null,
  year: null,
});
const amount = fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }).map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
const prepared: fc.Arbitrary<PreparedTransaction> = fc
  .record({
    idempotencyKey: odd,
    kind: fc.constantFrom('ALLOCATION', 'ADVANCE_TRANCHE', 'REVERSAL'),
    effectiveDate: fc.constantFrom('2026-01-31', '1999-12-01'),
    reason: odd,
    causeType: nullable,
    causeId: nullable,
    reversesId: fc.option(fc.uuid(), { nil: null }),
    requestHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    postings: fc.array(fc.record({ account: odd, direction: fc.constantFrom('DEBIT', 'CREDIT'), amount }), { minLength: 2, maxLength: 5 }),
    reversed: fc.boolean(),
  })
  .map(({ postings, reversed, ...t }) => {
    const lines = postings.map((q, i) => ({ line: i + 1, account: account(q.account), direction: q.direction, amount: q.amount }));
    return {
      ...t,
      kind: t.kind,
      postings: reversed ? lines.reverse() : lines,
      line: 1,
      keyField: 'inputs[0].idempotencyKey',
    };
  });

describe('ledger writer: the hash chain of a batch', () => {
  it('hashes every link as canonicaliseAt defines it, chained from the head (property)', () => {
    fc.assert(
      fc.property(
        fc.array(prepared, { minLength: 1, maxLength: 4 }),
        fc.option(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.stringMatching(/^[0-9a-f]{64}$/)), { nil: null }),
        fc.constantFrom(new Date('2026-03-01T09:15:00.123Z'), new Date('2030-12-31T23:59:59.999Z')),
        fc.record({ subject: odd, role: fc.constantFrom('FINANCE_OFFICER', 'SYSTEM') }),
        (batch, head, recordedAt, actor) => {
          const rows = [...chainRows(batch, { sequence: head?.[0].toString() ?? null, hash: head?.[1] ?? null }, recordedAt, actor)];
          let prev = head?.[1] ?? GENESIS_HASH;
          let sequence = head?.[0] ?? 0n;
          rows.forEach((row, i) => {
            const p = batch[i] as PreparedTransaction;
            sequence += 1n;
            expect(row.sequence).toBe(sequence.toString());
            expect(row.prevHash).toBe(prev);
            const text = canonicaliseAt(
              {
                id: row.id,
                sequence: row.sequence,
                prevHash: prev,
                idempotencyKey: p.idempotencyKey,
                requestHash: p.requestHash,
                kind: p.kind,
                effectiveDate: p.effectiveDate,
                actor: actor.subject,
                actorRole: actor.role,
                reason: p.reason,
                currency: 'EUR',
                causeType: p.causeType,
                causeId: p.causeId,
                reversesId: p.reversesId,
                postings: p.postings.map((q) => ({ line: q.line, account: q.account.address, direction: q.direction, amount: q.amount })),
              },
              recordedAt.toISOString(),
            );
            expect(row.hash).toBe(sha256Hex(text));
            prev = row.hash;
          });
          expect(rows).toHaveLength(batch.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to hash an amount that is not in the form 0.00', () => {
    const [p] = fc.sample(prepared, { numRuns: 1, seed: 7 }) as [PreparedTransaction];
    const bad = { ...p, postings: p.postings.map((q, i) => (i === 0 ? { ...q, amount: '12.5' } : q)) };
    expect(() => [...chainRows([bad], { sequence: null, hash: null }, new Date(), { subject: 's', role: 'SYSTEM' })]).toThrow(/0\.00/);
  });
});
