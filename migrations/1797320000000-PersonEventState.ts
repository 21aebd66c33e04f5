import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event state an attribution is keyed to (decision 0303: the highest applied_seq and the
 * number of APPLIED events), kept in one row by statement triggers on person_events, so that the
 * side-by-side can tell whether a stored attribution run is current without counting the events
 * (decision 1750). Person events are never deleted and may only change from PENDING to APPLIED
 * (person_events_guard), so adding what each statement applied keeps the row exactly equal to
 * `SELECT max(applied_seq), count(*) FROM person_events WHERE status = 'APPLIED'`; `changes`
 * counts the statements that wrote events.
 */
export class PersonEventState1797320000000 implements MigrationInterface {
  name = 'PersonEventState1797320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "person_event_state" ("id" smallint NOT NULL, "max_applied_seq" bigint NOT NULL, "applied_count" bigint NOT NULL, "changes" bigint NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_person_event_state_one_row" CHECK ("id" = 1), CONSTRAINT "PK_person_event_state" PRIMARY KEY ("id"))`,
    );
    await q.query(`INSERT INTO "person_event_state" ("id", "max_applied_seq", "applied_count", "changes")
      SELECT 1, COALESCE(max(applied_seq), 0), count(*) FILTER (WHERE status = 'APPLIED'), 0 FROM person_events`);
    await q.query(`CREATE OR REPLACE FUNCTION person_event_state_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE person_event_state s
       SET max_applied_seq = GREATEST(s.max_applied_seq, n.max_seq), applied_count = s.applied_count + n.applied,
           changes = s.changes + 1, changed_at = now()
      FROM (SELECT COALESCE(max(applied_seq), 0) AS max_seq, count(*) FILTER (WHERE status = 'APPLIED') AS applied, count(*) AS n
              FROM new_events) n
     WHERE s.id = 1 AND n.n > 0;
  ELSE
    UPDATE person_event_state s
       SET max_applied_seq = GREATEST(s.max_applied_seq, n.max_seq), applied_count = s.applied_count + n.applied - o.applied,
           changes = s.changes + 1, changed_at = now()
      FROM (SELECT COALESCE(max(applied_seq), 0) AS max_seq, count(*) FILTER (WHERE status = 'APPLIED') AS applied, count(*) AS n
              FROM new_events) n,
           (SELECT count(*) FILTER (WHERE status = 'APPLIED') AS applied FROM old_events) o
     WHERE s.id = 1 AND n.n > 0;
  END IF;
  RETURN NULL;
END $$`);
    await q.query(
      `CREATE TRIGGER person_event_state_insert AFTER INSERT ON "person_events" REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION person_event_state_track()`,
    );
    await q.query(
      `CREATE TRIGGER person_event_state_update AFTER UPDATE ON "person_events" REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION person_event_state_track()`,
    );
    // The row is kept by the triggers only: it is never deleted (forbid_change, as the events).
    await q.query(
      `CREATE TRIGGER person_event_state_no_delete BEFORE DELETE ON "person_event_state" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
    await q.query(
      `CREATE TRIGGER person_event_state_no_truncate BEFORE TRUNCATE ON "person_event_state" FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS person_event_state_no_truncate ON "person_event_state"`);
    await q.query(`DROP TRIGGER IF EXISTS person_event_state_no_delete ON "person_event_state"`);
    await q.query(`DROP TRIGGER IF EXISTS person_event_state_update ON "person_events"`);
    await q.query(`DROP TRIGGER IF EXISTS person_event_state_insert ON "person_events"`);
    await q.query(`DROP FUNCTION IF EXISTS person_event_state_track()`);
    await q.query(`DROP TABLE "person_event_state"`);
  }
}
