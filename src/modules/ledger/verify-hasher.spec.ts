import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { types } from 'pg';
import type { CanonicalPosting } from './journal-hash';
import { GENESIS_HASH, canonicalFromRow, canonicaliseAt, sha256Hex, transactionHash } from './journal-hash';
import {
  NOT_COMPUTABLE,
  checkBatch,
  defaultWorkers,
  fieldsHash,
  plainBatchIntact,
  recordedAtIso,
  batchText,
  accountAddresses,
  copyBatchText,
  copyIdsBatchText,
  copySeqBatchText,
  rowHash,
  verifierPool,
  workerScript,
  type BatchRow,
  type BatchStart,
  type PostingRow,
} from './verify-hasher';
import { checkCopyBytes, inlineChecker, plainBytesIntact } from './verify-bytes';

const driverIso = (text: string): string => (types.getTypeParser(1184) as (t: string) => Date)(text).toISOString();

/** A chain of `n` transactions as the batch statements send them (raw text), with real hashes. */
function chain(n: number): { rows: BatchRow[]; postings: PostingRow[] } {
  const rows: BatchRow[] = [];
  const postings: PostingRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const amount = `${i}.50`;
    const row: BatchRow = [
      id,
      String(i),
      prev,
      `k-${i}`,
      'a'.repeat(64),
      'ADVANCE_TRANCHE',
      '2025-03-15',
      `2025-03-15 09:00:00${
        i % 3 === 0
          ? ''
          : `.${
              String(i % 1000)
                .padStart(3, '0')
                .replace(/0+$/, '') || '0'
            }`
      }+00`,
      'fo-1',
      'FINANCE_OFFICER',
      `tranche ${i} — "quoted" \n`,
      'EUR',
      i % 2 === 0 ? null : 'BENCH',
      i % 2 === 0 ? null : String(i),
      null,
      '',
    ];
    // Every seventh transaction without postings; the others' lines out of order, as PostgreSQL may send them.
    const own: PostingRow[] =
      i % 7 === 0
        ? []
        : [
            [id, '2', 'ministry:bank', 'CREDIT', amount],
            [id, '1', 'municipality:GM0363:advance:X:2025', 'DEBIT', amount],
          ];
    row[15] = rowHash(row, postingsOf(own));
    prev = row[15];
    rows.push(row);
    postings.push(...own);
  }
  return { rows, postings };
}

const postingsOf = (own: PostingRow[]): CanonicalPosting[] =>
  own.map(([, line, account, direction, amount]) => ({ line: Number(line), account, direction, amount }));

/** The batch of rows `from`..`to` (0-based, end excluded) as the main thread hands it on. */
const text = (c: { rows: BatchRow[]; postings: PostingRow[] }, from = 0, to = c.rows.length): string => {
  const rows = c.rows.slice(from, to);
  const ids = new Set(rows.map((r) => r[0]));
  return batchText(
    rows,
    c.postings.filter((p) => ids.has(p[0])),
  );
};
const copy = (c: { rows: BatchRow[]; postings: PostingRow[] }) => ({
  rows: c.rows.map((r) => [...r] as BatchRow),
  postings: c.postings.map((p) => [...p] as PostingRow),
});
const from0: BatchStart = { sequence: '1', prevHash: GENESIS_HASH };

