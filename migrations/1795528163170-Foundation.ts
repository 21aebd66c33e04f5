import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795528163170 implements MigrationInterface {
  name = 'Foundation1795528163170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "request_id" character varying(100) NOT NULL, "subject" character varying(200), "role" character varying(40), "municipality_code" character varying(6), "operation_type" character varying(20) NOT NULL, "operation_name" character varying(200), "fields" text array NOT NULL, "arguments" jsonb NOT NULL, "outcome" character varying(100) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log"  ("at") `);
    await q.query(
      `CREATE TABLE "municipalities" ("code" character varying(6) NOT NULL, "name" character varying(200) NOT NULL, "province_code" character varying(4) NOT NULL, "province" character varying(100) NOT NULL, "population" integer NOT NULL, "area_km2" numeric(10,2) NOT NULL, "neighbours" text array NOT NULL DEFAULT '{}', "valid_from" date, "valid_until" date, CONSTRAINT "CHK_municipality_validity" CHECK ("valid_until" IS NULL OR "valid_from" IS NULL OR "valid_until" >= "valid_from"), CONSTRAINT "CHK_municipality_code" CHECK ("code" ~ '^GM[0-9]{4}$'), CONSTRAINT "PK_9e0e960d7323bb120dc5e915dd8" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "municipality_mergers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dissolved_code" character varying(6) NOT NULL, "successor_code" character varying(6) NOT NULL, "effective_date" date NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_merger_not_self" CHECK ("dissolved_code" <> "successor_code"), CONSTRAINT "PK_11e907647767e28e8be8cc70a7f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_merger_dissolved" ON "municipality_mergers"  ("dissolved_code") `);
    await q.query(`CREATE INDEX "IDX_merger_successor" ON "municipality_mergers"  ("successor_code") `);

    // Hand-written: append-only enforcement shared by every immutable table (audit, journal, runs).
    await q.query(`CREATE OR REPLACE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `ALTER TABLE "municipality_mergers" ADD CONSTRAINT "FK_merger_dissolved" FOREIGN KEY ("dissolved_code") REFERENCES "municipalities"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "municipality_mergers" ADD CONSTRAINT "FK_merger_successor" FOREIGN KEY ("successor_code") REFERENCES "municipalities"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TRIGGER municipality_mergers_append_only BEFORE UPDATE OR DELETE ON "municipality_mergers" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS municipality_mergers_append_only ON "municipality_mergers"`);
    await q.query(`ALTER TABLE "municipality_mergers" DROP CONSTRAINT "FK_merger_successor"`);
    await q.query(`ALTER TABLE "municipality_mergers" DROP CONSTRAINT "FK_merger_dissolved"`);
    await q.query(`DROP INDEX "public"."IDX_merger_successor"`);
    await q.query(`DROP INDEX "public"."UQ_merger_dissolved"`);
    await q.query(`DROP TABLE "municipality_mergers"`);
    await q.query(`DROP TABLE "municipalities"`);
    await q.query(`DROP INDEX "public"."IDX_audit_log_at"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP FUNCTION forbid_change()`);
  }
}
