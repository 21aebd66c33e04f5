import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledger appends in fewer round trips and without a per-transaction check at commit (decision 1850).
 *
 * - `ledger_append_begin(...)`: one call for what an append did in four statements before its
 *   COPYs: the chain lock, "is any key of the batch already stored", the missing accounts created
 *   and every account's id, the chain head and the clock. A volatile plpgsql function takes a fresh
 *   snapshot per statement under READ COMMITTED, so everything after the lock sees the previous
 *   append. When a key is known or the batch reverses something it creates nothing (the writer
 *   then takes its careful path: replay, refuse, reversal checks, accounts).
 * - `journal_postings_stmt` checks the balance per statement from its transition table: one pass
 *   over the statement's postings grouped by transaction, joined once to their transactions, gives
 *   the dangling references, the postings added to transactions of earlier database transactions,
 *   the groups that do not balance on their own, and which of this transaction's own journal rows
 *   the statement covers. Groups that balance on their own add up to balanced transactions, so when
 *   a statement covers exactly the journal rows not yet proven (`ledger.balance_pending`, kept by
 *   `journal_transactions_stmt`) and nothing was ever doubtful in this database transaction
 *   (`ledger.balance_dirty`), the commit-time mark is cleared and the deferred check at COMMIT has
 *   nothing to read. Anything else (a one-legged or unbalanced group, a posting for an older
 *   transaction, a transaction without postings, rows written in a savepoint) keeps the mark and
 *   the check at commit exactly as before (decision 0600).
 * - So the postings statement probes its transactions twice (that pass and the daily-balance
 *   upsert) instead of three times, and COMMIT no longer probes every new transaction and its
 *   postings again.
 */
export class LedgerAppendOneCall1797420000000 implements MigrationInterface {
  name = 'LedgerAppendOneCall1797420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION ledger_append_begin(
    keys text[], reversals int,
    addresses text[], kinds text[], sides text[], templates text[], municipalities text[], schemes text[], years int[],
    OUT now timestamptz, OUT head_sequence text, OUT head_hash text, OUT head_recorded_at timestamptz,
    OUT known boolean, OUT account_ids bigint[])
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7331004001);
  known := EXISTS (SELECT 1 FROM journal_transactions t WHERE t.idempotency_key = ANY(keys));
  IF NOT known AND reversals = 0 THEN
    INSERT INTO ledger_accounts (address, kind, normal_side, template, municipality_code, scheme_code, year)
    SELECT w.address, w.kind, w.normal_side, w.template, w.municipality_code, w.scheme_code, w.year
      FROM unnest(addresses, kinds, sides, templates, municipalities, schemes, years)
        AS w(address, kind, normal_side, template, municipality_code, scheme_code, year)
     WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.address = w.address)
    ON CONFLICT (address) DO NOTHING;
    SELECT array_agg(a.id ORDER BY w.ord) INTO account_ids
      FROM unnest(addresses) WITH ORDINALITY AS w(address, ord)
      LEFT JOIN ledger_accounts a ON a.address = w.address;
  END IF;
  SELECT date_trunc('milliseconds', clock_timestamp()), h.sequence::text, h.hash, h.recorded_at
    INTO now, head_sequence, head_hash, head_recorded_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT t.sequence, t.hash, t.recorded_at FROM journal_transactions t ORDER BY t.sequence DESC LIMIT 1) h ON true;
END $$`);

    // Journal rows of this database transaction not yet proven balanced: "lo:hi" of their sequences.
    await q.query(`CREATE OR REPLACE FUNCTION journal_transactions_stmt() RETURNS trigger LANGUAGE plpgsql
      SET enable_seqscan = off AS $$
DECLARE
  bad uuid;
  lowest bigint;
  highest bigint;
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  SELECT n.reverses_id INTO bad FROM new_transactions n
   WHERE n.reverses_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = n.reverses_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal transaction reverses % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT min(sequence), max(sequence) INTO lowest, highest FROM new_transactions;
  IF lowest IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM journal_mark_check_from(lowest);
  IF pending <> '' THEN
    lowest := LEAST(lowest, split_part(pending, ':', 1)::bigint);
    highest := GREATEST(highest, split_part(pending, ':', 2)::bigint);
  END IF;
  PERFORM set_config('ledger.balance_pending', lowest || ':' || highest, true);
  RETURN NULL;
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
  pending text := COALESCE(current_setting('ledger.balance_pending', true), '');
BEGIN
  -- One probe per transaction of the statement: references, older transactions, balance per group.
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
    -- Doubtful: checked at commit from the lowest such sequence, and nothing is cleared any more.
    PERFORM set_config('ledger.balance_dirty', 'on', true);
    PERFORM journal_mark_check_from(LEAST(older, unbalanced));
  ELSIF own_n > 0 AND pending = own_lo || ':' || own_hi AND own_n = own_hi - own_lo + 1
        AND COALESCE(current_setting('ledger.balance_dirty', true), '') = '' THEN
    -- Every journal row not yet proven got its postings here, each group balanced on its own.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ledger_append_begin(text[], int, text[], text[], text[], text[], text[], text[], int[])`);
    await q.query(`CREATE OR REPLACE FUNCTION journal_transactions_stmt() RETURNS trigger LANGUAGE plpgsql
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
    await q.query(`CREATE OR REPLACE FUNCTION journal_postings_stmt() RETURNS trigger LANGUAGE plpgsql
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
    await q.query(`CREATE OR REPLACE FUNCTION journal_check_balanced_at_commit() RETURNS trigger LANGUAGE plpgsql
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
  }
}
