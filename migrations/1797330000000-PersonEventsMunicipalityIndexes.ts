import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A controller's people page derives the periods of everyone who ever touched its municipality:
 * finding them scanned every person event (650,000 at national scale) for municipality_code,
 * from_code or to_code. One index per column, with person_id, makes it a bitmap OR of three index
 * scans (decision 1760).
 */
export class PersonEventsMunicipalityIndexes1797330000000 implements MigrationInterface {
  name = 'PersonEventsMunicipalityIndexes1797330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_person_events_municipality" ON "person_events" ("municipality_code", "person_id") `);
    await q.query(`CREATE INDEX "IDX_person_events_from" ON "person_events" ("from_code", "person_id") `);
    await q.query(`CREATE INDEX "IDX_person_events_to" ON "person_events" ("to_code", "person_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_person_events_to"`);
    await q.query(`DROP INDEX "public"."IDX_person_events_from"`);
    await q.query(`DROP INDEX "public"."IDX_person_events_municipality"`);
  }
}
