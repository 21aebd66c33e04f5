import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Forecasts1795530750080 implements MigrationInterface {
  name = 'Forecasts1795530750080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "forecasts" ("id" uuid NOT NULL, "year" integer NOT NULL, "method" character varying(20) NOT NULL, "params" jsonb NOT NULL, "inputs" jsonb NOT NULL, "input_hash" character varying(64) NOT NULL, "count_batch_id" uuid NOT NULL, "reason" character varying(500) NOT NULL DEFAULT '', "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_forecast_reason" CHECK ("method" <> 'MANUAL_OVERRIDE' OR length("reason") > 0), CONSTRAINT "CHK_forecast_method" CHECK ("method" IN ('TAAKSTELLING', 'TRAILING_ACTUALS', 'MANUAL_OVERRIDE')), CONSTRAINT "PK_caa4d5aec48032eb9d2ce8535f8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_forecast_idempotency" ON "forecasts"  ("idempotency_key") `);
    await q.query(
      `CREATE TABLE "forecast_lines" ("id" BIGSERIAL NOT NULL, "forecast_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "category" character varying(20) NOT NULL, "route" character varying(20), "value" numeric(18,6) NOT NULL, "explanation" character varying(1000) NOT NULL, CONSTRAINT "CHK_forecast_line_value" CHECK ("value" >= 0), CONSTRAINT "PK_8b60bdccb21b44d4a1569eb895c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_forecast_lines_forecast" ON "forecast_lines"  ("forecast_id") `);
    // Append-only (hand-written): a forecast is never changed; a new one supersedes it.
    await q.query(
      `CREATE TRIGGER forecasts_append_only BEFORE UPDATE OR DELETE ON "forecasts" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER forecasts_no_truncate BEFORE TRUNCATE ON "forecasts" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER forecast_lines_append_only BEFORE UPDATE OR DELETE ON "forecast_lines" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER forecast_lines_no_truncate BEFORE TRUNCATE ON "forecast_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS forecasts_append_only ON "forecasts"`);
    await q.query(`DROP TRIGGER IF EXISTS forecasts_no_truncate ON "forecasts"`);
    await q.query(`DROP TRIGGER IF EXISTS forecast_lines_append_only ON "forecast_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS forecast_lines_no_truncate ON "forecast_lines"`);
    await q.query(`DROP INDEX "public"."IDX_forecast_lines_forecast"`);
    await q.query(`DROP TABLE "forecast_lines"`);
    await q.query(`DROP INDEX "public"."UQ_forecast_idempotency"`);
    await q.query(`DROP TABLE "forecasts"`);
  }
}
