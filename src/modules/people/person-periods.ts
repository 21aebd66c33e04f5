import type { RequestContext } from '../../context';
import { periodsSql, segmentsSql } from './periods.sql';

/** Columns of person_periods, in insert order. */
export const PERSON_PERIOD_COLUMNS =
  'event_id, person_id, obligation_no, code, start_date, end_date, obligation_start, category, route, first_code, first_start, peil_first';

/**
 * The stored periods of the people selected by `eventFilter` (over person_events): exactly the rows
 * of `periodsSql` (no obligation end, which attribution does not use), plus `peil_first`: the
 * obligation's earliest period that lasts through 31 December of its own start year (the one
 * PEILDATUM counts, decision 1740). Periods are contiguous, so a period that does not reach its
 * own 31 December ends before the next starts; start dates within an obligation are distinct.
 */
export function storedPeriodsSelectSql(eventFilter: string): string {
  return `
  SELECT event_id, person_id, obligation_no::int AS obligation_no, code, start_date, end_date, obligation_start, category, route,
         first_code, first_start,
         COALESCE(start_date = min(start_date) FILTER (WHERE end_date IS NULL OR end_date >= make_date(date_part('year', start_date)::int, 12, 31))
                                 OVER (PARTITION BY person_id, obligation_no), false) AS peil_first
    FROM (${periodsSql(eventFilter, { withObligationEnd: false })}) p`;
}

/** Columns of person_reception_periods, in insert order. */
export const PERSON_RECEPTION_COLUMNS = 'event_id, person_id, obligation_no, start_date, end_date, obligation_start, category, route';

/**
 * The stored reception stretches of the people selected by `eventFilter` (decision 1830): exactly
 * the segments of `segmentsSql` without a municipality that are not an OBLIGATION_ENDED (zero-day
 * ones included), which is what the reception view selects from the events.
 */
export function storedReceptionSelectSql(eventFilter: string): string {
  return `
  SELECT event_id, person_id, obligation_no::int AS obligation_no, start_date, end_date, obligation_start, category, route
    FROM (${segmentsSql(eventFilter, { withObligationEnd: false })}) s
   WHERE type <> 'OBLIGATION_ENDED' AND code IS NULL`;
}

const CHUNK = 10_000;

/**
 * Replaces the stored periods of `personIds` by the ones their APPLIED events give now (inside the
 * import's transaction, under PERSON_EVENTS_LOCK). `null` rebuilds every person's periods and sets
 * the state to the events as they are (the migration's backfill does the same).
 */
export async function refreshPersonPeriods(tx: RequestContext, personIds: string[] | null): Promise<void> {
  if (personIds === null) {
    await tx.em.query('DELETE FROM person_periods');
    await tx.em.query(`INSERT INTO person_periods (${PERSON_PERIOD_COLUMNS}) ${storedPeriodsSelectSql('TRUE')}`);
    await tx.em.query('DELETE FROM person_reception_periods');
    await tx.em.query(`INSERT INTO person_reception_periods (${PERSON_RECEPTION_COLUMNS}) ${storedReceptionSelectSql('TRUE')}`);
    await tx.em.query(
      `INSERT INTO person_periods_state (id, applied_watermark, applied_count)
       SELECT 1, COALESCE(max(applied_seq), 0), count(*) FROM person_events WHERE status = 'APPLIED'
       ON CONFLICT (id) DO UPDATE SET applied_watermark = EXCLUDED.applied_watermark, applied_count = EXCLUDED.applied_count`,
    );
    return;
  }
  const people = [...new Set(personIds)];
  for (let i = 0; i < people.length; i += CHUNK) {
    const chunk = people.slice(i, i + CHUNK);
    await tx.em.query('DELETE FROM person_periods WHERE person_id = ANY($1::varchar[])', [chunk]);
    await tx.em.query(`INSERT INTO person_periods (${PERSON_PERIOD_COLUMNS}) ${storedPeriodsSelectSql('person_id = ANY($1::varchar[])')}`, [
      chunk,
    ]);
    await tx.em.query('DELETE FROM person_reception_periods WHERE person_id = ANY($1::varchar[])', [chunk]);
    await tx.em.query(
      `INSERT INTO person_reception_periods (${PERSON_RECEPTION_COLUMNS}) ${storedReceptionSelectSql('person_id = ANY($1::varchar[])')}`,
      [chunk],
    );
  }
}

/**
 * Whether the stored periods (and reception stretches) are current for the events as they are now,
 * as SQL: one boolean, false when either state row is missing. Readers put it in the same statement
 * as their read of the stored rows, so both come from one snapshot (decision 1830).
 */
export const STORED_PERIODS_CURRENT_SQL = `COALESCE((SELECT s.applied_watermark = e.max_applied_seq AND s.applied_count = e.applied_count
   FROM person_periods_state s JOIN person_event_state e ON e.id = s.id WHERE s.id = 1), false)`;

/**
 * After an import applied `appliedNow` events, the first getting applied_seq `priorWatermark` + 1:
 * moves the state forward when it was current before. A state that was already behind (events
 * written around the import path) stays behind, so attribution keeps computing from the events
 * until `refreshPersonPeriods(tx, null)` rebuilds them. Returns whether the state is current.
 */
export async function advancePeriodsState(tx: RequestContext, priorWatermark: string, appliedNow: number): Promise<boolean> {
  // As a SELECT over the UPDATE: the drivers answer an UPDATE's rows in different shapes.
  const [row] = await tx.em.query<[{ n: number }]>(
    `WITH u AS (UPDATE person_periods_state SET applied_watermark = $1::bigint + $2::bigint, applied_count = applied_count + $2::bigint
                 WHERE id = 1 AND applied_watermark = $1::bigint RETURNING id)
     SELECT count(*)::int AS n FROM u`,
    [priorWatermark, appliedNow],
  );
  return row.n > 0;
}

/** Whether the stored periods reflect exactly the APPLIED events with this watermark and count. */
export async function periodsCurrent(tx: RequestContext, watermark: string, applied: number): Promise<boolean> {
  const rows = await tx.em.query<{ ok: boolean }[]>(
    'SELECT applied_watermark = $1::bigint AND applied_count = $2::bigint AS ok FROM person_periods_state WHERE id = 1',
    [watermark, applied],
  );
  return rows[0]?.ok === true;
}