/** Rows as `COPY … TO STDOUT` writes them in its text format (what the snapshot readers hand on). */
const copyText = (rows: (string | null)[][]): string =>
  rows
    .map(
      (r) =>
        `${r
          .map((v) =>
            v === null
              ? '\\N'
              : v.replace(
                  /[\\\n\r\t\b\f\v]/g,
                  (ch) =>
                    `\\${({ '\\': '\\', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f', '\v': 'v' } as Record<string, string>)[ch]}`,
                ),
          )
          .join('\t')}\n`,
    )
    .join('');

/** A snapshot batch as the readers receive it (decision 1930): the three COPY outputs as bytes. */
const bytesOf = (accounts: string, transactions: string, postings: string) => ({
  accounts: Buffer.from(accounts),
  transactions: Buffer.from(transactions),
  postings: Buffer.from(postings),
});

/** A chain whose reasons and cause ids carry every character COPY escapes, hashed link by link. */
function oddChain(n: number): { rows: BatchRow[]; postings: PostingRow[] } {
  const c = chain(n);
  let prev = GENESIS_HASH;
  c.rows.forEach((r, i) => {
    r[2] = prev;
    r[10] = `tab\there ${i}, line\nbreak, cr\r, back\\slash \\N, \b\f\v café \\.`;
    r[13] = i % 2 === 0 ? null : `x\\y\tz`;
    r[15] = rowHash(r, postingsOf(c.postings.filter((p) => p[0] === r[0])));
    prev = r[15];
  });
  return c;
}

// The worker runs the compiled code (dist/, made by `npm run build`, which `npm test` runs first).
const compiledWorker = path.resolve(__dirname, '../../../dist/src/modules/ledger/verify-worker.js');

describe('journal verification batches (decisions 1720, 1780)', () => {
  it('reads recorded_at exactly as the driver does, every 0–3 digit fraction and the other forms', () => {
    for (let d = 0; d <= 3; d += 1) {
      for (let k = 0; k < 10 ** d; k += 1) {
        const t = `2026-01-31 23:59:58${d === 0 ? '' : `.${String(k).padStart(d, '0')}`}+00`;
        expect(recordedAtIso(t)).toBe(driverIso(t));
      }
    }
    for (const t of [
      '2026-01-31 09:15:00.123456+00',
      '2026-01-31 10:15:00.5+01',
      '0099-06-01 00:00:00+00',
      '2026-07-01 02:00:00.9995+02:00',
    ]) {
      expect(recordedAtIso(t)).toBe(driverIso(t));
    }
  });

  it('hashes a row as the writer does; a malformed amount is not computable', () => {
    const c = chain(1);
    const r = c.rows[0]!;
    const stored = {
      id: r[0],
      sequence: r[1],
      prev_hash: r[2],
      idempotency_key: r[3],
      request_hash: r[4],
      kind: r[5],
      effective_date: r[6],
      recorded_at: new Date(driverIso(r[7])),
      actor: r[8],
      actor_role: r[9],
      reason: r[10],
      currency: r[11],
      cause_type: r[12],
      cause_id: r[13],
      reverses_id: r[14],
    };
    const postings = postingsOf(c.postings);
    expect(rowHash(r, postings)).toBe(transactionHash(canonicalFromRow(stored, postings)));
    expect(rowHash(r, [{ line: 1, account: 'ministry:bank', direction: 'DEBIT', amount: '12.5' }])).toBe(NOT_COMPUTABLE);
  });

  it('decodes a batch of COPY text as the same rows as its JSON (decision 1851)', () => {
    const c = oddChain(12);
    const json = checkBatch(batchText(c.rows, c.postings), from0);
    expect(json).toMatchObject({ count: 12, brokenAt: null });
    expect(checkBatch(copyBatchText(copyText(c.rows), copyText(c.postings)), from0)).toEqual(json);
    // An empty batch, and a batch whose transactions have no postings.
    expect(checkBatch(copyBatchText('', ''), from0)).toEqual(checkBatch(batchText([], []), from0));
    expect(checkBatch(copyBatchText(copyText(c.rows), ''), from0)).toEqual(checkBatch(batchText(c.rows, []), from0));
    // A changed reason is found at the same row either way.
    const bad = copy(c);
    bad.rows[5]![10] = 'changed';
    const broken = checkBatch(batchText(bad.rows, bad.postings), from0);
    expect(broken.brokenAt).toMatchObject({ sequence: '6', problem: 'HASH_MISMATCH' });
    expect(checkBatch(copyBatchText(copyText(bad.rows), copyText(bad.postings)), from0)).toEqual(broken);
  });

  describe('the canonical text assembled from fields (decision 1900) is canonicaliseAt()', () => {
    // Texts PostgreSQL can send (well-formed: COPY text is decoded from UTF-8, so no lone surrogate),
    // mostly plain, with every character COPY or JSON escapes, `\\N` and `\\.` as text, non-ASCII.
    const odd = fc.constantFrom(
      '"',
      '\\',
      '\\N',
      '\\.',
      '\t',
      '\n',
      '\r',
      '\b',
      '\f',
      '\v',
      '\u0000',
      '\u0001',
      '\u001f',
      '\u007f',
      'é',
      '€',
      '😀',
      '\u2028',
      'N',
    );
    const plainText = fc.stringMatching(/^[A-Za-z0-9 :._-]{0,12}$/);
    const text = (plainOnly: boolean) =>
      plainOnly
        ? plainText
        : fc.oneof(
            { weight: 3, arbitrary: plainText },
            { weight: 2, arbitrary: fc.array(fc.oneof(odd, plainText), { maxLength: 6 }).map((parts) => parts.join('')) },
            { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
          );
    const recordedAt = fc.constantFrom(
      '2026-01-31 09:15:00+00',
      '2026-01-31 09:15:00.1+00',
      '2026-01-31 09:15:00.12+00',
      '2026-01-31 09:15:00.123+00',
      '2026-01-31 09:15:00.123456+00',
      '2026-01-31 10:15:00.5+01',
      '0099-06-01 00:00:00+00',
      'not a timestamp',
    );
    const amount = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.nat(10_000_000), fc.nat(99)).map(([e, c]) => `${e}.${String(c).padStart(2, '0')}`) },
      { weight: 1, arbitrary: fc.constantFrom('12.5', '1e3', '-1.00', '1.000', '', '12.50\\') },
    );
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.nat(40).map(String) },
      { weight: 1, arbitrary: fc.constantFrom('007', '-1', '1.5', 'x') },
    );
    const transaction = (plainOnly: boolean) =>
      fc.record({
        id: plainOnly ? fc.uuid() : fc.oneof(fc.uuid(), text(false)),
        sequence: fc.bigInt({ min: 1n, max: 2n ** 62n }).map(String),
        prevHash: fc.oneof(fc.constant('f'.repeat(64)), text(plainOnly)),
        fields: fc.array(text(plainOnly), { minLength: 9, maxLength: 9 }),
        effectiveDate: fc.constantFrom('2026-01-31', '2025-12-01'),
        recordedAt,
        causes: fc.array(fc.option(text(plainOnly)), { minLength: 3, maxLength: 3 }),
        postings: fc.array(
          fc.record({ line: plainOnly ? fc.nat(40).map(String) : line, account: text(plainOnly), direction: text(plainOnly), amount }),
          { maxLength: 5 },
        ),
      });
    type Generated = ReturnType<typeof transaction> extends fc.Arbitrary<infer T> ? T : never;
    const rowOf = (t: Generated): BatchRow => {
      const [idempotencyKey, requestHash, kind, actor, actorRole, reason, currency, hash] = t.fields;
      const [causeType, causeId, reversesId] = t.causes;
      return [
        t.id,
        t.sequence,
        t.prevHash,
        idempotencyKey!,
        requestHash!,
        kind!,
        t.effectiveDate,
        t.recordedAt,
        actor!,
        actorRole!,
        reason!,
        currency!,
        causeType!,
        causeId!,
        reversesId!,
        hash!,
      ];
    };
    const postingRowsOf = (t: Generated): PostingRow[] => t.postings.map((p) => [t.id, p.line, p.account, p.direction, p.amount]);
    /** What canonicaliseAt() and SHA-256 give for the transaction (NOT_COMPUTABLE where it refuses it). */
    const reference = (r: BatchRow, postings: PostingRow[]): string => {
      try {
        return sha256Hex(
          canonicaliseAt(
            {
              id: r[0],
              sequence: r[1],
              prevHash: r[2],
              idempotencyKey: r[3],
              requestHash: r[4],
              kind: r[5],
              effectiveDate: r[6],
              actor: r[8],
              actorRole: r[9],
              reason: r[10],
              currency: r[11],
              causeType: r[12],
              causeId: r[13],
              reversesId: r[14],
              postings: postingsOf(postings),
            },
            recordedAtIso(r[7]),
          ),
        );
      } catch {
        return NOT_COMPUTABLE;
      }
    };
    /** The raw fields of one COPY line. */
    const copyFields = (row: (string | null)[]): string[] => copyText([row]).slice(0, -1).split('\t');

    it('byte for byte over random and edge-case transactions, from JSON and from COPY text', () => {
      fc.assert(
        fc.property(transaction(false), (t) => {
          const r = rowOf(t);
          const postings = postingRowsOf(t);
          const want = reference(r, postings);
          expect(rowHash(r, postingsOf(postings))).toBe(want);
          expect(fieldsHash(r, postings, false)).toBe(want);
          expect(fieldsHash(copyFields(r), postings.map(copyFields), true)).toBe(want);
        }),
        { numRuns: 3000 },
      );
    });

    it('takes plain COPY fields as they are, byte for byte', () => {
      fc.assert(
        fc.property(transaction(true), (t) => {
          const r = rowOf(t);
          const postings = postingRowsOf(t);
          expect(fieldsHash(copyFields(r), postings.map(copyFields), true, true)).toBe(reference(r, postings));
        }),
        { numRuns: 2000 },
      );
    });

    /** The transactions as one hash chain from genesis: their rows (hash from the reference) and postings. */
    const chainOf = (ts: Generated[]): { rows: BatchRow[]; postings: PostingRow[]; prev: string } => {
      const rows: BatchRow[] = [];
      const postings: PostingRow[] = [];
      let prev = GENESIS_HASH;
      ts.forEach((t, i) => {
        const r = rowOf({ ...t, sequence: String(i + 1), prevHash: prev });
        const own = postingRowsOf(t).map((p): PostingRow => [r[0], p[1], p[2], p[3], p[4]]);
        r[15] = reference(r, own);
        prev = r[15];
        rows.push(r);
        postings.push(...own);
      });
      return { rows, postings, prev };
    };

    /** Whether every field is plain text, every amount and line in the canonical form (what the line path takes). */
    const plainChain = (rows: BatchRow[], postings: PostingRow[]): boolean =>
      rows.every((r) => r.every((v, i) => (v === null ? i >= 12 && i <= 14 : /^[A-Za-z0-9 :._+-]*$/.test(v)))) &&
      postings.every((p) => p.every((v) => /^[A-Za-z0-9 :._+-]*$/.test(v)) && /^(?:0|[1-9]\d*)$/.test(p[1]) && /^\d+\.\d{2}$/.test(p[4]));

    it('checks whole chains of such transactions from JSON and from COPY text alike, and finds a change in any of them', () => {
      let plainChecked = 0;
      fc.assert(
        fc.property(fc.array(fc.oneof(transaction(true), transaction(false)), { minLength: 1, maxLength: 6 }), fc.nat(), (ts, pick) => {
          const { rows, postings, prev } = chainOf(ts);
          // Ids drawn twice would share their postings: one chain of distinct ids.
          fc.pre(new Set(rows.map((r) => r[0])).size === rows.length && rows.every((r) => r[15] !== NOT_COMPUTABLE));
          const intact = { count: rows.length, headSequence: String(rows.length), headHash: prev, brokenAt: null };
          expect(checkBatch(batchText(rows, postings), from0)).toEqual(intact);
          expect(checkBatch(copyBatchText(copyText(rows), copyText(postings)), from0)).toEqual(intact);
          // A chain of plain transactions in line order is checked from its lines as they are (the
          // usual batch); the others are left to the general path.
          const linesInOrder = ts.every((t) => t.postings.every((p, i, all) => i === 0 || Number(all[i - 1]!.line) <= Number(p.line)));
          const plainIntact = plainBatchIntact(copyText(rows), copyText(postings), from0);
          if (plainChain(rows, postings) && linesInOrder) {
            expect(plainIntact).toEqual(intact);
            plainChecked += 1;
          } else if (plainIntact !== undefined) {
            expect(plainIntact).toEqual(intact);
          }
          // One changed field of one transaction: found there, by both.
          const at = pick % rows.length;
          const changed = rows.map((r) => [...r] as BatchRow);
          changed[at]![10] = `${changed[at]![10]}!`;
          const broken = checkBatch(batchText(changed, postings), from0);
          expect(broken.brokenAt).toMatchObject({ sequence: String(at + 1), problem: 'HASH_MISMATCH' });
          expect(checkBatch(copyBatchText(copyText(changed), copyText(postings)), from0)).toEqual(broken);
          expect(plainBatchIntact(copyText(changed), copyText(postings), from0)).toBeUndefined();
        }),
        { numRuns: 500 },
      );
      expect(plainChecked).toBeGreaterThan(20);
    });

    it('checks chains whose postings carry account ids mapped by the accounts text as with the addresses, and finds a changed or missing account (decisions 1901, 1930)', () => {
      let plainChecked = 0;
      fc.assert(
        fc.property(fc.array(fc.oneof(transaction(true), transaction(false)), { minLength: 1, maxLength: 6 }), fc.nat(), (ts, pick) => {
          const { rows, postings, prev } = chainOf(ts);
          fc.pre(new Set(rows.map((r) => r[0])).size === rows.length && rows.every((r) => r[15] !== NOT_COMPUTABLE));
          // Every address once, with an id (the accounts in an order of their own).
          const addresses = [...new Set(postings.map((p) => p[2]))].reverse();
          const idOf = new Map(addresses.map((a, i) => [a, String(100 + i)]));
          const accounts = (list: string[]) => copyText(list.map((a) => [idOf.get(a)!, a] as (string | null)[]));
          const withIds = postings.map((p): PostingRow => [p[0], p[1], idOf.get(p[2])!, p[3], p[4]]);
          const intact = { count: rows.length, headSequence: String(rows.length), headHash: prev, brokenAt: null };
          const byAddress = checkBatch(copyBatchText(copyText(rows), copyText(postings)), from0);
          expect(byAddress).toEqual(intact);
          expect(checkBatch(copyIdsBatchText(accounts(addresses), copyText(rows), copyText(withIds)), from0)).toEqual(intact);
          const linesInOrder = ts.every((t) => t.postings.every((p, i, all) => i === 0 || Number(all[i - 1]!.line) <= Number(p.line)));
          const viaIds = plainBatchIntact(copyText(rows), copyText(withIds), from0, accountAddresses(accounts(addresses)));
          // From the bytes (decision 1930): the same answer, from the bytes path for the plain chains.
          const bySequence = withIds.map((q): PostingRow => [rows.find((r) => r[0] === q[0])![1], q[1], q[2], q[3], q[4]]);
          const bytes = bytesOf(accounts(addresses), copyText(rows), copyText(bySequence));
          expect(checkBatch(copySeqBatchText(accounts(addresses), copyText(rows), copyText(bySequence)), from0)).toEqual(intact);
          expect(checkCopyBytes(bytes, from0)).toEqual(intact);
          const viaBytes = plainBytesIntact(bytes, from0);
          if (plainChain(rows, postings) && linesInOrder) {
            expect(viaIds).toEqual(intact);
            expect(viaBytes).toEqual(intact);
            plainChecked += 1;
          } else {
            if (viaIds !== undefined) {
              expect(viaIds).toEqual(intact);
            }
            if (viaBytes !== undefined) {
              expect(viaBytes).toEqual(intact);
            }
          }
          // One changed field of one transaction: found there from the bytes too, never by the bytes path.
          const changedRows = rows.map((r) => [...r] as BatchRow);
          changedRows[pick % rows.length]![10] = `${changedRows[pick % rows.length]![10]}!`;
          const changedBytes = bytesOf(accounts(addresses), copyText(changedRows), copyText(bySequence));
          const brokenRow = checkBatch(copyIdsBatchText(accounts(addresses), copyText(changedRows), copyText(withIds)), from0);
          expect(brokenRow.brokenAt).toMatchObject({ sequence: String((pick % rows.length) + 1), problem: 'HASH_MISMATCH' });
          expect(checkCopyBytes(changedBytes, from0)).toEqual(brokenRow);
          expect(plainBytesIntact(changedBytes, from0)).toBeUndefined();
          if (postings.length === 0) {
            return;
          }
          // One account's address changed, or one posting's id unknown: the first transaction with
          // such a posting is broken, as it is when its posting's address is changed in place.
          const p = postings[pick % postings.length]!;
          const changedAddress = `${p[2]}!`;
          const changedPostings = postings.map((q): PostingRow => (q[2] === p[2] ? [q[0], q[1], changedAddress, q[3], q[4]] : q));
          const broken = checkBatch(copyBatchText(copyText(rows), copyText(changedPostings)), from0);
          expect(broken.brokenAt).toMatchObject({ problem: 'HASH_MISMATCH' });
          const changedAccounts = copyText(addresses.map((a) => [idOf.get(a)!, a === p[2] ? changedAddress : a] as (string | null)[]));
          expect(checkBatch(copyIdsBatchText(changedAccounts, copyText(rows), copyText(withIds)), from0)).toEqual(broken);
          expect(plainBatchIntact(copyText(rows), copyText(withIds), from0, accountAddresses(changedAccounts))).toBeUndefined();
          expect(checkCopyBytes(bytesOf(changedAccounts, copyText(rows), copyText(bySequence)), from0)).toEqual(broken);
          expect(plainBytesIntact(bytesOf(changedAccounts, copyText(rows), copyText(bySequence)), from0)).toBeUndefined();
          const missing = accounts(addresses.filter((a) => a !== p[2]));
          expect(checkBatch(copyIdsBatchText(missing, copyText(rows), copyText(withIds)), from0)).toMatchObject({
            count: broken.count,
            brokenAt: { sequence: broken.brokenAt!.sequence, problem: 'HASH_MISMATCH' },
          });
          expect(plainBatchIntact(copyText(rows), copyText(withIds), from0, accountAddresses(missing))).toBeUndefined();
          expect(checkCopyBytes(bytesOf(missing, copyText(rows), copyText(bySequence)), from0)).toMatchObject({
            count: broken.count,
            brokenAt: { sequence: broken.brokenAt!.sequence, problem: 'HASH_MISMATCH' },
          });
          expect(plainBytesIntact(bytesOf(missing, copyText(rows), copyText(bySequence)), from0)).toBeUndefined();
        }),
        { numRuns: 500 },
      );
      expect(plainChecked).toBeGreaterThan(20);
    });
  });

  it('checks a batch from its start and names the first broken link of each kind', () => {
    const c = chain(30);
    const { rows } = c;
    expect(checkBatch(text(c), from0)).toEqual({ count: 30, headSequence: '30', headHash: rows[29]![15], brokenAt: null });
    // A batch in the middle of the chain, started from its predecessor as stored.
    expect(checkBatch(text(c, 10, 20), { sequence: '11', prevHash: rows[9]![15] })).toMatchObject({
      count: 10,
      headSequence: '20',
      brokenAt: null,
    });
    expect(checkBatch(batchText([], []), { sequence: '31', prevHash: rows[29]![15] })).toEqual({
      count: 0,
      headSequence: '30',
      headHash: rows[29]![15],
      brokenAt: null,
    });

    const changed = copy(c);
    changed.rows[16]![10] = 'nothing to see';
    const own = postingsOf(c.postings.filter((p) => p[0] === rows[16]![0]));
    expect(checkBatch(text(changed), from0)).toEqual({
      count: 16,
      headSequence: '16',
      headHash: rows[15]![15],
      brokenAt: {
        transactionId: rows[16]![0],
        sequence: '17',
        problem: 'HASH_MISMATCH',
        expected: rowHash(changed.rows[16]!, own),
        actual: rows[16]![15],
      },
    });
    const amount = copy(c);
    amount.postings.find((p) => p[0] === rows[19]![0])![4] = '999.99';
    expect(checkBatch(text(amount), from0)).toMatchObject({ count: 19, brokenAt: { sequence: '20', problem: 'HASH_MISMATCH' } });
    const dropped = copy(c);
    dropped.postings = dropped.postings.filter((p) => !(p[0] === rows[22]![0] && p[1] === '2'));
    expect(checkBatch(text(dropped), from0)).toMatchObject({ count: 22, brokenAt: { sequence: '23', problem: 'HASH_MISMATCH' } });
    const relinked = copy(c);
    relinked.rows[5]![2] = 'f'.repeat(64);
    expect(checkBatch(text(relinked), from0).brokenAt).toMatchObject({
      sequence: '6',
      problem: 'PREV_HASH_MISMATCH',
      expected: rows[4]![15],
    });
    const gap = { rows: [...rows.slice(0, 8), ...rows.slice(9)], postings: c.postings };
    expect(checkBatch(text(gap), from0)).toMatchObject({ count: 8, brokenAt: { sequence: '10', problem: 'SEQUENCE_GAP', expected: '9' } });
    // A batch started from a wrong predecessor is broken at its first row.
    expect(checkBatch(text(c, 10, 20), { sequence: '11', prevHash: rows[8]![15] }).brokenAt).toMatchObject({
      sequence: '11',
      problem: 'PREV_HASH_MISMATCH',
    });
  });

  it('checks on the main thread by default on two cores or fewer, else in one worker per core, at most 4 (decision 1900)', () => {
    expect([1, 2, 3, 4, 8].map((cores) => defaultWorkers(cores))).toEqual([0, 0, 3, 4, 4]);
  });

  it('is not offered a worker when running from TypeScript sources', () => {
    expect(workerScript()).toBeUndefined();
  });

  it('gives the same results from two compiled worker threads, batches in flight together', async () => {
    expect(fs.existsSync(compiledWorker)).toBe(true);
    const c = chain(60);
    const changed = copy(c);
    changed.postings.find((p) => p[0] === c.rows[44]![0])![4] = '999.99';
    const pool = verifierPool(compiledWorker, 2);
    try {
      for (const data of [c, changed]) {
        const batches = [0, 10, 20, 30, 40, 50].map((at) => ({
          text: text(data, at, at + 10),
          start: { sequence: String(at + 1), prevHash: at === 0 ? GENESIS_HASH : data.rows[at - 1]![15] },
        }));
        const results = await Promise.all(batches.map((b) => pool.check(b.text, b.start)));
        expect(results).toEqual(await Promise.all(batches.map((b) => inlineChecker.check(b.text, b.start))));
      }
      const broken = await pool.check(text(changed, 40, 50), { sequence: '41', prevHash: changed.rows[39]![15] });
      expect(broken).toMatchObject({ count: 4, headSequence: '44', brokenAt: { sequence: '45', problem: 'HASH_MISMATCH' } });
    } finally {
      await pool.close();
    }
  });

  it('rejects the batch when a worker cannot run, never reports a result it did not compute', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ife-worker-')), 'throws.js');
    fs.writeFileSync(broken, "throw new Error('worker failed to start');\n");
    const pool = verifierPool(broken, 2);
    try {
      await expect(pool.check(text(chain(3)), from0)).rejects.toThrow(/worker failed to start|exited/);
      await expect(pool.check(text(chain(3)), from0)).rejects.toThrow(/worker failed to start|exited/);
    } finally {
      await pool.close();
    }
  });
});

describe('journal verification from the COPY bytes (decision 1930)', () => {
  /** A plain chain with account ids: non-ASCII and astral text, nulls, every recorded_at form. */
  function plainChain(n: number) {
    const addresses = ['ministry:bank', 'municipality:GM0363:advance:X:2025', 'gemeente:Súdwest-Fryslân:🙂'];
    const accountsText = addresses.map((a, i) => `${7 + i * 1000}\t${a}\n`).join('');
    const rows: BatchRow[] = [];
    const withIds: PostingRow[] = [];
    let prev = GENESIS_HASH;
    const stamps = ['2025-03-15 09:00:00+00', '2025-03-15 09:00:00.5+00', '2025-03-15 09:00:00.25+00', '2025-03-15 09:00:00.125+00'];
    for (let i = 1; i <= n; i += 1) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const row: BatchRow = [
        id,
        String(i),
        prev,
        `k-${i}`,
        'a'.repeat(64),
        'ADVANCE_TRANCHE',
        '2025-03-15',
        i === 5 ? '2025-03-15 10:00:00.123456+01' : (stamps[i % 4] as string),
        'fo-1',
        'FINANCE_OFFICER',
        `tranche ${i} — café 🙂 ĳ`,
        'EUR',
        i % 2 === 0 ? null : 'BENCH',
        i % 2 === 0 ? null : String(i),
        i % 3 === 0 ? id : null,
        '',
      ];
      const own: PostingRow[] =
        i % 7 === 0
          ? []
          : [
              [String(i), '1', String(7 + (i % 3) * 1000), 'DEBIT', `${i}.50`],
              [String(i), '2', '7', 'CREDIT', `${i}.50`],
            ];
      row[15] = rowHash(
        row,
        own.map(([, line, account, direction, amount]) => ({
          line: Number(line),
          account: addresses[(Number(account) - 7) / 1000] as string,
          direction,
          amount,
        })),
      );
      prev = row[15];
      rows.push(row);
      withIds.push(...own);
    }
    return { rows, postings: withIds, accountsText, head: prev };
  }
  const batchOf = (c: { rows: BatchRow[]; postings: PostingRow[]; accountsText: string }) =>
    bytesOf(c.accountsText, copyText(c.rows), copyText(c.postings));
  const general = (c: { rows: BatchRow[]; postings: PostingRow[]; accountsText: string }, start = from0) =>
    checkBatch(copySeqBatchText(c.accountsText, copyText(c.rows), copyText(c.postings)), start);

  it('takes a plain batch from its bytes, with the answer the general path gives, from genesis and from the middle', () => {
    const c = plainChain(30);
    const intact = { count: 30, headSequence: '30', headHash: c.head, brokenAt: null };
    expect(general(c)).toEqual(intact);
    expect(plainBytesIntact(batchOf(c), from0)).toEqual(intact);
    expect(checkCopyBytes(batchOf(c), from0)).toEqual(intact);
    const ids = new Set(c.rows.slice(10).map((r) => r[1]));
    const later = { ...c, rows: c.rows.slice(10), postings: c.postings.filter((p) => ids.has(p[0])) };
    const start = { sequence: '11', prevHash: c.rows[9]![15] };
    expect(plainBytesIntact(batchOf(later), start)).toEqual({ count: 20, headSequence: '30', headHash: c.head, brokenAt: null });
    expect(plainBytesIntact(bytesOf(c.accountsText, '', ''), start)).toEqual({
      count: 0,
      headSequence: '10',
      headHash: start.prevHash,
      brokenAt: null,
    });
  });

  // Each change leaves the bytes path (undefined) and is found by the general path at the changed transaction.
  const changes: [string, (c: ReturnType<typeof plainChain>) => void, string, string][] = [
    ['a changed reason', (c) => void (c.rows[12]![10] = 'tranche 13 — café 🙂 ĳ!'), '13', 'HASH_MISMATCH'],
    ['a changed prev_hash', (c) => void (c.rows[12]![2] = 'b'.repeat(64)), '13', 'PREV_HASH_MISMATCH'],
    ['a changed stored hash', (c) => void (c.rows[12]![15] = 'c'.repeat(64)), '13', 'HASH_MISMATCH'],
    ['a gap in the sequence', (c) => void (c.rows[12]![1] = '14'), '14', 'SEQUENCE_GAP'],
    ['a null cause turned into text', (c) => void (c.rows[13]![12] = 'BENCH'), '14', 'HASH_MISMATCH'],
    ['a changed recorded_at', (c) => void (c.rows[12]![7] = '2025-03-15 09:00:00.126+00'), '13', 'HASH_MISMATCH'],
    ['a changed amount', (c) => void (c.postings.find((p) => p[0] === c.rows[12]![1])![4] = '13.51'), '13', 'HASH_MISMATCH'],
    ['a posting on another account', (c) => void (c.postings.find((p) => p[0] === c.rows[12]![1])![2] = '2007'), '13', 'HASH_MISMATCH'],
    ['an unknown account', (c) => void (c.postings.find((p) => p[0] === c.rows[12]![1])![2] = '8'), '13', 'HASH_MISMATCH'],
    [
      'a posting moved to the next transaction',
      (c) => void (c.postings.find((p) => p[0] === c.rows[12]![1])![0] = c.rows[13]![1]),
      '13',
      'HASH_MISMATCH',
    ],
    ['a malformed amount', (c) => void (c.postings.find((p) => p[0] === c.rows[12]![1])![4] = '13.5'), '13', 'HASH_MISMATCH'],
  ];
  /** The hashes from row `from` (0-based) on recomputed, each row linked to the one before as stored. */
  const rehash = (c: ReturnType<typeof plainChain>, from: number, relink: boolean) => {
    const addresses = new Map(
      c.accountsText
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t') as [string, string]),
    );
    for (let i = from; i < c.rows.length; i += 1) {
      const r = c.rows[i]!;
      if (relink && i > from) {
        r[2] = c.rows[i - 1]![15];
      }
      r[15] = rowHash(
        r,
        c.postings
          .filter((p) => p[0] === String(i + 1))
          .map(([, line, account, direction, amount]) => ({ line: Number(line), account: addresses.get(account)!, direction, amount })),
      );
    }
  };
  // A row changed and its hash (and every later one) recomputed: only the chain's links show it.
  const rewritten: [string, (c: ReturnType<typeof plainChain>) => void, string, string][] = [
    ['a relinked row', (c) => void ((c.rows[12]![2] = 'b'.repeat(64)), rehash(c, 12, true)), '13', 'PREV_HASH_MISMATCH'],
    ['a renumbered row', (c) => void ((c.rows[12]![1] = '113'), rehash(c, 12, true)), '113', 'SEQUENCE_GAP'],
    ['a rehashed row', (c) => void ((c.rows[12]![10] = 'x'), rehash(c, 12, false)), '14', 'PREV_HASH_MISMATCH'],
  ];
  it.each([...changes, ...rewritten])('leaves %s to the general path, which finds it', (_, change, sequence, problem) => {
    const c = plainChain(30);
    change(c);
    const broken = general(c);
    expect(broken.brokenAt).toMatchObject({ sequence, problem });
    expect(plainBytesIntact(batchOf(c), from0)).toBeUndefined();
    expect(checkCopyBytes(batchOf(c), from0)).toEqual(broken);
  });

  it('leaves postings out of line order, bytes that are not UTF-8 and escaped text to the general path', () => {
    const c = plainChain(30);
    const intact = { count: 30, headSequence: '30', headHash: c.head, brokenAt: null };
    const swapped = { ...c, postings: [...c.postings] };
    [swapped.postings[2], swapped.postings[3]] = [swapped.postings[3]!, swapped.postings[2]!];
    expect(plainBytesIntact(batchOf(swapped), from0)).toBeUndefined();
    expect(checkCopyBytes(batchOf(swapped), from0)).toEqual(intact);
    const bytes = batchOf(c);
    const at = bytes.transactions.indexOf('café');
    const notUtf8 = { ...bytes, transactions: Buffer.from(bytes.transactions) };
    notUtf8.transactions[at + 3] = 0xff;
    expect(plainBytesIntact(notUtf8, from0)).toBeUndefined();
    expect(checkCopyBytes(notUtf8, from0).brokenAt).toMatchObject({ problem: 'HASH_MISMATCH' });
    const odd = plainChain(3);
    odd.rows[1]![10] = 'tab\there';
    odd.rows[1]![15] = 'x';
    expect(plainBytesIntact(batchOf(odd), from0)).toBeUndefined();
    expect(checkCopyBytes(batchOf(odd), from0)).toEqual(general(odd));
  });
});
