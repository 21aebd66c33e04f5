import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { compactVerify, importJWK, type JWK } from 'jose';
import { codes, createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { accounts, postTransaction, type PostedTransaction } from '../../src/modules/ledger';
import { publishCheckpoint, checkpointPayload, type CheckpointDocument } from '../../src/modules/ledger/checkpoint.service';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';
import { wholeJournalWalks } from '../../src/modules/ledger/whole-journal';
import { checkJournalAgainstCheckpoint } from '../../src/modules/ledger/checkpoint.service';
import { verifyJournalForActor } from '../../src/modules/ledger/ledger.reports';
import { Role } from '../../src/common/auth/actor';
import { canonicalFromRow, transactionHash, type StoredJournalRow } from '../../src/modules/ledger/journal-hash';
import { verifyCheckpointCli, verifyJournalCli } from '../../src/cli/ledger-cli';

const S = 'SPUK-WI2021';
const adv = accounts.advance('GM0363', S, 2026);
const bank = accounts.bank();

/** Runs SQL as superuser with triggers off (session_replication_role = replica): a tamperer. */
async function asTamperer<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * Changes the amount of the transaction at `from` and rewrites every hash from there to the head
 * with the documented algorithm (docs/journal-hash.md), as a tamperer who knows it would.
 */
async function rewriteChainFrom(url: string, from: number): Promise<void> {
  await asTamperer(url, async (c) => {
    await c.query(
      `UPDATE journal_postings SET amount = amount + 1 WHERE transaction_id = (SELECT id FROM journal_transactions WHERE sequence = $1)`,
      [from],
    );
    const { rows: before } = await c.query<{ hash: string }>(`SELECT hash FROM journal_transactions WHERE sequence = $1`, [from - 1]);
    let prev = before[0]!.hash;
    const { rows } = await c.query<StoredJournalRow & { hash: string }>(
      `SELECT id, sequence::text AS sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date::text AS effective_date,
              recorded_at, reason, currency, cause_type, cause_id, reverses_id, prev_hash, hash
         FROM journal_transactions WHERE sequence >= $1 ORDER BY sequence`,
      [from],
    );
    for (const r of rows) {
      const { rows: postings } = await c.query<{ line: number; account: string; direction: string; amount: string }>(
        `SELECT p.line, a.address AS account, p.direction, p.amount::text AS amount
           FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = $1 ORDER BY p.line`,
        [r.id],
      );
      const hash = transactionHash(canonicalFromRow({ ...r, prev_hash: prev }, postings));
      await c.query(`UPDATE journal_transactions SET prev_hash = $2, hash = $3 WHERE id = $1`, [r.id, prev, hash]);
      prev = hash;
    }
  });
}

describe('signed checkpoints of the journal head', () => {
  let t: TestApp;
  let tx: PostedTransaction[];
  let kept: CheckpointDocument;
  let dir: string;
  let base: string;

  async function post(n: number, prefix: string): Promise<void> {
    for (let i = 0; i < n; i += 1) {
      tx.push(await postTransaction(t.ctx(), simplePost(`${prefix}-${i}`, adv, bank, `${i + 1}.10`, '2026-02-10')));
    }
  }

  async function check(doc: CheckpointDocument, token = t.tokens.auditor) {
    return t.ok<{ checkJournalAgainstCheckpoint: { ok: boolean; signatureValid: boolean; headSequence: string; problems: string[] } }>(
      `query($c: String!) { checkJournalAgainstCheckpoint(checkpoint: $c) { ok signatureValid headSequence problems } }`,
      { c: JSON.stringify(doc) },
      token,
    );
  }

  beforeEach(async () => {
    t = await createTestApp({ poolSize: 3 });
    tx = [];
    await post(6, 'cp');
    const published = await publishCheckpoint(t.ctx(), 'MANUAL');
    kept = published.checkpoint!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-'));
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (base !== undefined) {
      t.app.httpServer.closeAllConnections();
      await new Promise<void>((resolve) => t.app.httpServer.close(() => resolve()));
    }
    await t.close();
  });

  it('signs (sequence, hash, time, key id); the published public key verifies it outside the engine', async () => {
    expect(kept).toMatchObject({ format: 'ife-journal-checkpoint-v1', sequence: '6', hash: tx[5]!.hash });
    const key = await t.ok<{ checkpointPublicKey: { keyId: string; jwk: string; ephemeral: boolean } }>(
      `{ checkpointPublicKey { keyId jwk ephemeral } }`,
      {},
      t.tokens.auditor,
    );
    expect(key.checkpointPublicKey).toMatchObject({ keyId: kept.keyId, ephemeral: true });
    const jwk = JSON.parse(key.checkpointPublicKey.jwk) as JWK;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: kept.keyId });
    expect(jwk.d).toBeUndefined();
    // With jose only: the signature covers exactly the canonical five fields.
    const { payload, protectedHeader } = await compactVerify(kept.signature, await importJWK(jwk, 'EdDSA'));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: kept.keyId });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      format: kept.format,
      hash: kept.hash,
      keyId: kept.keyId,
      sequence: kept.sequence,
      time: kept.time,
    });
    expect(new TextDecoder().decode(payload)).toBe(checkpointPayload(kept));
    // Listed, newest first, with the document to keep.
    const list = await t.ok<{ journalCheckpoints: { sequence: string; reason: string; verifiedFrom: string; document: string }[] }>(
      `{ journalCheckpoints(first: 5) { sequence reason verifiedFrom document } }`,
      {},
      t.tokens.auditor,
    );
    expect(list.journalCheckpoints).toEqual([{ sequence: '6', reason: 'MANUAL', verifiedFrom: '1', document: JSON.stringify(kept) }]);
    // Controllers do not see checkpoints.
    expect(codes(await t.gql(`{ journalCheckpoints { sequence } }`, {}, await t.tokens.controller('GM0363')))).toEqual(['FORBIDDEN']);
    expect((await check(kept)).checkJournalAgainstCheckpoint).toEqual({ ok: true, signatureValid: true, headSequence: '6', problems: [] });
  });

  it('the next checkpoint verifies only what is new since the last one, and records the range', async () => {
    await post(3, 'more');
    const next = await publishCheckpoint(t.ctx(), 'MANUAL');
    expect(next.verifiedFrom).toBe('7');
    expect(next.verification).toMatchObject({ ok: true, count: 3, headSequence: '9', headHash: tx[8]!.hash });
    expect(next.checkpoint).toMatchObject({ sequence: '9', hash: tx[8]!.hash });
    // Nothing new: an empty range, the same head.
    const same = await publishCheckpoint(t.ctx(), 'MANUAL');
    expect(same).toMatchObject({ verifiedFrom: '10', verification: { ok: true, count: 0, headSequence: '9' } });
    // The old checkpoint still holds: the journal only grew.
    expect((await check(kept)).checkJournalAgainstCheckpoint.ok).toBe(true);
  });

  it('tail deletion passes plain verification but fails against the kept checkpoint', async () => {
    await asTamperer(t.url, async (c) => {
      await c.query(`DELETE FROM journal_postings WHERE transaction_id IN (SELECT id FROM journal_transactions WHERE sequence > 4)`);
      await c.query(`DELETE FROM journal_transactions WHERE sequence > 4`);
    });
    const plain = await verifyJournal(t.ctx());
    expect(plain).toMatchObject({ ok: true, count: 4 });
    const result = (await check(kept)).checkJournalAgainstCheckpoint;
    expect(result).toMatchObject({ ok: false, signatureValid: true, headSequence: '4' });
    expect(result.problems).toEqual(['transactions after sequence 4 missing: the checkpoint has sequence 6']);
    // The CLI says the same, from the kept file.
    const file = path.join(dir, 'kept.json');
    fs.writeFileSync(file, JSON.stringify(kept));
    const out: string[] = [];
    expect(await verifyJournalCli(() => undefined, t.url)).toBe(0);
    expect(await verifyCheckpointCli((l) => out.push(l), file, t.url)).toBe(1);
    expect(out).toEqual(['FAILED transactions after sequence 4 missing: the checkpoint has sequence 6']);
    // And no new checkpoint is signed over the shortened journal.
    expect((await publishCheckpoint(t.ctx(), 'MANUAL')).checkpoint).toBeNull();
  });

  it('rewriting every hash after a tampered row passes plain verification but fails against the kept checkpoint', async () => {
    await rewriteChainFrom(t.url, 3);
    expect(await verifyJournal(t.ctx())).toMatchObject({ ok: true, count: 6 });
    const result = (await check(kept)).checkJournalAgainstCheckpoint;
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^hash at sequence 6 differs: chain rewritten \(checkpoint [0-9a-f]{64}, journal [0-9a-f]{64}\)$/);
    const file = path.join(dir, 'kept.json');
    fs.writeFileSync(file, JSON.stringify(kept));
    const out: string[] = [];
    expect(await verifyCheckpointCli((l) => out.push(l), file, t.url)).toBe(1);
    expect(out[0]).toMatch(/^FAILED hash at sequence 6 differs: chain rewritten/);
  });

  it('a checkpoint with an altered field or signature is refused as altered', async () => {
    const forged = { ...kept, sequence: '5', hash: tx[4]!.hash };
    const r1 = (await check(forged)).checkJournalAgainstCheckpoint;
    expect(r1).toMatchObject({ ok: false, signatureValid: false });
    expect(r1.problems).toEqual(['the signature does not cover this sequence, hash, time and key id: the checkpoint was altered']);
    const sig = kept.signature.split('.');
    const flipped = sig[2]!.startsWith('A') ? `B${sig[2]!.slice(1)}` : `A${sig[2]!.slice(1)}`;
    const r2 = (await check({ ...kept, signature: `${sig[0]}.${sig[1]}.${flipped}` })).checkJournalAgainstCheckpoint;
    expect(r2.signatureValid).toBe(false);
    expect(r2.problems).toEqual(['the signature is not valid for this key: the checkpoint was altered or not signed by this engine']);
    const r3 = (await check({ ...kept, keyId: 'someone-else' })).checkJournalAgainstCheckpoint;
    expect(r3.problems[0]).toBe('signed by key someone-else, which this engine never used: the signature cannot be checked');
    // Malformed documents are refused before any work, naming the field.
    const bad = await t.gql(
      `query($c: String!) { checkJournalAgainstCheckpoint(checkpoint: $c) { ok } }`,
      { c: '{"format":"x"}' },
      t.tokens.auditor,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(bad.errors)).toContain('checkpoint.format');
  });

  it('tampering before the last checkpoint is not re-verified by the next one, and is found by the full check', async () => {
    await asTamperer(t.url, (c) => c.query(`UPDATE journal_transactions SET reason = 'changed' WHERE sequence = 2`));
    await post(1, 'after');
    // Incremental: only sequence 7 is new, and it is intact.
    expect((await publishCheckpoint(t.ctx(), 'MANUAL')).verification).toMatchObject({ ok: true, count: 1 });
    // The full check (verify-journal, the verification job, the daily checkpoint) finds it.
    expect(await verifyJournal(t.ctx())).toMatchObject({ ok: false, count: 1, brokenAt: { sequence: '2', problem: 'HASH_MISMATCH' } });
    expect((await publishCheckpoint(t.ctx(), 'DAILY', { full: true })).checkpoint).toBeNull();
    const result = (await check(kept)).checkJournalAgainstCheckpoint;
    expect(result.problems[0]).toMatch(/^chain broken at sequence 2 \(HASH_MISMATCH\)/);
  });

  it('checks that arrive together share one walk of the whole chain, each with its own checks; nothing is kept (decision 1880)', async () => {
    const auditor = () => t.ctx(Role.AUDITOR, null, 'auditor-shared-walk');
    const forged = { ...kept, hash: 'f'.repeat(64) };
    const ahead = { ...kept, sequence: '9' };
    const before = wholeJournalWalks();
    // In one tick: two checks of the kept checkpoint, an altered one, one ahead of the journal, and the full verification.
    const [a, b, altered, tooFar, full] = await Promise.all([
      checkJournalAgainstCheckpoint(auditor(), JSON.stringify(kept)),
      checkJournalAgainstCheckpoint(t.ctx(Role.FINANCE_OFFICER, null, 'fo-shared-walk'), JSON.stringify(kept)),
      checkJournalAgainstCheckpoint(auditor(), JSON.stringify(forged)),
      checkJournalAgainstCheckpoint(auditor(), JSON.stringify(ahead)),
      verifyJournalForActor(auditor()),
    ]);
    expect(wholeJournalWalks()).toBe(before + 1);
    const intact = { ok: true, signatureValid: true, checkpointSequence: '6', headSequence: '6', headHash: kept.hash, problems: [] };
    expect(a).toEqual(intact);
    expect(b).toEqual(intact);
    expect(altered).toMatchObject({ ok: false, signatureValid: false, headSequence: '6' });
    expect(altered.problems).toEqual([
      expect.stringMatching(/^the signature does not cover this sequence/),
      expect.stringMatching(/^hash at sequence 6 differs: chain rewritten/),
    ]);
    expect(tooFar.problems).toEqual([
      expect.stringMatching(/^the signature does not cover/),
      'transactions after sequence 6 missing: the checkpoint has sequence 9',
    ]);
    expect(full).toMatchObject({ ok: true, count: 6, headSequence: '6', headHash: kept.hash });
    // Role first, as before: a controller is refused.
    await expect(checkJournalAgainstCheckpoint(t.ctx(Role.MUNICIPAL_CONTROLLER, 'GM0363'), JSON.stringify(kept))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Nothing kept: tampering after that walk is found by the next check, which walks again.
    await asTamperer(t.url, (c) => c.query(`UPDATE journal_transactions SET reason = 'changed' WHERE sequence = 2`));
    const after = await checkJournalAgainstCheckpoint(auditor(), JSON.stringify(kept));
    expect(wholeJournalWalks()).toBe(before + 2);
    expect(after.ok).toBe(false);
    expect(after.problems[0]).toMatch(/^chain broken at sequence 2 \(HASH_MISMATCH\)/);
  });

  it('the console page verifies from the last checkpoint; tampering before it is left to the full verification, one query away', async () => {
    const SINCE = `{ verifyJournalSinceCheckpoint { ok status count headHash headSequence verifiedFrom
      fromCheckpoint { sequence hash reason document } brokenAt { sequence problem } } }`;
    const FULL = `{ verifyJournal { ok status count headSequence verifiedFrom fromCheckpoint { sequence } brokenAt { sequence problem } } }`;
    type Since = { verifyJournalSinceCheckpoint: Record<string, unknown> };
    await post(2, 'since');
    // Only what came after the kept checkpoint (sequence 6) is walked; the head is the journal's.
    expect((await t.ok<Since>(SINCE, {}, t.tokens.auditor)).verifyJournalSinceCheckpoint).toEqual({
      ok: true,
      status: 'OK',
      count: 2,
      headHash: tx[7]!.hash,
      headSequence: '8',
      verifiedFrom: '7',
      fromCheckpoint: { sequence: '6', hash: kept.hash, reason: 'MANUAL', document: JSON.stringify(kept) },
      brokenAt: null,
    });
    expect((await t.ok<{ verifyJournal: unknown }>(FULL, {}, t.tokens.finance)).verifyJournal).toEqual({
      ok: true,
      status: 'OK',
      count: 8,
      headSequence: '8',
      verifiedFrom: '1',
      fromCheckpoint: null,
      brokenAt: null,
    });
    // A posting added by hand for transaction 7 under a sequence no transaction has (decision 2050):
    // its transaction's own postings are intact, the posting is no transaction's; both queries name it.
    const orphan = `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount)
      SELECT transaction_id, 1000, 9, account_id, direction, amount FROM journal_postings WHERE transaction_sequence = 7 AND line = 1`;
    await asTamperer(t.url, (c) => c.query(orphan));
    expect((await t.ok<Since>(SINCE, {}, t.tokens.auditor)).verifyJournalSinceCheckpoint).toMatchObject({
      ok: false,
      status: 'BROKEN',
      count: 2,
      brokenAt: { sequence: '1000', problem: 'ORPHAN_POSTING' },
    });
    expect((await t.ok<{ verifyJournal: unknown }>(FULL, {}, t.tokens.auditor)).verifyJournal).toMatchObject({
      ok: false,
      count: 8,
      brokenAt: { sequence: '1000', problem: 'ORPHAN_POSTING' },
    });
    await asTamperer(t.url, (c) => c.query(`DELETE FROM journal_postings WHERE transaction_sequence = 1000`));
    expect((await t.ok<{ verifyJournal: unknown }>(FULL, {}, t.tokens.auditor)).verifyJournal).toMatchObject({ ok: true, count: 8 });
    // A row before the checkpoint changed with its stored hash left alone: not walked on the page,
    // found by the full verification.
    await asTamperer(t.url, (c) => c.query(`UPDATE journal_transactions SET reason = 'changed' WHERE sequence = 2`));
    expect((await t.ok<Since>(SINCE, {}, t.tokens.auditor)).verifyJournalSinceCheckpoint).toMatchObject({ ok: true, count: 2 });
    expect((await t.ok<{ verifyJournal: unknown }>(FULL, {}, t.tokens.auditor)).verifyJournal).toMatchObject({
      ok: false,
      status: 'BROKEN',
      brokenAt: { sequence: '2', problem: 'HASH_MISMATCH' },
    });
    // The checkpointed transaction's own hash rewritten: the page reports the break at the checkpoint.
    await asTamperer(t.url, (c) => c.query(`UPDATE journal_transactions SET hash = repeat('0', 64) WHERE sequence = 6`));
    expect((await t.ok<Since>(SINCE, {}, t.tokens.auditor)).verifyJournalSinceCheckpoint).toMatchObject({
      ok: false,
      status: 'BROKEN',
      count: 0,
      verifiedFrom: '7',
      brokenAt: { sequence: '6', problem: 'HASH_MISMATCH' },
    });
    // Controllers are refused, as for verifyJournal.
    expect(codes(await t.gql(SINCE, {}, await t.tokens.controller('GM0363')))).toEqual(['FORBIDDEN']);
  });

  it('without a checkpoint the console page verifies from genesis', async () => {
    await asTamperer(t.url, (c) => c.query(`DELETE FROM journal_checkpoints`));
    const r = await t.ok<{ verifyJournalSinceCheckpoint: unknown }>(
      `{ verifyJournalSinceCheckpoint { ok count headSequence verifiedFrom fromCheckpoint { sequence } } }`,
      {},
      t.tokens.auditor,
    );
    expect(r.verifyJournalSinceCheckpoint).toEqual({ ok: true, count: 6, headSequence: '6', verifiedFrom: '1', fromCheckpoint: null });
  });

  it('every journal export publishes a checkpoint and hands it to ministry roles', async () => {
    await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}`;
    await post(1, 'export');
    const res = await fetch(`${base}/exports/journal.csv`, { headers: { authorization: `Bearer ${t.tokens.auditor}` } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const header = res.headers.get('x-journal-checkpoint');
    expect(header).not.toBeNull();
    const doc = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as CheckpointDocument;
    expect(doc).toMatchObject({ sequence: '7', hash: tx[6]!.hash });
    expect((await check(doc)).checkJournalAgainstCheckpoint.ok).toBe(true);
    const ctl = await fetch(`${base}/exports/journal.csv`, { headers: { authorization: `Bearer ${await t.tokens.controller('GM0363')}` } });
    expect(ctl.status).toBe(200);
    await ctl.arrayBuffer();
    expect(ctl.headers.get('x-journal-checkpoint')).toBeNull();
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_checkpoints WHERE reason = 'EXPORT'`);
    expect(n).toBe(2);
  });
});
