import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forecasts as distributions (issue 18): the SHRINKAGE_EB method, its version on every forecast,
 * predictive quantiles per line, BACKTEST forecasts that are stored but never published (no count
 * batch), and the backtests that group them. Append-only like the forecasts themselves.
 */
export class ForecastDistributions1796400000000 implements MigrationInterface {
  name = 'ForecastDistributions1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "forecast_backtests" ("id" uuid NOT NULL, "method" character varying(20) NOT NULL, "params" jsonb NOT NULL, "forecast_ids" jsonb NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f6df78b735651581c3ca399a3f6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_forecast_backtest_idempotency" ON "forecast_backtests"  ("idempotency_key") `);
    await q.query(`ALTER TABLE "forecasts" ADD "method_version" character varying(40) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "forecasts" ADD "purpose" character varying(10) NOT NULL DEFAULT 'PUBLISH'`);
    await q.query(`ALTER TABLE "forecast_lines" ADD "quantiles" jsonb`);
    await q.query(`ALTER TABLE "forecasts" ALTER COLUMN "count_batch_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "forecasts" DROP CONSTRAINT "CHK_forecast_method"`);
    await q.query(
      `ALTER TABLE "forecasts" ADD CONSTRAINT "CHK_forecast_method" CHECK ("method" IN ('TAAKSTELLING', 'TRAILING_ACTUALS', 'MANUAL_OVERRIDE', 'SHRINKAGE_EB'))`,
    );
    // Append-only (hand-written), as forecasts are.
    await q.query(
      `CREATE TRIGGER forecast_backtests_append_only BEFORE UPDATE OR DELETE ON "forecast_backtests" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `ALTER TABLE "forecasts" ADD CONSTRAINT "CHK_forecast_purpose" CHECK ("purpose" IN ('PUBLISH', 'BACKTEST') AND ("purpose" = 'BACKTEST') = ("count_batch_id" IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "forecasts" DROP CONSTRAINT "CHK_forecast_purpose"`);
    await q.query(`ALTER TABLE "forecasts" DROP CONSTRAINT "CHK_forecast_method"`);
    await q.query(
      `ALTER TABLE "forecasts" ADD CONSTRAINT "CHK_forecast_method" CHECK ("method" IN ('TAAKSTELLING', 'TRAILING_ACTUALS', 'MANUAL_OVERRIDE'))`,
    );
    await q.query(`DROP TRIGGER forecast_backtests_append_only ON "forecast_backtests"`);
    await q.query(`ALTER TABLE "forecasts" ALTER COLUMN "count_batch_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "forecast_lines" DROP COLUMN "quantiles"`);
    await q.query(`ALTER TABLE "forecasts" DROP COLUMN "purpose"`);
    await q.query(`ALTER TABLE "forecasts" DROP COLUMN "method_version"`);
    await q.query(`DROP INDEX "public"."UQ_forecast_backtest_idempotency"`);
    await q.query(`DROP TABLE "forecast_backtests"`);
  }
}
