import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored reception stretches and an index for the console's per-municipality reads (decision 1830):
 * person_reception_periods holds the segments without a municipality that the window passes over
 * person_events give (src/modules/people/periods.sql.ts), kept with person_periods by the import's
 * refresh and current for the same state (person_periods_state). Backfilled here from the events
 * already applied; the statement is the one `storedReceptionSelectSql('TRUE')` produced when this
 * migration was written, kept literally (a test compares it with the import's rows). If the stored
 * periods were stale when this runs, both stay behind the same state and readers fall back to the
 * events until `refreshPersonPeriods(tx, null)` rebuilds them.
 */
export const PERSON_RECEPTION_PERIODS_BACKFILL = `
  INSERT INTO person_reception_periods (event_id, person_id, obligation_no, start_date, end_date, obligation_start, category, route)

  SELECT event_id, person_id, obligation_no::int AS obligation_no, start_date, end_date, obligation_start, category, route
    FROM (
  SELECT person_id, obligation_no, event_id, type, code, start_date,
         CASE WHEN next_date IS NULL THEN NULL
              WHEN next_type = 'OBLIGATION_ENDED' THEN next_date
              ELSE next_date - 1 END AS end_date,
         first_value(start_date) OVER o AS obligation_start,
         NULL::date AS obligation_end,
         first_value(category) OVER o AS category,
         first_value(route) OVER o AS route
    FROM (SELECT person_id, event_id, type, event_date AS start_date, applied_seq, category, route,
                 CASE type WHEN 'MOVED' THEN to_code WHEN 'OBLIGATION_ENDED' THEN NULL ELSE municipality_code END AS code,
                 sum(CASE WHEN type = 'OBLIGATION_STARTED' THEN 1 ELSE 0 END) OVER w AS obligation_no,
                 lead(event_date) OVER w AS next_date,
                 lead(type) OVER w AS next_type
            FROM person_events
           WHERE status = 'APPLIED' AND (TRUE)
          WINDOW w AS (PARTITION BY person_id ORDER BY event_date, applied_seq)) ev
  WINDOW o AS (PARTITION BY person_id, obligation_no ORDER BY start_date, applied_seq)) s
   WHERE type <> 'OBLIGATION_ENDED' AND code IS NULL`;

export class PersonReceptionPeriods1797400000000 implements MigrationInterface {
  name = 'PersonReceptionPeriods1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "person_reception_periods" ("event_id" character varying(100) NOT NULL, "person_id" character varying(64) NOT NULL, "obligation_no" integer NOT NULL, "start_date" date NOT NULL, "end_date" date, "obligation_start" date, "category" character varying(20), "route" character varying(20), CONSTRAINT "PK_2b473750a61e29d0640d1862132" PRIMARY KEY ("event_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_person_reception_periods_end" ON "person_reception_periods"  ("end_date") `);
    await q.query(`CREATE INDEX "IDX_person_reception_periods_person" ON "person_reception_periods"  ("person_id") `);
    await q.query(`CREATE INDEX "IDX_person_periods_code_end" ON "person_periods"  ("code", "end_date") `);
    await q.query(PERSON_RECEPTION_PERIODS_BACKFILL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_person_periods_code_end"`);
    await q.query(`DROP INDEX "public"."IDX_person_reception_periods_person"`);
    await q.query(`DROP INDEX "public"."IDX_person_reception_periods_end"`);
    await q.query(`DROP TABLE "person_reception_periods"`);
  }
}
