import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POSTINGS_STMT_1797560000000 } from './1797560000000-PostingsCarryTransactionSequence';

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
  SELECT n.account_id::text INTO bad FROM (SELECT DISTINCT account_id FROM new_postings) n
   WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = n.account_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'posting on ledger account % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF other IS NOT NULL THEN
    -- Rows of another xid: a savepoint of this transaction (taken, checked at commit) or a committed
    -- transaction, whose postings came with it and are sealed.
    SELECT t.id::text INTO bad
      FROM (SELECT DISTINCT transaction_id FROM new_postings) s JOIN journal_transactions t ON t.id = s.transaction_id
     WHERE t.xmin <> me AND journal_xmin_committed(t.xmin)
     ORDER BY t.sequence LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'postings for journal transaction %, committed earlier: a journal transaction''s postings come with it', bad
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF other IS NOT NULL OR unbalanced IS NOT NULL THEN
    -- Doubtful: checked at commit from the lowest such sequence, and nothing is cleared any more.
    PERFORM set_config('ledger.balance_dirty', 'on', true);
    PERFORM journal_mark_check_from(LEAST(other, unbalanced));
    IF COALESCE(current_setting('ledger.balance_check_queued', true), '') = '' THEN
      -- The queued check has fired already (SET CONSTRAINTS … IMMEDIATE): immediate means now.
      PERFORM journal_check_balanced(LEAST(other, unbalanced));
    END IF;
  ELSIF own_n > 0 AND pending = own_lo || ':' || own_hi AND own_n = own_hi - own_lo + 1
        AND COALESCE(current_setting('ledger.balance_dirty', true), '') = '' THEN
    -- Every journal row not yet proven got its postings here, each group balanced on its own.
    PERFORM set_config('ledger.balance_check_from', '', true);
    PERFORM set_config('ledger.balance_pending', '', true);
  END IF;
  -- No compaction runs until this transaction ends; postings after the watermark are read from
  -- the journal by ledger_balances_by_day, those at or below it must go into the snapshot.
  SELECT w.sequence INTO compacted FROM ledger_balance_watermark w WHERE w.id = 1 FOR SHARE;
  IF lowest <= compacted THEN
    INSERT INTO ledger_daily_balances AS d (account_id, effective_date, debit, credit)
    SELECT p.account_id, t.effective_date,
           COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0),
           COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
      FROM new_postings p JOIN journal_transactions t ON t.id = p.transaction_id
     WHERE t.sequence <= compacted
     GROUP BY p.account_id, t.effective_date
    ON CONFLICT (account_id, effective_date) DO UPDATE
      SET debit = d.debit + EXCLUDED.debit, credit = d.credit + EXCLUDED.credit;
  END IF;
  RETURN NULL;
END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(POSTINGS_STMT_1797560000000);
  }
}
