import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Verantwoording1795529052414 implements MigrationInterface {
  name = 'Verantwoording1795529052414';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "accountability_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "municipality_code" character varying(6) NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "version" integer NOT NULL, "replaces_id" uuid, "status" character varying(10) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_by" character varying(200), "submitted_at" TIMESTAMP WITH TIME ZONE, "content_hash" character varying(64), "late" boolean, "decided_by" character varying(200), "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, CONSTRAINT "CHK_accountability_report_period" CHECK ("period_start" <= "period_end"), CONSTRAINT "CHK_accountability_report_status" CHECK ("status" IN ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'REJECTED')), CONSTRAINT "PK_079a192f67b3784fb9ec8fd8be3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_accountability_report_open" ON "accountability_reports"  ("municipality_code", "scheme_code", "year") WHERE "status" IN ('DRAFT', 'SUBMITTED')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_accountability_report_version" ON "accountability_reports"  ("municipality_code", "scheme_code", "year", "version") `,
    );
    await q.query(
      `CREATE TABLE "accountability_count_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "line_no" integer NOT NULL, "category" character varying(20) NOT NULL, "route" character varying(20), "count" numeric(18,6) NOT NULL, "explanation" text, CONSTRAINT "CHK_accountability_count_nonneg" CHECK ("count" >= 0), CONSTRAINT "PK_f1d95b3a65a84a28e980f3ad016" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_accountability_count_line" ON "accountability_count_lines"  ("report_id", "line_no") `);
    await q.query(
      `CREATE TABLE "accountability_expenditure_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "line_no" integer NOT NULL, "component" character varying(40) NOT NULL, "amount" numeric(18,2) NOT NULL, "explanation" text, CONSTRAINT "CHK_accountability_amount_nonneg" CHECK ("amount" >= 0), CONSTRAINT "PK_3d85756f0f64adb619f84e7b815" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_accountability_expenditure_line" ON "accountability_expenditure_lines"  ("report_id", "line_no") `,
    );
    await q.query(
      `CREATE TABLE "accountability_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "line_no" integer NOT NULL, "name" character varying(200) NOT NULL, "sha256" character varying(64) NOT NULL, CONSTRAINT "PK_7736c13ffbeb4ecbd2a3ef946ea" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_accountability_attachment" ON "accountability_attachments"  ("report_id", "line_no") `);
    await q.query(
      `CREATE TABLE "accountability_differences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "check_code" character varying(40) NOT NULL, "category" character varying(20), "route" character varying(20), "reported" numeric NOT NULL, "expected" numeric NOT NULL, "difference" numeric NOT NULL, "relative" numeric(30,12), "tolerance_absolute" numeric NOT NULL, "tolerance_relative" numeric NOT NULL, "beyond_tolerance" boolean NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa19ed47abc68e3e4c78f1ea3cb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_accountability_difference_report" ON "accountability_differences"  ("report_id") `);
    await q.query(
      `CREATE TABLE "accountability_tolerances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "count_absolute" numeric NOT NULL, "count_relative" numeric NOT NULL, "amount_absolute" numeric NOT NULL, "amount_relative" numeric NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_accountability_tolerance_nonneg" CHECK ("count_absolute" >= 0 AND "count_relative" >= 0 AND "amount_absolute" >= 0 AND "amount_relative" >= 0), CONSTRAINT "PK_ee698f2c18b8cf3790c8d252e18" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "accountability_reopenings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "municipality_code" character varying(6), "reason" text NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_922ade46026bc1df5c2ecd54340" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "accountability_count_lines" ADD CONSTRAINT "FK_accountability_count_report" FOREIGN KEY ("report_id") REFERENCES "accountability_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "accountability_expenditure_lines" ADD CONSTRAINT "FK_accountability_expenditure_report" FOREIGN KEY ("report_id") REFERENCES "accountability_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "accountability_attachments" ADD CONSTRAINT "FK_accountability_attachment_report" FOREIGN KEY ("report_id") REFERENCES "accountability_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "accountability_differences" ADD CONSTRAINT "FK_accountability_difference_report" FOREIGN KEY ("report_id") REFERENCES "accountability_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Hand-written: the lifecycle is enforced by the database, not only by the service.
    await q.query(`CREATE OR REPLACE FUNCTION accountability_report_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'accountability reports are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.municipality_code IS DISTINCT FROM OLD.municipality_code
     OR NEW.scheme_code IS DISTINCT FROM OLD.scheme_code OR NEW.year IS DISTINCT FROM OLD.year
     OR NEW.version IS DISTINCT FROM OLD.version OR NEW.replaces_id IS DISTINCT FROM OLD.replaces_id
     OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'the identity of an accountability report cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'DRAFT' AND NEW.status IN ('DRAFT', 'SUBMITTED') THEN
    IF NEW.status = 'SUBMITTED' AND (NEW.content_hash IS NULL OR NEW.submitted_at IS NULL OR NEW.late IS NULL) THEN
      RAISE EXCEPTION 'a submitted report needs its hash, time and lateness' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'SUBMITTED' AND NEW.status IN ('ACCEPTED', 'REJECTED')
     AND NEW.period_start IS NOT DISTINCT FROM OLD.period_start AND NEW.period_end IS NOT DISTINCT FROM OLD.period_end
     AND NEW.submitted_by IS NOT DISTINCT FROM OLD.submitted_by AND NEW.submitted_at IS NOT DISTINCT FROM OLD.submitted_at
     AND NEW.content_hash IS NOT DISTINCT FROM OLD.content_hash AND NEW.late IS NOT DISTINCT FROM OLD.late
     AND NEW.decided_by IS NOT NULL AND NEW.decided_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'accountability report % is % and cannot change this way', OLD.id, OLD.status USING ERRCODE = 'insufficient_privilege';
END $$`);
    await q.query(
      `CREATE TRIGGER accountability_reports_guard BEFORE UPDATE OR DELETE ON "accountability_reports" FOR EACH ROW EXECUTE FUNCTION accountability_report_guard()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_reports_no_truncate BEFORE TRUNCATE ON "accountability_reports" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION accountability_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  report_status varchar;
BEGIN
  SELECT status INTO report_status FROM accountability_reports WHERE id = COALESCE(NEW.report_id, OLD.report_id);
  IF report_status IS DISTINCT FROM 'DRAFT' THEN
    RAISE EXCEPTION 'lines of a % report cannot change', report_status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$`);
    await q.query(
      `CREATE TRIGGER accountability_count_lines_draft_only BEFORE INSERT OR UPDATE OR DELETE ON "accountability_count_lines" FOR EACH ROW EXECUTE FUNCTION accountability_line_guard()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_count_lines_no_truncate BEFORE TRUNCATE ON "accountability_count_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_expenditure_lines_draft_only BEFORE INSERT OR UPDATE OR DELETE ON "accountability_expenditure_lines" FOR EACH ROW EXECUTE FUNCTION accountability_line_guard()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_expenditure_lines_no_truncate BEFORE TRUNCATE ON "accountability_expenditure_lines" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_attachments_draft_only BEFORE INSERT OR UPDATE OR DELETE ON "accountability_attachments" FOR EACH ROW EXECUTE FUNCTION accountability_line_guard()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_attachments_no_truncate BEFORE TRUNCATE ON "accountability_attachments" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_differences_append_only BEFORE UPDATE OR DELETE ON "accountability_differences" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_differences_no_truncate BEFORE TRUNCATE ON "accountability_differences" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_tolerances_append_only BEFORE UPDATE OR DELETE ON "accountability_tolerances" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_tolerances_no_truncate BEFORE TRUNCATE ON "accountability_tolerances" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_reopenings_append_only BEFORE UPDATE OR DELETE ON "accountability_reopenings" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER accountability_reopenings_no_truncate BEFORE TRUNCATE ON "accountability_reopenings" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS accountability_line_guard() CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS accountability_report_guard() CASCADE`);
    await q.query(`ALTER TABLE "accountability_differences" DROP CONSTRAINT "FK_accountability_difference_report"`);
    await q.query(`ALTER TABLE "accountability_attachments" DROP CONSTRAINT "FK_accountability_attachment_report"`);
    await q.query(`ALTER TABLE "accountability_expenditure_lines" DROP CONSTRAINT "FK_accountability_expenditure_report"`);
    await q.query(`ALTER TABLE "accountability_count_lines" DROP CONSTRAINT "FK_accountability_count_report"`);
    await q.query(`DROP TABLE "accountability_reopenings"`);
    await q.query(`DROP TABLE "accountability_tolerances"`);
    await q.query(`DROP INDEX "public"."IDX_accountability_difference_report"`);
    await q.query(`DROP TABLE "accountability_differences"`);
    await q.query(`DROP INDEX "public"."UQ_accountability_attachment"`);
    await q.query(`DROP TABLE "accountability_attachments"`);
    await q.query(`DROP INDEX "public"."UQ_accountability_expenditure_line"`);
    await q.query(`DROP TABLE "accountability_expenditure_lines"`);
    await q.query(`DROP INDEX "public"."UQ_accountability_count_line"`);
    await q.query(`DROP TABLE "accountability_count_lines"`);
    await q.query(`DROP INDEX "public"."UQ_accountability_report_version"`);
    await q.query(`DROP INDEX "public"."UQ_accountability_report_open"`);
    await q.query(`DROP TABLE "accountability_reports"`);
  }
}
