import type { MigrationInterface, QueryRunner } from 'typeorm';

export class People1795528849534 implements MigrationInterface {
  name = 'People1795528849534';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "person_event_sources" ("code" character varying(40) NOT NULL, "out_of_order" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_person_event_source_code" CHECK ("code" ~ '^[A-Z0-9_-]{1,40}$'), CONSTRAINT "PK_b4baeffed20ecec9b8316861480" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "person_event_batches" ("batch_key" character varying(200) NOT NULL, "content_hash" character(64) NOT NULL, "event_count" integer NOT NULL, "applied_count" integer NOT NULL, "pending_count" integer NOT NULL, "unchanged_count" integer NOT NULL, "released_count" integer NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c4b2a843a1249fa74b869b770d0" PRIMARY KEY ("batch_key")); COMMENT ON COLUMN "person_event_batches"."released_count" IS 'earlier PENDING events that applied because of this batch'`,
    );
    await q.query(`CREATE TABLE "person_events" ("event_id" character varying(100) NOT NULL, "person_id" character varying(64) NOT NULL, "type" character varying(20) NOT NULL, "event_date" date NOT NULL, "category" character varying(20), "route" character varying(20), "municipality_code" character varying(6), "from_code" character varying(6), "to_code" character varying(6), "end_reason" character varying(20), "source" character varying(40) NOT NULL, "source_recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_seq" bigint NOT NULL, "status" character varying(10) NOT NULL, "applied_seq" bigint, "batch_key" character varying(200) NOT NULL, "content_hash" character(64) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_person_event_end_reason" CHECK ("end_reason" IS NULL OR "end_reason" IN ('COMPLETED','EXEMPTED','LEFT_COUNTRY','OTHER')), CONSTRAINT "CHK_person_event_route" CHECK ("route" IS NULL OR "route" IN ('B1','ONDERWIJSROUTE','Z_ROUTE')), CONSTRAINT "CHK_person_event_category" CHECK ("category" IS NULL OR "category" IN ('ASIELSTATUSHOUDER','GEZINSMIGRANT','OVERIG')), CONSTRAINT "CHK_person_event_shape" CHECK (("type" = 'OBLIGATION_STARTED' AND "category" IS NOT NULL AND "from_code" IS NULL AND "to_code" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'HOUSED' AND "municipality_code" IS NOT NULL AND "category" IS NULL AND "route" IS NULL AND "from_code" IS NULL AND "to_code" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'MOVED' AND "from_code" IS NOT NULL AND "to_code" IS NOT NULL AND "from_code" <> "to_code" AND "municipality_code" IS NULL AND "category" IS NULL AND "route" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'OBLIGATION_ENDED' AND "end_reason" IS NOT NULL AND "municipality_code" IS NULL AND "category" IS NULL AND "route" IS NULL AND "from_code" IS NULL AND "to_code" IS NULL)), CONSTRAINT "CHK_person_event_applied" CHECK (("status" = 'APPLIED') = ("applied_seq" IS NOT NULL)), CONSTRAINT "CHK_person_event_status" CHECK ("status" IN ('APPLIED','PENDING')), CONSTRAINT "CHK_person_event_type" CHECK ("type" IN ('OBLIGATION_STARTED','HOUSED','MOVED','OBLIGATION_ENDED')), CONSTRAINT "CHK_person_event_person" CHECK ("person_id" ~ '^[A-Za-z0-9_-]{8,64}$' AND "person_id" !~ '^[0-9]+$'), CONSTRAINT "PK_8fc58cd3c9237e39b4a8d8fd4f2" PRIMARY KEY ("event_id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_person_events_recorded_seq" ON "person_events"  ("recorded_seq") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_person_events_applied_seq" ON "person_events"  ("applied_seq") `);
    await q.query(`CREATE INDEX "IDX_person_events_history" ON "person_events"  ("person_id", "event_date", "applied_seq") `);
    await q.query(
      `CREATE TABLE "attribution_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" integer NOT NULL, "rule" character varying(30) NOT NULL, "event_watermark" bigint NOT NULL, "applied_event_count" integer NOT NULL, "state_hash" character(64) NOT NULL, "result_hash" character(64) NOT NULL, "divisor" integer NOT NULL, "duration_ms" integer NOT NULL, "run_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_attribution_rule" CHECK ("rule" IN ('PEILDATUM','PRO_RATA_DAYS','FIRST_OF_MONTH','FIRST_MUNICIPALITY','EDUCATION_ROUTE')), CONSTRAINT "PK_b8d8b10a89a6dc6a95a1f96d0a9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_attribution_runs_year_rule" ON "attribution_runs"  ("year", "rule") `);
    await q.query(
      `CREATE TABLE "attribution_results" ("run_id" uuid NOT NULL, "municipality_code" character varying(6) NOT NULL, "category" character varying(20) NOT NULL, "route" character varying(20) NOT NULL, "units" bigint NOT NULL, "value" numeric(18,6) NOT NULL, CONSTRAINT "CHK_attribution_units" CHECK ("units" > 0), CONSTRAINT "PK_043275f7dff028a370225af468d" PRIMARY KEY ("run_id", "municipality_code", "category", "route"))`,
    );
    await q.query(
      `ALTER TABLE "attribution_results" ADD CONSTRAINT "FK_attribution_results_run" FOREIGN KEY ("run_id") REFERENCES "attribution_runs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Append-only by the database, not by convention. The one change a person event may undergo is
    // PENDING -> APPLIED with its applied_seq; every other column must stay as recorded.
    await q.query(`CREATE OR REPLACE FUNCTION person_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'PENDING' AND NEW.status = 'APPLIED' AND NEW.applied_seq IS NOT NULL
     AND (to_jsonb(NEW) - 'status' - 'applied_seq') IS NOT DISTINCT FROM (to_jsonb(OLD) - 'status' - 'applied_seq') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'person event % may only change from PENDING to APPLIED', OLD.event_id USING ERRCODE = 'insufficient_privilege';
END $$`);
    await q.query(
      `CREATE TRIGGER person_events_guard BEFORE UPDATE ON "person_events" FOR EACH ROW EXECUTE FUNCTION person_events_guard()`,
    );
    for (const table of ['person_events', 'person_event_batches', 'attribution_runs', 'attribution_results']) {
      if (table !== 'person_events') {
        await q.query(
          `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
        );
      } else {
        await q.query(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
      }
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
      );
    }
    await q.query(
      `CREATE TRIGGER person_event_sources_no_delete BEFORE DELETE ON "person_event_sources" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS person_event_sources_no_delete ON "person_event_sources"`);
    for (const table of ['person_events', 'person_event_batches', 'attribution_runs', 'attribution_results']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_append_only ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_no_delete ON "${table}"`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON "${table}"`);
    }
    await q.query(`DROP TRIGGER IF EXISTS person_events_guard ON "person_events"`);
    await q.query(`DROP FUNCTION IF EXISTS person_events_guard()`);
    await q.query(`ALTER TABLE "attribution_results" DROP CONSTRAINT "FK_attribution_results_run"`);
    await q.query(`DROP TABLE "attribution_results"`);
    await q.query(`DROP INDEX "public"."IDX_attribution_runs_year_rule"`);
    await q.query(`DROP TABLE "attribution_runs"`);
    await q.query(`DROP INDEX "public"."IDX_person_events_history"`);
    await q.query(`DROP INDEX "public"."UQ_person_events_applied_seq"`);
    await q.query(`DROP INDEX "public"."UQ_person_events_recorded_seq"`);
    await q.query(`DROP TABLE "person_events"`);
    await q.query(`DROP TABLE "person_event_batches"`);
    await q.query(`DROP TABLE "person_event_sources"`);
  }
}
