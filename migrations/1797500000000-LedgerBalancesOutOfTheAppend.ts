import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily balances out of the append (decision 1890).
 *
 * Before, `journal_postings_stmt` upserted `ledger_daily_balances` in every postings statement
 * (~25 ms of a batch of 1,000 postings). Now:
 *
 * - `ledger_daily_balances` is a compacted snapshot: it holds the postings of every transaction
 *   with `sequence <= ledger_balance_watermark.sequence`, nothing else.
 * - `ledger_balances_by_day` (view) is what readers read: the snapshot plus the postings of the
 *   transactions after the watermark, grouped by account and effective date — one statement, one
 *   snapshot, so it is exact as soon as an append commits.
 * - `ledger_compact_balances()` moves the postings after the watermark into the snapshot and
 *   advances the watermark, under `FOR UPDATE` of the watermark row (READ COMMITTED only: each
 *   statement after the lock sees every writer that held the row before it).
 * - `journal_postings_stmt` keeps its checks and takes `FOR SHARE` of the watermark row (so a
 *   compaction never runs beside an uncommitted posting write; under REPEATABLE READ a compaction
 *   committed after the snapshot fails the statement with 40001). Only postings of transactions at
 *   or below the watermark (a posting added by raw SQL to an already compacted transaction) are
 *   upserted into the snapshot, as before; an append's own postings never are.
 */
export class LedgerBalancesOutOfTheAppend1797500000000 implements MigrationInterface {
  name = 'LedgerBalancesOutOfTheAppend1797500000000';

  async up(q: QueryRunner): Promise<void> {
    // The daily balances are exact for every posting written so far: the watermark starts at the head.
    await q.query(`SELECT pg_advisory_xact_lock(7331004001)`);
    await q.query(
      `CREATE TABLE "ledger_balance_watermark" ("id" smallint NOT NULL, "sequence" bigint NOT NULL, CONSTRAINT "CHK_ledger_balance_watermark_one" CHECK ("id" = 1), CONSTRAINT "PK_ledger_balance_watermark" PRIMARY KEY ("id"))`,
    );
    await q.query(`INSERT INTO ledger_balance_watermark (id, sequence) SELECT 1, COALESCE(max(sequence), 0) FROM journal_transactions`);
    await q.query(`CREATE TRIGGER ledger_balance_watermark_no_delete BEFORE DELETE OR TRUNCATE ON "ledger_balance_watermark"
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);

    // STABLE: it reads in the snapshot of the statement that calls it, like the view's other branch.
    // Index scans only: the watermark is unknown when the plan is made, and the tail is short.
    await q.query(`CREATE FUNCTION ledger_balances_after_watermark()
  RETURNS TABLE (account_id bigint, effective_date date, debit numeric, credit numeric)
  LANGUAGE plpgsql STABLE SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  compacted bigint := (SELECT w.sequence FROM ledger_balance_watermark w WHERE w.id = 1);
BEGIN
  RETURN QUERY
  SELECT p.account_id, t.effective_date,
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0),
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
    FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id
   WHERE t.sequence > compacted
   GROUP BY p.account_id, t.effective_date;
END $$`);

    await q.query(`CREATE VIEW ledger_balances_by_day AS
SELECT x.account_id, x.effective_date, SUM(x.debit) AS debit, SUM(x.credit) AS credit
  FROM (SELECT d.account_id, d.effective_date, d.debit, d.credit FROM ledger_daily_balances d
        UNION ALL
        SELECT a.account_id, a.effective_date, a.debit, a.credit FROM ledger_balances_after_watermark() a) x
 GROUP BY x.account_id, x.effective_date`);

    await q.query(`CREATE FUNCTION ledger_compact_balances(OUT from_sequence bigint, OUT to_sequence bigint)
  LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'ledger_compact_balances runs under READ COMMITTED only' USING ERRCODE = 'invalid_transaction_state';
  END IF;
  -- Waits for every writer of postings (they hold FOR SHARE) and keeps new ones out until commit.
  SELECT w.sequence INTO from_sequence FROM ledger_balance_watermark w WHERE w.id = 1 FOR UPDATE;
  -- A new statement, a new snapshot: every append that held the row before is visible.
  SELECT COALESCE(max(t.sequence), from_sequence) INTO to_sequence FROM journal_transactions t;
  IF to_sequence <= from_sequence THEN
    RETURN;
  END IF;
  INSERT INTO ledger_daily_balances AS d (account_id, effective_date, debit, credit)
  SELECT p.account_id, t.effective_date,
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0),
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
    FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id
   WHERE t.sequence > from_sequence AND t.sequence <= to_sequence
   GROUP BY p.account_id, t.effective_date
  ON CONFLICT (account_id, effective_date) DO UPDATE
    SET debit = d.debit + EXCLUDED.debit, credit = d.credit + EXCLUDED.credit;
  UPDATE ledger_balance_watermark SET sequence = to_sequence WHERE id = 1;
END $$`);

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
  -- One probe per transaction of the statement: references, older transactions, balance per group.
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
    -- Doubtful: checked at commit from the lowest such sequence, and nothing is cleared any more.
    PERFORM set_config('ledger.balance_dirty', 'on', true);
    PERFORM journal_mark_check_from(LEAST(older, unbalanced));
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
    // Back to an upsert per statement: first every posting after the watermark into the snapshot.
    await q.query(`SELECT ledger_compact_balances()`);
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
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  SELECT min(s.transaction_id::text) FILTER (WHERE t.id IS NULL),
         min(t.sequence) FILTER (WHERE t.xmin <> me),
         min(t.sequence) FILTER (WHERE t.xmin = me AND (s.n < 2 OR s.d <> s.c)),
         count(*) FILTER (WHERE t.xmin = me),
         min(t.sequence) FILTER (WHERE t.xmin = me),
         max(t.sequence) FILTER (WHERE t.xmin = me)
    INTO bad, older, unbalanced, own_n, own_lo, own_hi
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
  INSERT INTO ledger_daily_balances AS d (account_id, effective_date, debit, credit)
  SELECT p.account_id, t.effective_date,
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0),
         COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
    FROM new_postings p JOIN journal_transactions t ON t.id = p.transaction_id
   GROUP BY p.account_id, t.effective_date
  ON CONFLICT (account_id, effective_date) DO UPDATE
    SET debit = d.debit + EXCLUDED.debit, credit = d.credit + EXCLUDED.credit;
  RETURN NULL;
END $$`);
    await q.query(`DROP FUNCTION ledger_compact_balances()`);
    await q.query(`DROP VIEW ledger_balances_by_day`);
    await q.query(`DROP FUNCTION ledger_balances_after_watermark()`);
    await q.query(`DROP TABLE "ledger_balance_watermark"`);
  }
}
