import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledger appends checked per statement instead of per row (decision 0600).
 *
 * Before: a deferred constraint trigger per transaction row and per posting row (each running a
 * query at commit), two foreign-key triggers per posting and one per transaction, and a separate
 * daily-balance upsert from the writer. After, with the same guarantees:
 *
 * - `journal_transactions_stmt` / `journal_postings_stmt`: statement-level AFTER INSERT triggers
 *   with transition tables. They check the references of the whole statement at once (what the
 *   dropped foreign keys did: the referenced rows can never be deleted or re-keyed, since
 *   transactions are append-only and accounts may change only `metadata`), maintain
 *   `ledger_daily_balances` with one aggregate upsert per statement, and note in the
 *   transaction-local setting `ledger.balance_check_from` the lowest sequence whose balance must
 *   be checked at commit.
 * - `journal_*_balanced_at_commit`: deferred constraint triggers (constraint triggers can only be
 *   row-level) whose WHEN condition lets only the first row of a database transaction queue an
 *   event; that one event checks, at commit, every transaction from `ledger.balance_check_from`
 *   on (set-based, one query): at least two postings and Σ debit = Σ credit. It then clears the
 *   settings, so rows inserted after a `SET CONSTRAINTS ... IMMEDIATE` queue a new check. Settings
 *   made with `is_local` revert with a rolled-back savepoint together with the queued event.
 */
export class LedgerStatementChecks1795531800000 implements MigrationInterface {
  name = 'LedgerStatementChecks1795531800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER journal_postings_balanced ON "journal_postings"`);
    await q.query(`DROP TRIGGER journal_transactions_balanced ON "journal_transactions"`);
    await q.query(`DROP FUNCTION journal_check_balanced()`);
    await q.query(`ALTER TABLE "journal_postings" DROP CONSTRAINT "FK_journal_postings_account"`);
    await q.query(`ALTER TABLE "journal_postings" DROP CONSTRAINT "FK_journal_postings_transaction"`);
    await q.query(`ALTER TABLE "journal_transactions" DROP CONSTRAINT "FK_journal_transactions_reverses"`);

    // Lowers the transaction-local "check from this sequence at commit" mark.
    await q.query(`CREATE FUNCTION journal_mark_check_from(seq bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cur text := current_setting('ledger.balance_check_from', true);
BEGIN
  IF seq IS NOT NULL AND (cur IS NULL OR cur = '' OR seq < cur::bigint) THEN
    PERFORM set_config('ledger.balance_check_from', seq::text, true);
  END IF;
END $$`);

    await q.query(`CREATE FUNCTION journal_transactions_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_seqscan = off AS $$
DECLARE
  bad uuid;
  lowest bigint;
BEGIN
  SELECT n.reverses_id INTO bad FROM new_transactions n
   WHERE n.reverses_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = n.reverses_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal transaction reverses % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT min(sequence) INTO lowest FROM new_transactions;
  PERFORM journal_mark_check_from(lowest);
  RETURN NULL;
END $$`);

