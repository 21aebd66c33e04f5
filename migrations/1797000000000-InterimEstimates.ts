import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mid-year re-estimate (issue 18.4, decision 1310): `interim_estimates` with their lines, and
 * `interim_decisions` (the INTERIM run and plan version a decision made). All append-only.
 */
export class InterimEstimates1797000000000 implements MigrationInterface {
  name = 'InterimEstimates1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "interim_estimates" ("id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "rule_version_id" uuid NOT NULL, "source" character varying(20) NOT NULL, "forecast_id" uuid, "level" character varying(10), "plan_id" uuid NOT NULL, "plan_version" integer NOT NULL, "method_version" character varying(40) NOT NULL, "inputs" jsonb NOT NULL, "input_hash" character varying(64) NOT NULL, "output_hash" character varying(64) NOT NULL, "unit_scale" integer NOT NULL, "budget" numeric(18,2) NOT NULL, "total" numeric(18,2) NOT NULL, "total_p10" numeric(18,2) NOT NULL, "total_p50" numeric(18,2) NOT NULL, "total_p90" numeric(18,2) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_interim_estimate_source" CHECK ("source" IN ('FORECAST', 'COUNTS_IN_FORCE') AND ("source" = 'FORECAST') = ("forecast_id" IS NOT NULL)), CONSTRAINT "PK_interim_estimates" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_interim_estimate_idempotency" ON "interim_estimates" ("idempotency_key") `);
    await q.query(`CREATE INDEX "IDX_interim_estimates_scheme_year" ON "interim_estimates" ("scheme_code", "year") `);
    await q.query(
      `CREATE TABLE "interim_estimate_lines" ("estimate_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "paid" numeric(18,2) NOT NULL, "planned" numeric(18,2) NOT NULL, "entitled" numeric(18,2) NOT NULL, "entitled_p10" numeric(18,2) NOT NULL, "entitled_p50" numeric(18,2) NOT NULL, "entitled_p90" numeric(18,2) NOT NULL, "new_advance" numeric(18,2) NOT NULL, CONSTRAINT "PK_interim_estimate_lines" PRIMARY KEY ("estimate_id", "municipality_code"))`,
    );
    await q.query(
      `CREATE TABLE "interim_decisions" ("id" uuid NOT NULL, "estimate_id" uuid NOT NULL, "allocation_run_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "plan_version" integer NOT NULL, "reason" character varying(500) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "decided_by" character varying(200) NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_interim_decisions" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_interim_decision_idempotency" ON "interim_decisions" ("idempotency_key") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_interim_decision_estimate" ON "interim_decisions" ("estimate_id") `);
    for (const table of ['interim_estimates', 'interim_estimate_lines', 'interim_decisions']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['interim_decisions', 'interim_estimate_lines', 'interim_estimates']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
