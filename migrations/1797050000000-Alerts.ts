import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts (issue 18 item 6, decision 1330): subscriptions and the alerts they fired are append-only;
 * `alert_states` is the edge detector's memory (one row per subscription and subject).
 */
export class Alerts1797050000000 implements MigrationInterface {
  name = 'Alerts1797050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alert_subscriptions" ("id" uuid NOT NULL, "condition" character varying(40) NOT NULL, "municipality_code" character varying(6), "scheme_code" character varying(40), "year" integer, "days" integer, "threshold" numeric(20,2), "allocation_run_id" uuid, "source" character varying(40), "subscriber" character varying(200) NOT NULL, "subscriber_role" character varying(30) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_alert_subscriptions" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_alert_subscription_key" ON "alert_subscriptions"  ("idempotency_key") `);
    await q.query(
      `CREATE TABLE "alert_states" ("subscription_id" uuid NOT NULL, "subject" character varying(40) NOT NULL, "active" boolean NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_alert_states" PRIMARY KEY ("subscription_id", "subject"))`,
    );
    await q.query(
      `CREATE TABLE "alerts" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "condition" character varying(40) NOT NULL, "subject" character varying(40) NOT NULL, "municipality_code" character varying(6), "kind" character varying(10) NOT NULL, "evidence" jsonb NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_alert_kind" CHECK ("kind" IN ('RAISED', 'CLEARED')), CONSTRAINT "PK_alerts" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IX_alerts_subscription" ON "alerts"  ("subscription_id", "id") `);
    await q.query(`CREATE INDEX "IX_alerts_municipality" ON "alerts"  ("municipality_code", "id") `);
    await q.query(
      `CREATE TRIGGER alert_subscriptions_append_only BEFORE UPDATE OR DELETE ON "alert_subscriptions" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(`CREATE TRIGGER alerts_append_only BEFORE UPDATE OR DELETE ON "alerts" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alerts_append_only ON "alerts"`);
    await q.query(`DROP TRIGGER alert_subscriptions_append_only ON "alert_subscriptions"`);
    await q.query(`DROP INDEX "public"."IX_alerts_municipality"`);
    await q.query(`DROP INDEX "public"."IX_alerts_subscription"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP TABLE "alert_states"`);
    await q.query(`DROP INDEX "public"."UQ_alert_subscription_key"`);
    await q.query(`DROP TABLE "alert_subscriptions"`);
  }
}
