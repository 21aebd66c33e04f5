import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POSTINGS_STMT_1797560000000 } from './1797560000000-PostingsCarryTransactionSequence';

/** Where the function as migration 1797560000000 made it goes on unchanged: the account check. */
const KEPT_FROM = '  SELECT n.account_id::text INTO bad FROM (SELECT DISTINCT account_id FROM new_postings) n';

/** The rest of the function, from the account check to its end, kept as migration 1797560000000 made it. */
const KEPT = ((): string => {
  const at = POSTINGS_STMT_1797560000000.indexOf(KEPT_FROM);
  if (at < 0) {
    throw new Error('migration 1797580000000: the account check of journal_postings_stmt (1797560000000) was not found');
  }
  return POSTINGS_STMT_1797560000000.slice(at);
})();

/**
 * `journal_postings_stmt` finds the statement's journal rows by their sequences (decision 2120):
 * the postings grouped by (sequence, transaction), matched by a hash join with the journal rows of
 * the statement's sequence range, read by one range scan of the sequence index. It was one probe of
 * the primary key per transaction, and random UUIDs make each probe land on another page of an
 * index that grows with the journal.
 *
 * What it refuses and how is unchanged: a posting whose (transaction, sequence) is not a journal
 * row's is refused (23503) with the same messages, worked out on that path alone (no such
 * transaction, or it has another sequence); unknown accounts, rows committed earlier, unbalanced
 * and doubtful groups, the pending bookkeeping and the postings at or below the compaction
 * watermark are as before. Hash joins are allowed in the function (the other statements join a
 * statement's few rows with the whole journal, which the planner does by nested loop as before).
 */
export class PostingsCheckedBySequenceRange1797580000000 implements MigrationInterface {
  name = 'PostingsCheckedBySequenceRange1797580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  me xid := pg_current_xact_id()::xid;
  bad text;
  misplaced text;
  lo bigint;
  hi bigint;
  other bigint;
  unbalanced bigint;
  own_n bigint;
  own_lo bigint;
  own_hi bigint;
  lowest bigint;
  compacted bigint;
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  -- The statement's postings per (sequence, transaction), matched with the journal rows of their
  -- sequence range: references, rows of another xid, balance per group.
  SELECT min(transaction_sequence), max(transaction_sequence) INTO lo, hi FROM new_postings;
  SELECT min(s.transaction_id::text) FILTER (WHERE t.id IS NULL OR t.id <> s.transaction_id),
         min(t.sequence) FILTER (WHERE t.xmin <> me),
         min(t.sequence) FILTER (WHERE t.xmin = me AND (s.n < 2 OR s.balance <> 0)),
         count(*) FILTER (WHERE t.xmin = me),
         min(t.sequence) FILTER (WHERE t.xmin = me),
         max(t.sequence) FILTER (WHERE t.xmin = me),
         min(t.sequence)
    INTO bad, other, unbalanced, own_n, own_lo, own_hi, lowest
    FROM (SELECT transaction_sequence, transaction_id, count(*) AS n,
                 SUM(CASE WHEN direction = 'DEBIT' THEN amount ELSE -amount END) AS balance
            FROM new_postings GROUP BY transaction_sequence, transaction_id) s
    LEFT JOIN (SELECT j.id, j.sequence, j.xmin FROM journal_transactions j WHERE j.sequence BETWEEN lo AND hi) t
      ON t.sequence = s.transaction_sequence;
  IF bad IS NOT NULL THEN
    -- Refused; which of the two: no such transaction, or it has another sequence.
    SELECT min(p.transaction_id::text) INTO misplaced FROM new_postings p
     WHERE NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = p.transaction_id);
    IF misplaced IS NOT NULL THEN
      RAISE EXCEPTION 'posting for journal transaction % which does not exist', misplaced USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT COALESCE(min(p.transaction_id::text), bad) INTO misplaced FROM new_postings p
     WHERE NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = p.transaction_id AND t.sequence = p.transaction_sequence);
    RAISE EXCEPTION 'posting for journal transaction % carries another sequence than its transaction''s', misplaced
      USING ERRCODE = 'foreign_key_violation';
  END IF;
${KEPT}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(POSTINGS_STMT_1797560000000);
  }
}
