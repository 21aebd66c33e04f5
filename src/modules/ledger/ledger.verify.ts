import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { GENESIS_HASH, canonicalFromRow, transactionHash, type CanonicalPosting, type StoredJournalRow } from './journal-hash';

export type ChainProblem = 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export interface JournalVerification {
  ok: boolean;
  /** Transactions verified intact (before the break, if any; after `from` when given). */
  count: number;
  /** Sequence of the last intact transaction ('0' for none). */
  headSequence: string;
  /** Hash of the last intact transaction (the genesis constant for an empty journal). */
  headHash: string;
  /** The first broken link, when not ok. */
  brokenAt: {
    transactionId: string;
    sequence: string;
    problem: ChainProblem;
    expected: string;
    actual: string;
  } | null;
}

interface Row extends StoredJournalRow {
  hash: string;
  /** [line, address, direction, amount] per posting in line order, as JSON text; null without postings. */
  postings: string | null;
}

const BATCH_SQL = `SELECT t.id, t.sequence::text AS sequence, t.idempotency_key, t.request_hash, t.kind, t.actor, t.actor_role,
        t.effective_date::text AS effective_date, t.recorded_at, t.reason, t.currency, t.cause_type, t.cause_id,
        t.reverses_id, t.prev_hash, t.hash,
        (SELECT json_agg(json_build_array(p.line, a.address, p.direction, p.amount::text) ORDER BY p.line)::text
           FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = t.id) AS postings
   FROM journal_transactions t WHERE t.sequence > $1::bigint ORDER BY t.sequence LIMIT $2`;

function postingsOf(r: Row): CanonicalPosting[] {
  if (r.postings === null) {
    return [];
  }
  return (JSON.parse(r.postings) as [number, string, string, string][]).map(([line, account, direction, amount]) => ({
    line,
    account,
    direction,
    amount,
  }));
}

/**
 * Walks the chain in sequence order, in batches (keyset pagination, so memory stays flat however
 * long the journal), recomputing every hash with the same canonicalise() the writer uses. Stops
 * at the first broken link: a gap in the sequence, a prev_hash that is not the previous hash, or
 * a hash that does not match the content (a changed row or posting).
 *
 * One statement per batch reads the transactions with their postings; the next batch is requested
 * before this one is hashed, so PostgreSQL reads while Node hashes (decision 0660).
 */
export interface VerifyFrom {
  /** Verify only the transactions after this sequence ('0': the whole chain). */
  sequence: string;
  /** The hash of the transaction at `sequence` (the genesis constant for '0'). */
  hash: string;
}

export async function verifyJournal(
  ctx: RequestContext,
  options: { batchSize?: number; from?: VerifyFrom } = {},
): Promise<JournalVerification> {
  // The batch statement is cheap, but before the journal's statistics exist its estimated cost is
  // high enough for PostgreSQL to JIT-compile it every time (~240 ms per batch for a 15 ms query),
  // so the walk runs with jit off, local to its transaction: one of its own through runCommand, or
  // the caller's, where the setting is restored afterwards.
  return runCommand(ctx, async (tx) => {
    const [{ jit }] = await tx.em.query<[{ jit: string }]>(`SELECT current_setting('jit') AS jit`);
    await tx.em.query(`SELECT set_config('jit', 'off', true)`);
    const result = await walk(tx.em, options.batchSize ?? 2000, options.from ?? { sequence: '0', hash: GENESIS_HASH });
    if (ctx.inTransaction) {
      await tx.em.query(`SELECT set_config('jit', $1, true)`, [jit]);
    }
    return result;
  });
}

async function walk(em: EntityManager, batchSize: number, from: VerifyFrom): Promise<JournalVerification> {
  const fetch = (after: string): Promise<Row[]> => {
    const p = em.query<Row[]>(BATCH_SQL, [after, batchSize]);
    // Handled here too, so a prefetch left behind by an early return never surfaces as unhandled.
    p.catch(() => undefined);
    return p;
  };
  let pending = fetch(from.sequence);
  let prevHash = from.hash;
  let expected = BigInt(from.sequence) + 1n;
  let count = 0;
  for (;;) {
    const rows = await pending;
    if (rows.length === 0) {
      return { ok: true, count, headSequence: (expected - 1n).toString(), headHash: prevHash, brokenAt: null };
    }
    const last = rows[rows.length - 1] as Row;
    pending = rows.length < batchSize ? Promise.resolve([]) : fetch(last.sequence);
    for (const r of rows) {
      const broken = (problem: ChainProblem, want: string, got: string): JournalVerification => ({
        ok: false,
        count,
        headSequence: (expected - 1n).toString(),
        headHash: prevHash,
        brokenAt: { transactionId: r.id, sequence: r.sequence, problem, expected: want, actual: got },
      });
      if (BigInt(r.sequence) !== expected) {
        await pending.catch(() => undefined);
        return broken('SEQUENCE_GAP', expected.toString(), r.sequence);
      }
      if (r.prev_hash !== prevHash) {
        await pending.catch(() => undefined);
        return broken('PREV_HASH_MISMATCH', prevHash, r.prev_hash);
      }
      let computed: string;
      try {
        computed = transactionHash(canonicalFromRow(r, postingsOf(r)));
      } catch {
        computed = 'not computable (malformed content)';
      }
      if (computed !== r.hash) {
        await pending.catch(() => undefined);
        return broken('HASH_MISMATCH', computed, r.hash);
      }
      prevHash = r.hash;
      expected += 1n;
      count += 1;
    }
  }
}
