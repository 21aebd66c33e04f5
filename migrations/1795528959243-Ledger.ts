import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1795528959243 implements MigrationInterface {
  name = 'Ledger1795528959243';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ledger_accounts" ("id" BIGSERIAL NOT NULL, "address" character varying(200) NOT NULL, "kind" character varying(10) NOT NULL, "normal_side" character varying(6) NOT NULL, "template" character varying(40) NOT NULL, "municipality_code" character varying(6), "scheme_code" character varying(40), "year" integer, "metadata" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_ledger_accounts_normal_side" CHECK ("normal_side" IN ('DEBIT','CREDIT')), CONSTRAINT "CHK_ledger_accounts_kind" CHECK ("kind" IN ('ASSET','LIABILITY','EXPENSE','INCOME','EQUITY','MEMO')), CONSTRAINT "PK_62b34396dda564757cf123fff0e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_ledger_accounts_address" ON "ledger_accounts"  ("address") `);
    await q.query(`CREATE INDEX "IDX_ledger_accounts_municipality" ON "ledger_accounts"  ("municipality_code") `);
    await q.query(
      `CREATE TABLE "journal_transactions" ("id" uuid NOT NULL, "sequence" bigint NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character(64) NOT NULL, "kind" character varying(30) NOT NULL, "actor" character varying(200) NOT NULL, "actor_role" character varying(40) NOT NULL, "effective_date" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "currency" character(3) NOT NULL DEFAULT 'EUR', "cause_type" character varying(40), "cause_id" character varying(200), "reverses_id" uuid, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "CHK_journal_transactions_sequence" CHECK ("sequence" > 0), CONSTRAINT "CHK_journal_transactions_currency" CHECK ("currency" = 'EUR'), CONSTRAINT "PK_d71a37c90bc6540c375320b9b24" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_journal_transactions_sequence" ON "journal_transactions"  ("sequence") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_journal_transactions_idempotency_key" ON "journal_transactions"  ("idempotency_key") `);
    await q.query(`CREATE INDEX "IDX_journal_transactions_effective_date" ON "journal_transactions"  ("effective_date") `);
    await q.query(`CREATE INDEX "IDX_journal_transactions_recorded_at" ON "journal_transactions"  ("recorded_at") `);
    await q.query(`CREATE INDEX "IDX_journal_transactions_cause" ON "journal_transactions"  ("cause_id") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_journal_transactions_reverses" ON "journal_transactions"  ("reverses_id") `);
    await q.query(
      `CREATE TABLE "journal_postings" ("id" BIGSERIAL NOT NULL, "transaction_id" uuid NOT NULL, "line" smallint NOT NULL, "account_id" bigint NOT NULL, "direction" character varying(6) NOT NULL, "amount" numeric(18,2) NOT NULL, CONSTRAINT "CHK_journal_postings_direction" CHECK ("direction" IN ('DEBIT','CREDIT')), CONSTRAINT "CHK_journal_postings_amount" CHECK ("amount" > 0), CONSTRAINT "PK_3cd52d5309cfea1e8262fe2b39e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_journal_postings_account" ON "journal_postings"  ("account_id") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_journal_postings_line" ON "journal_postings"  ("transaction_id", "line") `);
    await q.query(
      `CREATE TABLE "ledger_daily_balances" ("account_id" bigint NOT NULL, "effective_date" date NOT NULL, "debit" numeric(20,2) NOT NULL, "credit" numeric(20,2) NOT NULL, CONSTRAINT "PK_e49ff0d8e550696634741d8c1f3" PRIMARY KEY ("account_id", "effective_date"))`,
    );
    await q.query(
      `ALTER TABLE "journal_transactions" ADD CONSTRAINT "FK_journal_transactions_reverses" FOREIGN KEY ("reverses_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "journal_postings" ADD CONSTRAINT "FK_journal_postings_transaction" FOREIGN KEY ("transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "journal_postings" ADD CONSTRAINT "FK_journal_postings_account" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Hand-written: what TypeORM cannot express.
    // Append-only journal: no UPDATE, DELETE or TRUNCATE, whoever asks (corrections are reversals).
    for (const table of ['journal_transactions', 'journal_postings']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
      );
    }
    // Accounts: only metadata may change; what an address means never does.
    await q.query(`CREATE OR REPLACE FUNCTION ledger_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.address IS DISTINCT FROM OLD.address
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.normal_side IS DISTINCT FROM OLD.normal_side
     OR NEW.template IS DISTINCT FROM OLD.template OR NEW.municipality_code IS DISTINCT FROM OLD.municipality_code
     OR NEW.scheme_code IS DISTINCT FROM OLD.scheme_code OR NEW.year IS DISTINCT FROM OLD.year
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION '% on ledger_accounts may change only metadata', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    await q.query(
      `CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE OR DELETE ON "ledger_accounts" FOR EACH ROW EXECUTE FUNCTION ledger_accounts_guard()`,
    );
    await q.query(
      `CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON "ledger_accounts" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    // Balanced and at least two postings, checked at commit (deferred), so a transaction row and
    // its postings can be inserted by separate statements. Fired by the transaction row (which
    // catches a transaction without postings) and by each posting (which catches a posting added
    // later to an existing transaction).
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS journal_postings_balanced ON "journal_postings"`);
    await q.query(`DROP TRIGGER IF EXISTS journal_transactions_balanced ON "journal_transactions"`);
    await q.query(`DROP FUNCTION IF EXISTS journal_check_balanced()`);
    await q.query(`DROP TRIGGER IF EXISTS ledger_accounts_no_truncate ON "ledger_accounts"`);
    await q.query(`DROP TRIGGER IF EXISTS ledger_accounts_guard ON "ledger_accounts"`);
    await q.query(`DROP FUNCTION IF EXISTS ledger_accounts_guard()`);
    for (const table of ['journal_transactions', 'journal_postings']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_append_only ON "${table}"`);
    }
    await q.query(`ALTER TABLE "journal_postings" DROP CONSTRAINT "FK_journal_postings_account"`);
    await q.query(`ALTER TABLE "journal_postings" DROP CONSTRAINT "FK_journal_postings_transaction"`);
    await q.query(`ALTER TABLE "journal_transactions" DROP CONSTRAINT "FK_journal_transactions_reverses"`);
    await q.query(`DROP TABLE "ledger_daily_balances"`);
    await q.query(`DROP INDEX "public"."UQ_journal_postings_line"`);
    await q.query(`DROP INDEX "public"."IDX_journal_postings_account"`);
    await q.query(`DROP TABLE "journal_postings"`);
    await q.query(`DROP INDEX "public"."UQ_journal_transactions_reverses"`);
    await q.query(`DROP INDEX "public"."IDX_journal_transactions_cause"`);
    await q.query(`DROP INDEX "public"."IDX_journal_transactions_recorded_at"`);
    await q.query(`DROP INDEX "public"."IDX_journal_transactions_effective_date"`);
    await q.query(`DROP INDEX "public"."UQ_journal_transactions_idempotency_key"`);
    await q.query(`DROP INDEX "public"."UQ_journal_transactions_sequence"`);
    await q.query(`DROP TABLE "journal_transactions"`);
    await q.query(`DROP INDEX "public"."IDX_ledger_accounts_municipality"`);
    await q.query(`DROP INDEX "public"."UQ_ledger_accounts_address"`);
    await q.query(`DROP TABLE "ledger_accounts"`);
  }
}
