import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cancelling an alert subscription (issue 18 item 6, decision 1340): one append-only row per
 * cancelled subscription; the subscription itself stays as it was (append-only since 1330).
 */
export class AlertSubscriptionCancellations1797250000000 implements MigrationInterface {
  name = 'AlertSubscriptionCancellations1797250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alert_subscription_cancellations" ("subscription_id" uuid NOT NULL, "cancelled_by" character varying(200) NOT NULL, "cancelled_by_role" character varying(30) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_alert_subscription_cancellations" PRIMARY KEY ("subscription_id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_alert_cancellation_key" ON "alert_subscription_cancellations"  ("idempotency_key") `);
    await q.query(
      `CREATE TRIGGER alert_subscription_cancellations_append_only BEFORE UPDATE OR DELETE ON "alert_subscription_cancellations" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alert_subscription_cancellations_append_only ON "alert_subscription_cancellations"`);
    await q.query(`DROP INDEX "public"."UQ_alert_cancellation_key"`);
    await q.query(`DROP TABLE "alert_subscription_cancellations"`);
  }
}
