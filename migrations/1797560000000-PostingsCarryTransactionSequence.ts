import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `journal_postings_stmt` as this migration makes it (migration 1797580000000's `down` restores it).
 */
export const POSTINGS_STMT_1797560000000 = `CREATE OR REPLACE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  me xid := pg_current_xact_id()::xid;
  bad text;
  misplaced text;
  other bigint;
  unbalanced bigint;
  own_n bigint;
  own_lo bigint;
  own_hi bigint;
  lowest bigint;
  compacted bigint;
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  -- One probe per transaction of the statement: references, rows of another xid, balance per group.
  SELECT min(s.transaction_id::text) FILTER (WHERE t.id IS NULL),
         min(s.transaction_id::text) FILTER (WHERE t.id IS NOT NULL AND (s.seq_lo <> t.sequence OR s.seq_hi <> t.sequence)),
         min(t.sequence) FILTER (WHERE t.xmin <> me),
         min(t.sequence) FILTER (WHERE t.xmin = me AND (s.n < 2 OR s.d <> s.c)),
         count(*) FILTER (WHERE t.xmin = me),
         min(t.sequence) FILTER (WHERE t.xmin = me),
         max(t.sequence) FILTER (WHERE t.xmin = me),
         min(t.sequence)
    INTO bad, misplaced, other, unbalanced, own_n, own_lo, own_hi, lowest
    FROM (SELECT transaction_id, count(*) AS n,
                 COALESCE(SUM(amount) FILTER (WHERE direction = 'DEBIT'), 0) AS d,
                 COALESCE(SUM(amount) FILTER (WHERE direction = 'CREDIT'), 0) AS c,
                 min(transaction_sequence) AS seq_lo, max(transaction_sequence) AS seq_hi
            FROM new_postings GROUP BY transaction_id) s
    LEFT JOIN journal_transactions t ON t.id = s.transaction_id;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'posting for journal transaction % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF misplaced IS NOT NULL THEN
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
END $$`;

/**
 * Every posting carries its transaction's sequence (decision 2050), so the journal verification
 * reads a range of transactions' postings by one index range scan, in order, instead of probing
 * the postings' (transaction_id, line) index once per transaction.
 *
 * - `journal_postings.transaction_sequence`: filled for the postings there are (the append-only
 *   trigger is set aside for that one statement, in this migration's transaction), then NOT NULL,
 *   with the unique index (transaction_sequence, line).
 * - `journal_postings_stmt` refuses (23503) postings whose sequence is not their transaction's: it
 *   already groups a statement's postings by transaction and probes each transaction once, so the
 *   check costs no probe of its own.
 */
export class PostingsCarryTransactionSequence1797560000000 implements MigrationInterface {
  name = 'PostingsCarryTransactionSequence1797560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "journal_postings" ADD "transaction_sequence" bigint`);
    await q.query(`ALTER TABLE "journal_postings" DISABLE TRIGGER journal_postings_append_only`);
    await q.query(`UPDATE "journal_postings" p SET transaction_sequence = t.sequence
                     FROM "journal_transactions" t WHERE t.id = p.transaction_id`);
    await q.query(`ALTER TABLE "journal_postings" ENABLE TRIGGER journal_postings_append_only`);
    await q.query(`ALTER TABLE "journal_postings" ALTER COLUMN "transaction_sequence" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_journal_postings_sequence_line" ON "journal_postings" ("transaction_sequence", "line") `);
    await q.query(POSTINGS_STMT_1797560000000);
  }

  async down(q: QueryRunner): Promise<void> {
    // As migration 1797520000000 made it.
    await q.query(`CREATE OR REPLACE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  me xid := pg_current_xact_id()::xid;
  bad text;
  other bigint;
  unbalanced bigint;
  own_n bigint;
  own_lo bigint;
  own_hi bigint;
  lowest bigint;
  compacted bigint;
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  -- One probe per transaction of the statement: references, rows of another xid, balance per group.
  SELECT min(s.transaction_id::text) FILTER (WHERE t.id IS NULL),
         min(t.sequence) FILTER (WHERE t.xmin <> me),
         min(t.sequence) FILTER (WHERE t.xmin = me AND (s.n < 2 OR s.d <> s.c)),
         count(*) FILTER (WHERE t.xmin = me),
         min(t.sequence) FILTER (WHERE t.xmin = me),
         max(t.sequence) FILTER (WHERE t.xmin = me),
         min(t.sequence)
    INTO bad, other, unbalanced, own_n, own_lo, own_hi, lowest
    FROM (SELECT transaction_id, count(*) AS n,
                 COALESCE(SUM(amount) FILTER (WHERE direction = 'DEBIT'), 0) AS d,
                 COALESCE(SUM(amount) FILTER (WHERE direction = 'CREDIT'), 0) AS c
            FROM new_postings GROUP BY transaction_id) s
    LEFT JOIN journal_transactions t ON t.id = s.transaction_id;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'posting for journal transaction % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
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
    await q.query(`DROP INDEX "public"."UQ_journal_postings_sequence_line"`);
    await q.query(`ALTER TABLE "journal_postings" DROP COLUMN "transaction_sequence"`);
  }
}
