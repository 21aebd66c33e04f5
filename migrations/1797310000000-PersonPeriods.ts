import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored responsibility periods (decision 1740): person_periods holds the rows the window passes
 * over person_events give (src/modules/people/periods.sql.ts, plus peil_first), kept by the import
 * in its transaction; person_periods_state says up to which applied event they are current.
 * Backfilled here from the events already applied. The backfill statement is the one
 * `storedPeriodsSelectSql('TRUE')` produced when this migration was written, kept literally so that
 * the migration does not change with later code (a test compares it with the import's periods).
 */
export const PERSON_PERIODS_BACKFILL = `
  INSERT INTO person_periods (event_id, person_id, obligation_no, code, start_date, end_date, obligation_start, category, route, first_code, first_start, peil_first)

  SELECT event_id, person_id, obligation_no::int AS obligation_no, code, start_date, end_date, obligation_start, category, route,
         first_code, first_start,
         COALESCE(start_date = min(start_date) FILTER (WHERE end_date IS NULL OR end_date >= make_date(date_part('year', start_date)::int, 12, 31))
                                 OVER (PARTITION BY person_id, obligation_no), false) AS peil_first
    FROM (
  SELECT s.*,
         first_value(code) OVER f AS first_code,
         first_value(start_date) OVER f AS first_start
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
   WHERE type <> 'OBLIGATION_ENDED' AND code IS NOT NULL AND (end_date IS NULL OR end_date >= start_date)
  WINDOW f AS (PARTITION BY person_id, obligation_no ORDER BY start_date)) p`;

export const PERSON_PERIODS_STATE_BACKFILL = `
  INSERT INTO person_periods_state (id, applied_watermark, applied_count)
  SELECT 1, COALESCE(max(applied_seq), 0), count(*) FROM person_events WHERE status = 'APPLIED'`;

export class PersonPeriods1797310000000 implements MigrationInterface {
  name = 'PersonPeriods1797310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "person_periods" ("event_id" character varying(100) NOT NULL, "person_id" character varying(64) NOT NULL, "obligation_no" integer NOT NULL, "code" character varying(6) NOT NULL, "start_date" date NOT NULL, "end_date" date, "obligation_start" date, "category" character varying(20), "route" character varying(20), "first_code" character varying(6) NOT NULL, "first_start" date NOT NULL, "peil_first" boolean NOT NULL, CONSTRAINT "PK_4aba1c2da2bbf501c49773177a0" PRIMARY KEY ("event_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_person_periods_person" ON "person_periods"  ("person_id") `);
    await q.query(
      `CREATE TABLE "person_periods_state" ("id" smallint NOT NULL, "applied_watermark" bigint NOT NULL, "applied_count" bigint NOT NULL, CONSTRAINT "CHK_person_periods_state_one_row" CHECK ("id" = 1), CONSTRAINT "PK_848cc5b5804ecc413543b23cd7b" PRIMARY KEY ("id"))`,
    );
    await q.query(PERSON_PERIODS_BACKFILL);
    await q.query(PERSON_PERIODS_STATE_BACKFILL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "person_periods_state"`);
    await q.query(`DROP INDEX "public"."IDX_person_periods_person"`);
    await q.query(`DROP TABLE "person_periods"`);
  }
}
