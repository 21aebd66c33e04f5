import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append's triggers per batch (decision 1940).
 *
 * - A journal transaction's postings come with it: `journal_postings_stmt` refuses (42501) postings
 *   for a journal transaction that another, committed database transaction wrote. Postings for a
 *   transaction written earlier in the same database transaction (also in a savepoint of it) are
 *   taken, and checked at commit as before.
 * - So every posting belongs to a journal row of its own database transaction, whose first row has
 *   queued the check at commit: `journal_postings_balanced_at_commit` and its per-row `WHEN` (1,000
 *   evaluations per batch of 500) go; `journal_transactions_balanced_at_commit` stays.
 * - After `SET CONSTRAINTS … IMMEDIATE` has fired the queued check, no check is queued any more: a
 *   doubtful postings statement (unbalanced group, postings for a transaction of a savepoint) is
 *   then checked at once, as an immediate constraint is.
 * - `journal_check_balanced(from_seq)` is the check itself, shared by the commit trigger and that
 *   immediate case.
 */
export class LedgerAppendTriggers1797520000000 implements MigrationInterface {
  name = 'LedgerAppendTriggers1797520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION journal_check_balanced(from_seq bigint) RETURNS void LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  r record;
BEGIN
  IF from_seq IS NULL THEN
    RETURN;
  END IF;
  SELECT t.id, s.n, s.d, s.c INTO r
    FROM journal_transactions t
    CROSS JOIN LATERAL (
      SELECT count(*) AS n,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS d,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS c
        FROM journal_postings p WHERE p.transaction_id = t.id) s
   WHERE t.sequence >= from_seq AND (s.n < 2 OR s.d <> s.c)
   ORDER BY t.sequence
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.n < 2 THEN
    RAISE EXCEPTION 'journal transaction % has % posting(s); at least 2 are required', r.id, r.n USING ERRCODE = 'check_violation';
  END IF;
  RAISE EXCEPTION 'journal transaction % is unbalanced: debits % credits %', r.id, r.d, r.c USING ERRCODE = 'check_violation';
END $$`);

    await q.query(`CREATE OR REPLACE FUNCTION journal_check_balanced_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  from_seq text := current_setting('ledger.balance_check_from', true);
BEGIN
  PERFORM set_config('ledger.balance_check_queued', '', true);
  PERFORM set_config('ledger.balance_check_from', '', true);
  PERFORM set_config('ledger.balance_pending', '', true);
  PERFORM set_config('ledger.balance_dirty', '', true);
  IF from_seq IS NOT NULL AND from_seq <> '' THEN
    PERFORM journal_check_balanced(from_seq::bigint);
  END IF;
  RETURN NULL;
END $$`);

    // Whether a journal row visible to this statement but not written by this transaction's own xid
    // was written by a committed transaction (true) or by a savepoint of this one (false, in progress:
    // another transaction's uncommitted rows are never visible). A subtransaction's xid is assigned
    // after its parent's, and visible xids are within 2^31 of the current one, so the 64-bit xid is
    // the current one plus the signed 32-bit difference. Frozen and bootstrap xids (< 3) are committed.
    await q.query(`CREATE FUNCTION journal_xmin_committed(x xid) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  me bigint := pg_current_xact_id()::text::bigint;
  d bigint := (x::text::bigint - (me % 4294967296) + 4294967296) % 4294967296;
BEGIN
  IF x::text::bigint < 3 THEN
    RETURN true;
  END IF;
  IF d >= 2147483648 THEN
    d := d - 4294967296;
  END IF;
  RETURN COALESCE(pg_xact_status((me + d)::text::xid8), 'committed') <> 'in progress';
END $$`);

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

    await q.query(`DROP TRIGGER journal_postings_balanced_at_commit ON "journal_postings"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE CONSTRAINT TRIGGER journal_postings_balanced_at_commit AFTER INSERT ON "journal_postings"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (COALESCE(current_setting('ledger.balance_check_queued', true), '') = ''
              AND set_config('ledger.balance_check_queued', 'on', true) = 'on')
        EXECUTE FUNCTION journal_check_balanced_at_commit()`);
    await q.query(`CREATE OR REPLACE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  me xid := pg_current_xact_id()::xid;
  bad text;
  older bigint;
  unbalanced bigint;
  own_n bigint;
  own_lo bigint;
  own_hi bigint;
  lowest bigint;
  compacted bigint;
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  SELECT min(s.transaction_id::text) FILTER (WHERE t.id IS NULL),
         min(t.sequence) FILTER (WHERE t.xmin <> me),
         min(t.sequence) FILTER (WHERE t.xmin = me AND (s.n < 2 OR s.d <> s.c)),
         count(*) FILTER (WHERE t.xmin = me),
         min(t.sequence) FILTER (WHERE t.xmin = me),
         max(t.sequence) FILTER (WHERE t.xmin = me),
         min(t.sequence)
    INTO bad, older, unbalanced, own_n, own_lo, own_hi, lowest
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
  IF older IS NOT NULL OR unbalanced IS NOT NULL THEN
    PERFORM set_config('ledger.balance_dirty', 'on', true);
    PERFORM journal_mark_check_from(LEAST(older, unbalanced));
  ELSIF own_n > 0 AND pending = own_lo || ':' || own_hi AND own_n = own_hi - own_lo + 1
        AND COALESCE(current_setting('ledger.balance_dirty', true), '') = '' THEN
    PERFORM set_config('ledger.balance_check_from', '', true);
    PERFORM set_config('ledger.balance_pending', '', true);
  END IF;
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
    await q.query(`DROP FUNCTION journal_xmin_committed(xid)`);
    await q.query(`CREATE OR REPLACE FUNCTION journal_check_balanced_at_commit() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  from_seq text := current_setting('ledger.balance_check_from', true);
  r record;
BEGIN
  PERFORM set_config('ledger.balance_check_queued', '', true);
  PERFORM set_config('ledger.balance_check_from', '', true);
  PERFORM set_config('ledger.balance_pending', '', true);
  PERFORM set_config('ledger.balance_dirty', '', true);
  IF from_seq IS NULL OR from_seq = '' THEN
    RETURN NULL;
  END IF;
  SELECT t.id, s.n, s.d, s.c INTO r
    FROM journal_transactions t
    CROSS JOIN LATERAL (
      SELECT count(*) AS n,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS d,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS c
        FROM journal_postings p WHERE p.transaction_id = t.id) s
   WHERE t.sequence >= from_seq::bigint AND (s.n < 2 OR s.d <> s.c)
   ORDER BY t.sequence
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF r.n < 2 THEN
    RAISE EXCEPTION 'journal transaction % has % posting(s); at least 2 are required', r.id, r.n USING ERRCODE = 'check_violation';
  END IF;
  RAISE EXCEPTION 'journal transaction % is unbalanced: debits % credits %', r.id, r.d, r.c USING ERRCODE = 'check_violation';
END $$`);
    await q.query(`DROP FUNCTION journal_check_balanced(bigint)`);
  }
}
