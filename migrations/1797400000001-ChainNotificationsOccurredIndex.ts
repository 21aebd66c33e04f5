import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain's timeliness view selects notifications by the moment the source registered them
 * (a range of local days, turned into a range of instants): an index on occurred_at instead of a
 * scan of every notification per request (decision 1830).
 */
export class ChainNotificationsOccurredIndex1797400000001 implements MigrationInterface {
  name = 'ChainNotificationsOccurredIndex1797400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_chain_notifications_occurred" ON "chain_notifications"  ("occurred_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_chain_notifications_occurred"`);
  }
}
