import type { RequestContext } from '../../context';
import { GENESIS_HASH, canonicalFromRow, transactionHash, type StoredJournalRow } from './journal-hash';

export type ChainProblem = 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export interface JournalVerification {
  ok: boolean;
  /** Transactions verified intact (before the break, if any). */
  count: number;
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
}

/**
 * Walks the chain in sequence order, in batches (keyset pagination, so memory stays flat however
 * long the journal), recomputing every hash with the same canonicalise() the writer uses. Stops
 * at the first broken link: a gap in the sequence, a prev_hash that is not the previous hash, or
 * a hash that does not match the content (a changed row or posting).
 */
export async function verifyJournal(ctx: RequestContext, options: { batchSize?: number } = {}): Promise<JournalVerification> {
  const batchSize = options.batchSize ?? 1000;
  let after = '0';
  let prevHash = GENESIS_HASH;
  let expected = 1n;
  let count = 0;
  for (;;) {
    const rows: Row[] = await ctx.em.query(
      `SELECT t.id, t.sequence::text AS sequence, t.idempotency_key, t.request_hash, t.kind, t.actor, t.actor_role,
              t.effective_date::text AS effective_date, t.recorded_at, t.reason, t.currency, t.cause_type, t.cause_id,
              t.reverses_id, t.prev_hash, t.hash
         FROM journal_transactions t WHERE t.sequence > $1::bigint ORDER BY t.sequence LIMIT $2`,
      [after, batchSize],
    );
    if (rows.length === 0) {
      return { ok: true, count, headHash: prevHash, brokenAt: null };
    }
    const postings: { transaction_id: string; line: number; address: string; direction: string; amount: string }[] = await ctx.em.query(
      `SELECT p.transaction_id, p.line, a.address, p.direction, p.amount::text AS amount
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.transaction_id = ANY($1::uuid[]) ORDER BY p.transaction_id, p.line`,
      [rows.map((r) => r.id)],
    );
    const byTx = new Map<string, { line: number; account: string; direction: string; amount: string }[]>();
    for (const p of postings) {
      const list = byTx.get(p.transaction_id) ?? [];
      list.push({ line: p.line, account: p.address, direction: p.direction, amount: p.amount });
      byTx.set(p.transaction_id, list);
    }
    for (const r of rows) {
      const broken = (problem: ChainProblem, want: string, got: string): JournalVerification => ({
        ok: false,
        count,
        headHash: prevHash,
        brokenAt: { transactionId: r.id, sequence: r.sequence, problem, expected: want, actual: got },
      });
      if (BigInt(r.sequence) !== expected) {
        return broken('SEQUENCE_GAP', expected.toString(), r.sequence);
      }
      if (r.prev_hash !== prevHash) {
        return broken('PREV_HASH_MISMATCH', prevHash, r.prev_hash);
      }
      let computed: string;
      try {
        computed = transactionHash(canonicalFromRow(r, byTx.get(r.id) ?? []));
      } catch {
        computed = 'not computable (malformed content)';
      }
      if (computed !== r.hash) {
        return broken('HASH_MISMATCH', computed, r.hash);
      }
      prevHash = r.hash;
      expected += 1n;
      count += 1;
      after = r.sequence;
    }
  }
}
