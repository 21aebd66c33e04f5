import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Settlements1795530085801 implements MigrationInterface {
  name = 'Settlements1795530085801';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "settlements" ("id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "allocation_run_id" uuid NOT NULL, "recovery_mode" character varying(10) NOT NULL, "replaces_id" uuid, "payee_date" date NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "inputs_hash" character varying(64) NOT NULL, "prepared_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_settlement_mode" CHECK ("recovery_mode" IN ('OFFSET', 'INVOICE')), CONSTRAINT "PK_5f523ce152b84e818bff9467aab" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_settlement_scheme_year" ON "settlements"  ("scheme_code", "year") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_settlement_idempotency" ON "settlements"  ("idempotency_key") `);
    await q.query(
      `CREATE TABLE "settlement_lines" ("settlement_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "payee_code" character varying(6) NOT NULL, "status" character varying(16) NOT NULL, "count_based" numeric(18,2) NOT NULL, "accepted_spending" numeric(18,2), "final_entitlement" numeric(18,2), "paid" numeric(18,2) NOT NULL, "amount" numeric(18,2), CONSTRAINT "CHK_settlement_line_status" CHECK ("status" IN ('SETTLED', 'AWAITING_REPORT')), CONSTRAINT "PK_34cd3cea8176a55d0b6e9827458" PRIMARY KEY ("settlement_id", "municipality_code"))`,
    );
    await q.query(
      `CREATE TABLE "settlement_finalisations" ("settlement_id" uuid NOT NULL, "approved_by" character varying(200) NOT NULL, "effective_date" date NOT NULL, "idempotency_key" character varying(200) NOT NULL, "transaction_ids" jsonb NOT NULL, "reversal_transaction_ids" jsonb NOT NULL, "finalised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c6ccd44fcf233ef8ecb76777e55" PRIMARY KEY ("settlement_id"))`,
    );
    await q.query(
      `CREATE TABLE "settlement_recoveries" ("idempotency_key" character varying(200) NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "municipality_code" character varying(6) NOT NULL, "action" character varying(10) NOT NULL, "amount" numeric(18,2) NOT NULL, "transaction_id" character varying(100) NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_settlement_recovery_amount" CHECK ("amount" > 0), CONSTRAINT "CHK_settlement_recovery_action" CHECK ("action" IN ('INVOICED', 'RECEIVED')), CONSTRAINT "PK_9586fe514c1a392dea11f8a3781" PRIMARY KEY ("idempotency_key"))`,
    );
    // Append-only (hand-written): a draft never changes; finalisation and recoveries are their own rows.
    await q.query(
      `CREATE TRIGGER settlements_append_only BEFORE UPDATE OR DELETE ON "settlements" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlements_no_truncate BEFORE TRUNCATE ON "settlements" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_lines_append_only BEFORE UPDATE OR DELETE ON "settlement_lines" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_lines_no_truncate BEFORE TRUNCATE ON "settlement_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_finalisations_append_only BEFORE UPDATE OR DELETE ON "settlement_finalisations" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_finalisations_no_truncate BEFORE TRUNCATE ON "settlement_finalisations" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_recoveries_append_only BEFORE UPDATE OR DELETE ON "settlement_recoveries" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER settlement_recoveries_no_truncate BEFORE TRUNCATE ON "settlement_recoveries" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS settlements_append_only ON "settlements"`);
    await q.query(`DROP TRIGGER IF EXISTS settlements_no_truncate ON "settlements"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_lines_append_only ON "settlement_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_lines_no_truncate ON "settlement_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_finalisations_append_only ON "settlement_finalisations"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_finalisations_no_truncate ON "settlement_finalisations"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_recoveries_append_only ON "settlement_recoveries"`);
    await q.query(`DROP TRIGGER IF EXISTS settlement_recoveries_no_truncate ON "settlement_recoveries"`);
    await q.query(`DROP TABLE "settlement_recoveries"`);
    await q.query(`DROP TABLE "settlement_finalisations"`);
    await q.query(`DROP TABLE "settlement_lines"`);
    await q.query(`DROP INDEX "public"."UQ_settlement_idempotency"`);
    await q.query(`DROP INDEX "public"."IDX_settlement_scheme_year"`);
    await q.query(`DROP TABLE "settlements"`);
  }
}
