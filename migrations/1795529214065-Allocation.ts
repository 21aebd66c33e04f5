import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Allocation1795529214065 implements MigrationInterface {
  name = 'Allocation1795529214065';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "funding_schemes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "stream" character varying(30) NOT NULL, "year" integer NOT NULL, "budget_mode" character varying(12) NOT NULL, "budget" numeric(18,2) NOT NULL, "unit_scale" smallint NOT NULL, "status" character varying(10) NOT NULL, "settles_on_spending" boolean NOT NULL DEFAULT false, "uses_routes" boolean NOT NULL DEFAULT false, "accountability_deadline" date NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_funding_scheme_year" CHECK ("year" BETWEEN 2000 AND 2100), CONSTRAINT "CHK_funding_scheme_budget" CHECK ("budget" >= 0 AND "budget" = round("budget", "unit_scale")), CONSTRAINT "CHK_funding_scheme_scale" CHECK ("unit_scale" IN (0, 2)), CONSTRAINT "CHK_funding_scheme_status" CHECK ("status" IN ('DRAFT', 'OPEN', 'CLOSED')), CONSTRAINT "CHK_funding_scheme_mode" CHECK ("budget_mode" IN ('CLOSED', 'OPEN_ENDED')), CONSTRAINT "CHK_funding_scheme_stream" CHECK ("stream" IN ('INTEGRATION_PROVISIONS', 'IMPLEMENTATION_COSTS', 'EDUCATION_ROUTE')), CONSTRAINT "CHK_funding_scheme_code" CHECK ("code" ~ '^[A-Z0-9][A-Z0-9-]{1,38}$'), CONSTRAINT "PK_4d1c3267477cc5a8c92a8e1904a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_funding_scheme_code_year" ON "funding_schemes"  ("code", "year") `);
    await q.query(
      `CREATE TABLE "scheme_rates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme_code" character varying(40) NOT NULL, "category" character varying(20) NOT NULL, "route" character varying(20) NOT NULL, "valid_from" date NOT NULL, "amount" numeric(18,2) NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_scheme_rate_amount" CHECK ("amount" >= 0), CONSTRAINT "CHK_scheme_rate_route" CHECK ("route" IN ('NONE', 'B1', 'ONDERWIJSROUTE', 'Z_ROUTE')), CONSTRAINT "CHK_scheme_rate_category" CHECK ("category" IN ('ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG')), CONSTRAINT "PK_e69af8e2ba208771638b8c47962" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_scheme_rate" ON "scheme_rates"  ("scheme_code", "category", "route", "valid_from") `);
    await q.query(
      `CREATE TABLE "scheme_base_amounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "amount" numeric(18,2) NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_scheme_base_amount" CHECK ("amount" >= 0), CONSTRAINT "PK_aeac6bd117b56191de028738679" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_scheme_base_amount" ON "scheme_base_amounts"  ("scheme_id", "municipality_code") `);
    await q.query(
      `CREATE TABLE "count_batches" ("id" uuid NOT NULL, "batch_key" character varying(200) NOT NULL, "content_hash" character varying(64) NOT NULL, "row_count" integer NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dc14adf6a8e8f7950ef1589edeb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_count_batch_key" ON "count_batches"  ("batch_key") `);
    await q.query(
      `CREATE TABLE "counts" ("id" BIGSERIAL NOT NULL, "batch_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "period_type" character varying(10) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "category" character varying(20) NOT NULL, "route" character varying(20), "basis" character varying(20) NOT NULL, "rule" character varying(20), "source" character varying(20) NOT NULL, "value" numeric(18,6) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_counts_source" CHECK ("source" IN ('DUO', 'COA', 'MUNICIPALITY', 'MINISTRY', 'ATTRIBUTION')), CONSTRAINT "CHK_counts_rule" CHECK ("rule" IS NULL OR ("basis" = 'REGISTERED' AND "rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'))), CONSTRAINT "CHK_counts_basis" CHECK ("basis" IN ('TAAKSTELLING', 'FORECAST', 'REGISTERED', 'REPORTED')), CONSTRAINT "CHK_counts_route" CHECK ("route" IS NULL OR "route" IN ('B1', 'ONDERWIJSROUTE', 'Z_ROUTE')), CONSTRAINT "CHK_counts_category" CHECK ("category" IN ('ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG')), CONSTRAINT "CHK_counts_period_type" CHECK ("period_type" IN ('MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR')), CONSTRAINT "CHK_counts_period" CHECK ("period_end" >= "period_start"), CONSTRAINT "CHK_counts_value" CHECK ("value" >= 0), CONSTRAINT "PK_de4eb20e218069b45e921d07d5f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_counts_batch" ON "counts"  ("batch_id") `);
    await q.query(`CREATE INDEX "IDX_counts_lookup" ON "counts"  ("basis", "period_start", "municipality_code") `);
    await q.query(
      `CREATE TABLE "allocation_rules" ("id" uuid NOT NULL, "rule_key" character varying(100) NOT NULL, "version" integer NOT NULL, "scheme_code" character varying(40) NOT NULL, "basis" character varying(20) NOT NULL, "attribution_rule" character varying(20), "reference_date" date, "categories" jsonb NOT NULL, "use_base_amounts" boolean NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_allocation_rule_version" CHECK ("version" >= 1), CONSTRAINT "CHK_allocation_rule_attribution" CHECK (("basis" = 'REGISTERED') = ("attribution_rule" IS NOT NULL) AND ("attribution_rule" IS NULL OR "attribution_rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY'))), CONSTRAINT "CHK_allocation_rule_basis" CHECK ("basis" IN ('TAAKSTELLING', 'FORECAST', 'REGISTERED', 'REPORTED')), CONSTRAINT "PK_bca39bc68bb87287544880c9d9f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_allocation_rule_version" ON "allocation_rules"  ("rule_key", "version") `);
    await q.query(
      `CREATE TABLE "allocation_runs" ("id" uuid NOT NULL, "scheme_id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "stage" character varying(12) NOT NULL, "rule_version_id" uuid NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "budget_mode" character varying(12) NOT NULL, "budget" numeric(18,2) NOT NULL, "unit_scale" smallint NOT NULL, "reference_date" date NOT NULL, "total_weight" numeric NOT NULL, "total_amount" numeric(18,2) NOT NULL, "inputs" jsonb NOT NULL, "input_hash" character varying(64) NOT NULL, "output_hash" character varying(64) NOT NULL, "replaces_run_id" uuid, "booking_transaction_id" character varying(100), "reversal_transaction_id" character varying(100), "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_allocation_run_mode" CHECK ("budget_mode" IN ('CLOSED', 'OPEN_ENDED')), CONSTRAINT "CHK_allocation_run_stage" CHECK ("stage" IN ('PROVISIONAL', 'INTERIM', 'DEFINITIVE', 'CORRECTION')), CONSTRAINT "PK_e33e146d4eb0d0629fe71ea2b44" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_allocation_run_idempotency" ON "allocation_runs"  ("idempotency_key") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_allocation_run_seq" ON "allocation_runs"  ("scheme_id", "seq") `);
    await q.query(
      `CREATE TABLE "allocation_lines" ("run_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "base_amount" numeric NOT NULL, "weight" numeric NOT NULL, "exact_share" numeric NOT NULL, "amount" numeric(18,2) NOT NULL, "adjustment" numeric NOT NULL, "decision_number" character varying(100) NOT NULL, "terms" jsonb NOT NULL, CONSTRAINT "CHK_allocation_line_amount" CHECK ("amount" >= 0), CONSTRAINT "PK_7356c33e0a1e83bdc5e638c41e9" PRIMARY KEY ("run_id", "municipality_code"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_allocation_line_decision" ON "allocation_lines"  ("decision_number") `);
    // Hand-written: rates, counts, rule versions and runs are append-only (a change is a new row).
    await q.query(
      `CREATE TRIGGER scheme_rates_append_only BEFORE UPDATE OR DELETE ON "scheme_rates" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER scheme_rates_no_truncate BEFORE TRUNCATE ON "scheme_rates" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER count_batches_append_only BEFORE UPDATE OR DELETE ON "count_batches" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER count_batches_no_truncate BEFORE TRUNCATE ON "count_batches" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(`CREATE TRIGGER counts_append_only BEFORE UPDATE OR DELETE ON "counts" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
    await q.query(`CREATE TRIGGER counts_no_truncate BEFORE TRUNCATE ON "counts" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    await q.query(
      `CREATE TRIGGER allocation_rules_append_only BEFORE UPDATE OR DELETE ON "allocation_rules" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER allocation_rules_no_truncate BEFORE TRUNCATE ON "allocation_rules" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER allocation_runs_append_only BEFORE UPDATE OR DELETE ON "allocation_runs" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER allocation_runs_no_truncate BEFORE TRUNCATE ON "allocation_runs" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER allocation_lines_append_only BEFORE UPDATE OR DELETE ON "allocation_lines" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER allocation_lines_no_truncate BEFORE TRUNCATE ON "allocation_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS scheme_rates_no_truncate ON "scheme_rates"`);
    await q.query(`DROP TRIGGER IF EXISTS scheme_rates_append_only ON "scheme_rates"`);
    await q.query(`DROP TRIGGER IF EXISTS count_batches_no_truncate ON "count_batches"`);
    await q.query(`DROP TRIGGER IF EXISTS count_batches_append_only ON "count_batches"`);
    await q.query(`DROP TRIGGER IF EXISTS counts_no_truncate ON "counts"`);
    await q.query(`DROP TRIGGER IF EXISTS counts_append_only ON "counts"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_rules_no_truncate ON "allocation_rules"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_rules_append_only ON "allocation_rules"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_runs_no_truncate ON "allocation_runs"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_runs_append_only ON "allocation_runs"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_lines_no_truncate ON "allocation_lines"`);
    await q.query(`DROP TRIGGER IF EXISTS allocation_lines_append_only ON "allocation_lines"`);
    await q.query(`DROP INDEX "public"."UQ_allocation_line_decision"`);
    await q.query(`DROP TABLE "allocation_lines"`);
    await q.query(`DROP INDEX "public"."UQ_allocation_run_seq"`);
    await q.query(`DROP INDEX "public"."UQ_allocation_run_idempotency"`);
    await q.query(`DROP TABLE "allocation_runs"`);
    await q.query(`DROP INDEX "public"."UQ_allocation_rule_version"`);
    await q.query(`DROP TABLE "allocation_rules"`);
    await q.query(`DROP INDEX "public"."IDX_counts_lookup"`);
    await q.query(`DROP INDEX "public"."IDX_counts_batch"`);
    await q.query(`DROP TABLE "counts"`);
    await q.query(`DROP INDEX "public"."UQ_count_batch_key"`);
    await q.query(`DROP TABLE "count_batches"`);
    await q.query(`DROP INDEX "public"."UQ_scheme_base_amount"`);
    await q.query(`DROP TABLE "scheme_base_amounts"`);
    await q.query(`DROP INDEX "public"."UQ_scheme_rate"`);
    await q.query(`DROP TABLE "scheme_rates"`);
    await q.query(`DROP INDEX "public"."UQ_funding_scheme_code_year"`);
    await q.query(`DROP TABLE "funding_schemes"`);
  }
}