    // Nested loops by index only: the transition table is small, the journal is not (and its
    // statistics lag behind a fast-growing table, which made the planner scan it per statement).
    await q.query(`CREATE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  bad text;
  older bigint;
BEGIN
  SELECT n.transaction_id::text INTO bad FROM (SELECT DISTINCT transaction_id FROM new_postings) n
   WHERE NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = n.transaction_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'posting for journal transaction % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT n.account_id::text INTO bad FROM (SELECT DISTINCT account_id FROM new_postings) n
   WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = n.account_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'posting on ledger account % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  -- A posting added to a transaction that an earlier database transaction wrote: check it too.
  SELECT min(t.sequence) INTO older FROM (SELECT DISTINCT transaction_id FROM new_postings) n
    JOIN journal_transactions t ON t.id = n.transaction_id
   WHERE t.xmin <> pg_current_xact_id()::xid;
  PERFORM journal_mark_check_from(older);
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

    await q.query(`CREATE FUNCTION journal_check_balanced_at_commit() RETURNS trigger LANGUAGE plpgsql
      SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
  from_seq text := current_setting('ledger.balance_check_from', true);
  r record;
BEGIN
  PERFORM set_config('ledger.balance_check_queued', '', true);
  PERFORM set_config('ledger.balance_check_from', '', true);
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

    await q.query(`CREATE TRIGGER journal_transactions_stmt AFTER INSERT ON "journal_transactions"
      REFERENCING NEW TABLE AS new_transactions FOR EACH STATEMENT EXECUTE FUNCTION journal_transactions_stmt()`);
    await q.query(`CREATE TRIGGER journal_postings_stmt AFTER INSERT ON "journal_postings"
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION journal_postings_stmt()`);
    // The WHEN condition is evaluated when the row is inserted (not deferred): true for the first
    // row of the database transaction only, so one check event is queued, not one per row.
    for (const table of ['journal_transactions', 'journal_postings']) {
      await q.query(`CREATE CONSTRAINT TRIGGER ${table}_balanced_at_commit AFTER INSERT ON "${table}"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (COALESCE(current_setting('ledger.balance_check_queued', true), '') = ''
              AND set_config('ledger.balance_check_queued', 'on', true) = 'on')
        EXECUTE FUNCTION journal_check_balanced_at_commit()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['journal_transactions', 'journal_postings']) {
      await q.query(`DROP TRIGGER ${table}_balanced_at_commit ON "${table}"`);
    }
    await q.query(`DROP TRIGGER journal_postings_stmt ON "journal_postings"`);
    await q.query(`DROP TRIGGER journal_transactions_stmt ON "journal_transactions"`);
    await q.query(`DROP FUNCTION journal_check_balanced_at_commit()`);
    await q.query(`DROP FUNCTION journal_postings_stmt()`);
    await q.query(`DROP FUNCTION journal_transactions_stmt()`);
    await q.query(`DROP FUNCTION journal_mark_check_from(bigint)`);
    await q.query(
      `ALTER TABLE "journal_transactions" ADD CONSTRAINT "FK_journal_transactions_reverses" FOREIGN KEY ("reverses_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "journal_postings" ADD CONSTRAINT "FK_journal_postings_transaction" FOREIGN KEY ("transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "journal_postings" ADD CONSTRAINT "FK_journal_postings_account" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION journal_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tid uuid;
  n integer;
  d numeric;
  c numeric;
BEGIN
  IF TG_TABLE_NAME = 'journal_transactions' THEN
    tid := NEW.id;
  ELSE
    tid := NEW.transaction_id;
    -- The transaction row was inserted by this same database transaction: its own deferred
    -- trigger checks the complete set at commit, so one check per transaction is enough. (A row
    -- inserted in a subtransaction has another xmin and is simply checked here as well.)
    IF EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = tid AND t.xmin = pg_current_xact_id()::xid) THEN
      RETURN NULL;
    END IF;
  END IF;
  SELECT count(*), COALESCE(SUM(amount) FILTER (WHERE direction = 'DEBIT'), 0), COALESCE(SUM(amount) FILTER (WHERE direction = 'CREDIT'), 0)
    INTO n, d, c FROM journal_postings WHERE transaction_id = tid;
  IF n < 2 THEN
    RAISE EXCEPTION 'journal transaction % has % posting(s); at least 2 are required', tid, n USING ERRCODE = 'check_violation';
  END IF;
  IF d <> c THEN
    RAISE EXCEPTION 'journal transaction % is unbalanced: debits % credits %', tid, d, c USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER journal_transactions_balanced AFTER INSERT ON "journal_transactions"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_check_balanced()`);
    await q.query(`CREATE CONSTRAINT TRIGGER journal_postings_balanced AFTER INSERT ON "journal_postings"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_check_balanced()`);
  }
}
