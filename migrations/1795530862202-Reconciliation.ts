import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliation1795530862202 implements MigrationInterface {
  name = 'Reconciliation1795530862202';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "reconciliation_runs" ("id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "municipality_codes" text array, "status" character varying(10) NOT NULL, "progress_done" integer NOT NULL DEFAULT '0', "progress_total" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, "error" text, "inputs" jsonb, "input_hash" character(64), "output" jsonb, "output_hash" character(64), "journal_head_hash" character(64), "journal_head_sequence" bigint, "difference_count" integer, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_reconciliation_runs_status" CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')), CONSTRAINT "PK_4edbdb165c9e754997036a4176a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_reconciliation_runs_active" ON "reconciliation_runs"  ("scheme_code", "year") WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    await q.query(
      `CREATE TABLE "reconciliation_differences" ("id" BIGSERIAL NOT NULL, "run_id" uuid NOT NULL, "ordinal" integer NOT NULL, "check_code" character varying(40) NOT NULL, "municipality_code" character varying(6), "account" character varying(200), "unit" character varying(5) NOT NULL, "expected" numeric NOT NULL, "actual" numeric NOT NULL, "difference" numeric NOT NULL, "direction" character varying(15) NOT NULL, "cause" character varying(40) NOT NULL, "detail" text NOT NULL, "refs" jsonb NOT NULL, CONSTRAINT "PK_585514bfac78d3d5e2efc067e1c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IX_reconciliation_differences_run" ON "reconciliation_differences"  ("run_id", "ordinal") `);
    await q.query(
      `CREATE TABLE "reconciliation_reproductions" ("id" BIGSERIAL NOT NULL, "run_id" uuid NOT NULL, "input_hash" character(64) NOT NULL, "output_hash" character(64) NOT NULL, "matches" boolean NOT NULL, "reproduced_by" character varying(200) NOT NULL, "reproduced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b700119c597cdd8f51cf97b33f1" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "reconciliation_exports" ("id" uuid NOT NULL, "run_id" uuid NOT NULL, "format" character varying(6) NOT NULL, "exported_by" character varying(200) NOT NULL, "exported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_reconciliation_exports_format" CHECK (format IN ('CSV', 'CSV_NL', 'XLSX', 'JSON')), CONSTRAINT "PK_f0d25afe4705069a67ed12f9085" PRIMARY KEY ("id"))`,
    );
    // A finished run is read-only; a running one may only move forward (no DELETE, no TRUNCATE).
    await q.query(`CREATE OR REPLACE FUNCTION reconciliation_run_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'reconciliation runs are never deleted' USING ERRCODE = 'P0001';
        END IF;
        IF OLD.status IN ('SUCCEEDED', 'FAILED') THEN
          RAISE EXCEPTION 'reconciliation run % is finished and read-only', OLD.id USING ERRCODE = 'P0001';
        END IF;
        IF NEW.id IS DISTINCT FROM OLD.id OR NEW.scheme_code IS DISTINCT FROM OLD.scheme_code OR NEW.year IS DISTINCT FROM OLD.year
           OR NEW.as_of IS DISTINCT FROM OLD.as_of OR NEW.municipality_codes IS DISTINCT FROM OLD.municipality_codes
           OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
          RAISE EXCEPTION 'the request of reconciliation run % cannot change', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER reconciliation_runs_guard BEFORE UPDATE OR DELETE ON "reconciliation_runs" FOR EACH ROW EXECUTE FUNCTION reconciliation_run_guard()`,
    );
    for (const table of ['reconciliation_runs', 'reconciliation_differences', 'reconciliation_reproductions', 'reconciliation_exports']) {
      if (table !== 'reconciliation_runs') {
        await q.query(
          `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
        );
      }
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "reconciliation_exports"`);
    await q.query(`DROP TABLE "reconciliation_reproductions"`);
    await q.query(`DROP INDEX "public"."IX_reconciliation_differences_run"`);
    await q.query(`DROP TABLE "reconciliation_differences"`);
    await q.query(`DROP INDEX "public"."UQ_reconciliation_runs_active"`);
    await q.query(`DROP TABLE "reconciliation_runs"`);
    await q.query(`DROP FUNCTION reconciliation_run_guard()`);
  }
}
