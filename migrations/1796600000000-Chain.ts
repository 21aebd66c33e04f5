import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain module (issue 17): `chain_inbox`, one row per received DUO notification, and
 * `chain_notifications`, the outbox and feed of what each municipality is told. Both append-only.
 */
export class Chain1796600000000 implements MigrationInterface {
  name = 'Chain1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "chain_inbox" ("bericht_id" uuid NOT NULL, "bron" character varying(20) NOT NULL, "doel" character varying(20) NOT NULL, "municipality_code" character varying(6) NOT NULL, "gebeurtenis_id" character varying(6) NOT NULL, "person_id" character varying(64), "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_hash" character(64) NOT NULL, "outcome" character varying(12) NOT NULL, "reason" character varying(300) NOT NULL, "batch_key" character varying(200), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_chain_inbox_person" CHECK ("person_id" IS NULL OR ("person_id" ~ '^[a-z0-9]{1,12}_[A-Za-z0-9_-]{43}$')), CONSTRAINT "CHK_chain_inbox_outcome" CHECK ("outcome" IN ('APPLIED','PENDING','NO_CHANGE','IGNORED','UNRESOLVED')), CONSTRAINT "PK_815d025adc5e36963d35e2fcf12" PRIMARY KEY ("bericht_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_chain_inbox_person" ON "chain_inbox"  ("person_id") `);
    await q.query(
      `CREATE TABLE "chain_notifications" ("id" BIGSERIAL NOT NULL, "municipality_code" character varying(6) NOT NULL, "event_type" character varying(60) NOT NULL, "subject_id" character varying(100) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE, "bericht_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_chain_notifications_type" CHECK ("event_type" ~ '^[A-Z][A-Z_]{2,59}$'), CONSTRAINT "PK_42ff3ac1b361d9d4236f61a074b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_chain_notifications_feed" ON "chain_notifications"  ("municipality_code", "id") `);
    await q.query(
      `CREATE TRIGGER chain_inbox_append_only BEFORE UPDATE OR DELETE ON "chain_inbox" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER chain_notifications_append_only BEFORE UPDATE OR DELETE ON "chain_notifications" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER chain_notifications_append_only ON "chain_notifications"`);
    await q.query(`DROP TRIGGER chain_inbox_append_only ON "chain_inbox"`);
    await q.query(`DROP INDEX "public"."IDX_chain_notifications_feed"`);
    await q.query(`DROP TABLE "chain_notifications"`);
    await q.query(`DROP INDEX "public"."IDX_chain_inbox_person"`);
    await q.query(`DROP TABLE "chain_inbox"`);
  }
}
