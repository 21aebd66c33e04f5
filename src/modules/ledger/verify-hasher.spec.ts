import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENESIS_HASH, canonicalFromRow, transactionHash } from './journal-hash';
import { NOT_COMPUTABLE, computeHashes, inlineHasher, workerHasher, workerScript, type VerifyRow } from './verify-hasher';

const row = (i: number, amount = '12.50'): VerifyRow => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  sequence: String(i),
  prev_hash: GENESIS_HASH,
  idempotency_key: `k-${i}`,
  request_hash: 'a'.repeat(64),
  kind: 'ADVANCE_TRANCHE',
  effective_date: '2025-03-15',
  recorded_at: new Date(Date.UTC(2025, 2, 15, 9, 0, 0, i % 1000)),
  actor: 'fo-1',
  actor_role: 'FINANCE_OFFICER',
  reason: `tranche ${i} — "quoted" \n`,
  currency: 'EUR',
  cause_type: i % 2 === 0 ? null : 'BENCH',
  cause_id: i % 2 === 0 ? null : String(i),
  reverses_id: null,
  hash: 'irrelevant',
  postings: JSON.stringify([
    [1, 'municipality:GM0363:advance:X:2025', 'DEBIT', amount],
    [2, 'ministry:bank', 'CREDIT', amount],
  ]),
});

// The worker runs the compiled code (dist/, made by `npm run build`, which `npm test` runs first).
const compiledWorker = path.resolve(__dirname, '../../../dist/src/modules/ledger/verify-worker.js');

describe('journal verification hashing (decision 1720)', () => {
  const rows = [...Array.from({ length: 50 }, (_, i) => row(i + 1)), row(51, '12.5'), { ...row(52), postings: null }];

  it('hashes each row as the writer does; a malformed amount is not computable', async () => {
    const hashes = computeHashes(rows);
    expect(hashes[0]).toBe(
      transactionHash(
        canonicalFromRow(rows[0]!, [
          { line: 1, account: 'municipality:GM0363:advance:X:2025', direction: 'DEBIT', amount: '12.50' },
          { line: 2, account: 'ministry:bank', direction: 'CREDIT', amount: '12.50' },
        ]),
      ),
    );
    expect(hashes[50]).toBe(NOT_COMPUTABLE);
    expect(hashes[51]).toBe(transactionHash(canonicalFromRow(rows[51]!, [])));
    expect(await inlineHasher.hash(rows)).toEqual(hashes);
  });

  it('is not offered a worker when running from TypeScript sources', () => {
    expect(workerScript()).toBeUndefined();
  });

  it('gives the same hashes from the compiled worker thread, batch after batch', async () => {
    expect(fs.existsSync(compiledWorker)).toBe(true);
    const hasher = workerHasher(compiledWorker);
    try {
      expect(await hasher.hash(rows)).toEqual(computeHashes(rows));
      expect(await hasher.hash(rows.slice(10, 20))).toEqual(computeHashes(rows.slice(10, 20)));
      expect(await hasher.hash([])).toEqual([]);
    } finally {
      await hasher.close();
    }
  });

  it('rejects the batch when the worker cannot run, never reports hashes it did not compute', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ife-worker-')), 'throws.js');
    fs.writeFileSync(broken, "throw new Error('worker failed to start');\n");
    const hasher = workerHasher(broken);
    try {
      await expect(hasher.hash(rows)).rejects.toThrow(/worker failed to start|exited/);
    } finally {
      await hasher.close();
    }
  });
});
