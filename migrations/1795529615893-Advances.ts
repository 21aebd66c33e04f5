import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Advances1795529615893 implements MigrationInterface {
  name = 'Advances1795529615893';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "advance_plans" ("id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "version" integer NOT NULL, "allocation_run_id" uuid NOT NULL, "advance_rate" numeric NOT NULL, "schedule" jsonb NOT NULL, "replaces_id" uuid, "reason" character varying(500) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_advance_plan_version" CHECK ("version" >= 1), CONSTRAINT "CHK_advance_plan_rate" CHECK ("advance_rate" >= 0 AND "advance_rate" <= 1), CONSTRAINT "PK_c0eb846280ac54f45687e7a8ff1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_advance_plan_idempotency" ON "advance_plans"  ("idempotency_key") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_advance_plan_version" ON "advance_plans"  ("scheme_code", "year", "version") `);
    await q.query(
      `CREATE TABLE "advance_plan_lines" ("plan_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "entitlement" numeric(18,2) NOT NULL, "advance" numeric(18,2) NOT NULL, "paid" numeric(18,2) NOT NULL, "excess" numeric(18,2) NOT NULL, CONSTRAINT "CHK_advance_plan_line_amounts" CHECK ("entitlement" >= 0 AND "advance" >= 0 AND "paid" >= 0 AND "excess" >= 0), CONSTRAINT "PK_7eb1c04f38d38df8f3fd6ec7996" PRIMARY KEY ("plan_id", "municipality_code"))`,
    );
    await q.query(
      `CREATE TABLE "advance_plan_tranches" ("plan_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "idx" integer NOT NULL, "due_date" date NOT NULL, "weight" numeric NOT NULL, "amount" numeric(18,2) NOT NULL, CONSTRAINT "CHK_advance_plan_tranche_amount" CHECK ("amount" >= 0), CONSTRAINT "PK_0a78e1ab93adb47f45c90b68538" PRIMARY KEY ("plan_id", "municipality_code", "idx"))`,
    );
    await q.query(
      `CREATE TABLE "tranche_payment_runs" ("idempotency_key" character varying(200) NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "due_up_to" date NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dba910060414c62a8ee8adc4edc" PRIMARY KEY ("idempotency_key"))`,
    );
    await q.query(
      `CREATE TABLE "tranche_payments" ("scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "municipality_code" character varying(6) NOT NULL, "idx" integer NOT NULL, "plan_id" uuid NOT NULL, "due_date" date NOT NULL, "amount" numeric(18,2) NOT NULL, "cash" numeric(18,2) NOT NULL, "offset_amount" numeric(18,2) NOT NULL, "transaction_id" character varying(100), "payment_run_key" character varying(200) NOT NULL, "paid_by" character varying(200) NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_tranche_payment_parts" CHECK ("cash" >= 0 AND "offset_amount" >= 0 AND "cash" + "offset_amount" = "amount"), CONSTRAINT "PK_58164590cbd057f4e75f1f4f010" PRIMARY KEY ("scheme_code", "year", "municipality_code", "idx"))`,
    );
    await q.query(`CREATE INDEX "IDX_tranche_payments_run" ON "tranche_payments"  ("payment_run_key") `);
    await q.query(
      `CREATE TABLE "advance_suspensions" ("id" BIGSERIAL NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "municipality_code" character varying(6) NOT NULL, "action" character varying(10) NOT NULL, "reason" character varying(500) NOT NULL, "actor" character varying(200) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_advance_suspension_action" CHECK ("action" IN ('SUSPEND', 'RELEASE')), CONSTRAINT "PK_7cc718b9e1af30c21ecc84cfa6c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_advance_suspensions_key" ON "advance_suspensions"  ("scheme_code", "year", "municipality_code") `);
    await q.query(
      `CREATE TABLE "advance_closures" ("scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "settlement_id" uuid NOT NULL, "recovery_mode" character varying(10) NOT NULL, "closed_by" character varying(200) NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_advance_closure_mode" CHECK ("recovery_mode" IN ('OFFSET', 'INVOICE')), CONSTRAINT "PK_ff65fc4605db012866d4cba875b" PRIMARY KEY ("scheme_code", "year", "settlement_id"))`,
    );
    // Append-only (hand-written): plans are versioned, payments and suspensions are history.
    await q.query(
      `CREATE TRIGGER advance_plans_append_only BEFORE UPDATE OR DELETE ON "advance_plans" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_plans_no_truncate BEFORE TRUNCATE ON "advance_plans" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_plan_lines_append_only BEFORE UPDATE OR DELETE ON "advance_plan_lines" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_plan_lines_no_truncate BEFORE TRUNCATE ON "advance_plan_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_plan_tranches_append_only BEFORE UPDATE OR DELETE ON "advance_plan_tranches" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_plan_tranches_no_truncate BEFORE TRUNCATE ON "advance_plan_tranches" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER tranche_payment_runs_append_only BEFORE UPDATE OR DELETE ON "tranche_payment_runs" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER tranche_payment_runs_no_truncate BEFORE TRUNCATE ON "tranche_payment_runs" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER tranche_payments_append_only BEFORE UPDATE OR DELETE ON "tranche_payments" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER tranche_payments_no_truncate BEFORE TRUNCATE ON "tranche_payments" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_suspensions_append_only BEFORE UPDATE OR DELETE ON "advance_suspensions" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_suspensions_no_truncate BEFORE TRUNCATE ON "advance_suspensions" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_closures_append_only BEFORE UPDATE OR DELETE ON "advance_closures" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER advance_closures_no_truncate BEFORE TRUNCATE ON "advance_closures" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS advance_plans_append_only ON "advance_plans"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_plans_no_truncate ON "advance_plans"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_plan_lines_append_only ON "advance_plan_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_plan_lines_no_truncate ON "advance_plan_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_plan_tranches_append_only ON "advance_plan_tranches"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_plan_tranches_no_truncate ON "advance_plan_tranches"`);
    await q.query(`DROP TRIGGER IF EXISTS tranche_payment_runs_append_only ON "tranche_payment_runs"`);
    await q.query(`DROP TRIGGER IF EXISTS tranche_payment_runs_no_truncate ON "tranche_payment_runs"`);
    await q.query(`DROP TRIGGER IF EXISTS tranche_payments_append_only ON "tranche_payments"`);
    await q.query(`DROP TRIGGER IF EXISTS tranche_payments_no_truncate ON "tranche_payments"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_suspensions_append_only ON "advance_suspensions"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_suspensions_no_truncate ON "advance_suspensions"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_closures_append_only ON "advance_closures"`);
    await q.query(`DROP TRIGGER IF EXISTS advance_closures_no_truncate ON "advance_closures"`);
    await q.query(`DROP TABLE "advance_closures"`);
    await q.query(`DROP INDEX "public"."IDX_advance_suspensions_key"`);
    await q.query(`DROP TABLE "advance_suspensions"`);
    await q.query(`DROP INDEX "public"."IDX_tranche_payments_run"`);
    await q.query(`DROP TABLE "tranche_payments"`);
    await q.query(`DROP TABLE "tranche_payment_runs"`);
    await q.query(`DROP TABLE "advance_plan_tranches"`);
    await q.query(`DROP TABLE "advance_plan_lines"`);
    await q.query(`DROP INDEX "public"."UQ_advance_plan_version"`);
    await q.query(`DROP INDEX "public"."UQ_advance_plan_idempotency"`);
    await q.query(`DROP TABLE "advance_plans"`);
  }
}
