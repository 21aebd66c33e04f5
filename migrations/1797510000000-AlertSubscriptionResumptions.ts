import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resuming a cancelled alert subscription (decision 1910). Still append-only: a cancellation gets a
 * number per subscription (`seq`, 1 for every cancellation made so far), a resumption ends the
 * cancellation of the same number, and a new cancellation is only possible once the previous one
 * was resumed. Both rules are held by the database (insert triggers), not only by the service.
 */
export class AlertSubscriptionResumptions1797510000000 implements MigrationInterface {
  name = 'AlertSubscriptionResumptions1797510000000';

  async up(q: QueryRunner): Promise<void> {
    // Every existing cancellation is its subscription's first. ADD COLUMN fills rows without
    // firing the append-only row trigger.
    await q.query(`ALTER TABLE "alert_subscription_cancellations" ADD "seq" integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "alert_subscription_cancellations" ALTER COLUMN "seq" DROP DEFAULT`);
    await q.query(`ALTER TABLE "alert_subscription_cancellations" DROP CONSTRAINT "PK_alert_subscription_cancellations"`);
    await q.query(
      `ALTER TABLE "alert_subscription_cancellations" ADD CONSTRAINT "PK_alert_subscription_cancellations" PRIMARY KEY ("subscription_id", "seq")`,
    );
    await q.query(
      `CREATE TABLE "alert_subscription_resumptions" ("subscription_id" uuid NOT NULL, "seq" integer NOT NULL, "resumed_by" character varying(200) NOT NULL, "resumed_by_role" character varying(30) NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "resumed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_alert_subscription_resumptions" PRIMARY KEY ("subscription_id", "seq"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_alert_resumption_key" ON "alert_subscription_resumptions" ("idempotency_key") `);
    await q.query(
      `CREATE TRIGGER alert_subscription_resumptions_append_only BEFORE UPDATE OR DELETE ON "alert_subscription_resumptions" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    // A cancellation n > 1 needs the resumption of n - 1 (so at most one open cancellation, and no gaps).
    await q.query(`CREATE FUNCTION alert_cancellation_after_resumption() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq < 1 OR (NEW.seq > 1 AND NOT EXISTS (
      SELECT 1 FROM alert_subscription_resumptions r WHERE r.subscription_id = NEW.subscription_id AND r.seq = NEW.seq - 1)) THEN
    RAISE EXCEPTION 'alert subscription %: cancellation % without the resumption of the one before', NEW.subscription_id, NEW.seq
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$`);
    await q.query(
      `CREATE TRIGGER alert_cancellation_after_resumption BEFORE INSERT ON "alert_subscription_cancellations" FOR EACH ROW EXECUTE FUNCTION alert_cancellation_after_resumption()`,
    );
    // A resumption ends an existing cancellation of the same number.
    await q.query(`CREATE FUNCTION alert_resumption_of_cancellation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM alert_subscription_cancellations c WHERE c.subscription_id = NEW.subscription_id AND c.seq = NEW.seq) THEN
    RAISE EXCEPTION 'alert subscription %: resumption % of no cancellation', NEW.subscription_id, NEW.seq USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$`);
    await q.query(
      `CREATE TRIGGER alert_resumption_of_cancellation BEFORE INSERT ON "alert_subscription_resumptions" FOR EACH ROW EXECUTE FUNCTION alert_resumption_of_cancellation()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alert_resumption_of_cancellation ON "alert_subscription_resumptions"`);
    await q.query(`DROP FUNCTION alert_resumption_of_cancellation()`);
    await q.query(`DROP TRIGGER alert_cancellation_after_resumption ON "alert_subscription_cancellations"`);
    await q.query(`DROP FUNCTION alert_cancellation_after_resumption()`);
    await q.query(`DROP TRIGGER alert_subscription_resumptions_append_only ON "alert_subscription_resumptions"`);
    await q.query(`DROP INDEX "public"."UQ_alert_resumption_key"`);
    await q.query(`DROP TABLE "alert_subscription_resumptions"`);
    // Only possible while every subscription was cancelled at most once.
    await q.query(`ALTER TABLE "alert_subscription_cancellations" DROP CONSTRAINT "PK_alert_subscription_cancellations"`);
    await q.query(
      `ALTER TABLE "alert_subscription_cancellations" ADD CONSTRAINT "PK_alert_subscription_cancellations" PRIMARY KEY ("subscription_id")`,
    );
    await q.query(`ALTER TABLE "alert_subscription_cancellations" DROP COLUMN "seq"`);
  }
}
