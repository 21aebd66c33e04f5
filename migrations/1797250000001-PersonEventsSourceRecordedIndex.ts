import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feed-silence read (`max(recorded_at)` per source on person_events, alerts FEED_SILENT) scanned
 * the whole table once per feed; an index on (source, recorded_at) makes it one probe per feed
 * (decision 1341).
 */
export class PersonEventsSourceRecordedIndex1797250000001 implements MigrationInterface {
  name = 'PersonEventsSourceRecordedIndex1797250000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_person_events_source_recorded" ON "person_events"  ("source", "recorded_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_person_events_source_recorded"`);
  }
}
