import { periodsSql, successorMapSql } from './periods.sql';

export const ATTRIBUTION_RULES = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'] as const;
export type AttributionRule = (typeof ATTRIBUTION_RULES)[number];

/** Days in the year (366 in a leap year), 12 months, or 1 person. */
export function divisorFor(rule: AttributionRule, year: number): number {
  switch (rule) {
    case 'PRO_RATA_DAYS':
    case 'FIRST_MUNICIPALITY':
      return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
    case 'FIRST_OF_MONTH':
      return 12;
    case 'PEILDATUM':
    case 'EDUCATION_ROUTE':
      return 1;
  }
}

/**
 * Integer units per (raw municipality code, category, route) for the year, set-based. Parameters:
 * $1 = 1 January of y, $2 = 31 December of y (dates). With `perPerson` the rows are per person too
 * (a leading `person_id` column): the same units, one level finer, so that summing them per key
 * gives exactly the published units (the auditor's trace, issue 16 item 5).
 */
function unitsSql(rule: AttributionRule, perPerson = false, stored = false): string {
  // Person column and the extra GROUP BY position, prepended to every rule's select list.
  const pp = perPerson ? 'p.person_id, ' : '';
  const ppOuter = perPerson ? 'person_id, ' : '';
  const g = perPerson ? 'GROUP BY 1, 2, 3, 4' : 'GROUP BY 1, 2, 3';
  // Days of a period inside the year; periods are pre-filtered to overlap it.
  const days = `(LEAST(COALESCE(p.end_date, $2::date), $2::date) - GREATEST(p.start_date, $1::date) + 1)`;
  const overlaps = `p.start_date <= $2::date AND COALESCE(p.end_date, $2::date) >= $1::date`;
  switch (rule) {
    case 'PRO_RATA_DAYS':
      return `SELECT ${pp}p.code, p.category, p.route, sum(${days}) AS units FROM periods p WHERE ${overlaps} ${g}`;
    case 'FIRST_MUNICIPALITY':
      return `SELECT ${pp}p.first_code AS code, p.category, p.route, sum(${days}) AS units FROM periods p WHERE ${overlaps} ${g}`;
    case 'FIRST_OF_MONTH':
      // Firsts of a month in [a, b], as month numbers y*12+m: the first 1st on/after a (the next
      // month unless a is a 1st) to the last 1st on/before b. date_part (double, exact for these
      // integers) avoids extract's numeric and date_trunc's timestamptz.
      return `SELECT ${ppOuter}code, category, route, sum(months) AS units FROM (
                SELECT ${pp}p.code, p.category, p.route,
                       GREATEST(0, (date_part('year', b) * 12 + date_part('month', b))
                                 - (date_part('year', a) * 12 + date_part('month', a) + CASE WHEN date_part('day', a) > 1 THEN 1 ELSE 0 END) + 1)::bigint AS months
                  FROM (SELECT p.*, GREATEST(p.start_date, $1::date) AS a, LEAST(COALESCE(p.end_date, $2::date), $2::date) AS b
                          FROM periods p WHERE ${overlaps}) p) m
              WHERE months > 0 ${g}`;
    case 'PEILDATUM':
      if (stored) {
        // person_periods.peil_first marks the obligation's earliest period that reaches its own
        // 31 December over all its periods. The window form below picks the same period whenever
        // the one it picks starts in y (a period starting in y or before reaches its 31 December
        // the same way with or without the events after y), so counting peil_first periods that
        // start in y under the same window conditions gives the same units (decision 1740).
        return `SELECT ${pp}p.code, p.category, p.route, count(*) AS units FROM periods p
                 WHERE p.peil_first AND p.start_date BETWEEN $1::date AND $2::date
                   AND p.obligation_start >= $1::date - interval '2 years' AND p.obligation_start <= $2::date
                   AND date_part('year', p.start_date)::int
                       <= date_part('year', p.obligation_start)::int + CASE WHEN p.category = 'ASIELSTATUSHOUDER' THEN 2 ELSE 0 END
                 ${g}`;
      }
      // A period's first 31 December is that of its start year, if it lasts that long (periods are
      // contiguous). The obligation's first 31 December with a municipality is then the one of the
      // earliest period that reaches its own; it counts if that year is in the window (the start
      // year, plus two for ASIELSTATUSHOUDER) and is y. A period never starts before its obligation.
      return `SELECT ${ppOuter}code, category, route, count(*) AS units FROM (
                SELECT DISTINCT ON (p.person_id, p.obligation_no) p.person_id, p.code, p.category, p.route, p.obligation_start,
                       date_part('year', p.start_date)::int AS wy
                  FROM periods p
                 WHERE p.obligation_start >= $1::date - interval '2 years' AND p.obligation_start <= $2::date
                   AND (p.end_date IS NULL OR p.end_date >= make_date(date_part('year', p.start_date)::int, 12, 31))
                 ORDER BY p.person_id, p.obligation_no, p.start_date) firsts
              WHERE wy = date_part('year', $2::date)::int
                AND wy <= date_part('year', obligation_start)::int + CASE WHEN category = 'ASIELSTATUSHOUDER' THEN 2 ELSE 0 END
              ${g}`;
    case 'EDUCATION_ROUTE':
      return `SELECT ${pp}p.code, p.category, p.route, count(*) AS units FROM periods p
               WHERE p.route = 'ONDERWIJSROUTE' AND p.start_date = p.first_start AND p.first_start BETWEEN $1::date AND $2::date
               ${g}`;
  }
}

/**
 * Where the periods come from: `stored` reads person_periods (kept by the import, decision 1740),
 * `events` derives them from person_events with three window passes (the reference, and the
 * fallback when the stored periods are not current).
 */
export type PeriodSource = 'stored' | 'events';

/**
 * The whole attribution of a year as one statement: periods (stored, or from the events), units
 * per rule, codes mapped through mergers in force on 1 January of y, summed per successor, divided
 * and rounded once to 6 decimals (round(numeric) is half away from zero). $3 = divisor; $4-$6
 * mergers. Columns: municipality_code, category, route ('' = none), units (text), value (text).
 * Both sources give the same rows (test/e2e/attribution-stored-periods.e2e-part.ts).
 */
export function attributionSql(rule: AttributionRule, source: PeriodSource = 'stored'): string {
  const periods =
    source === 'stored'
      ? `SELECT * FROM person_periods WHERE start_date <= $2::date`
      : periodsSql('event_date <= $2::date', { withObligationEnd: false });
  return `
  WITH periods AS (${periods}),
       successor AS (${successorMapSql('$1::date')}),
       units AS (${unitsSql(rule, false, source === 'stored')})
  SELECT COALESCE(s.code, u.code) AS municipality_code, u.category, COALESCE(u.route, '') AS route,
         sum(u.units)::bigint::text AS units,
         round(sum(u.units)::numeric / $3::int, 6)::text AS value
    FROM units u LEFT JOIN successor s ON s.origin = u.code
   GROUP BY 1, 2, 3
  HAVING sum(u.units) > 0
   ORDER BY 1, 2, 3`;
}

/**
 * The per-person trace of a stored run: the same periods (only events with applied_seq <= $7, the
 * run's watermark), units and merger mapping as `attributionSql`, per (person, municipality,
 * category, route). $8 = municipality codes (null = all). Columns: person_id, municipality_code,
 * category, route ('' = none), units (text), total (count of all rows, for paging), divisor ($3). Summing `units`
 * per key gives the run's units exactly; rows come in (municipality, category, route, person) order
 * after the keyset ($9..$12, null = first page), at most $13.
 */
export function attributionDetailSql(rule: AttributionRule): string {
  return `
  WITH periods AS (${periodsSql('event_date <= $2::date AND applied_seq <= $7::bigint', { withObligationEnd: false })}),
       successor AS (${successorMapSql('$1::date')}),
       units AS (${unitsSql(rule, true)}),
       detail AS MATERIALIZED (
         SELECT u.person_id, COALESCE(s.code, u.code) AS municipality_code, u.category, COALESCE(u.route, '') AS route,
                sum(u.units)::bigint AS units
           FROM units u LEFT JOIN successor s ON s.origin = u.code
          GROUP BY 1, 2, 3, 4
         HAVING sum(u.units) > 0)
  SELECT d.person_id, d.municipality_code, d.category, d.route, d.units::text AS units, t.total, $3::int AS divisor
    FROM (SELECT count(*)::int AS total FROM detail WHERE $8::varchar[] IS NULL OR municipality_code = ANY($8::varchar[])) t
    LEFT JOIN LATERAL (
      SELECT * FROM detail
       WHERE ($8::varchar[] IS NULL OR municipality_code = ANY($8::varchar[]))
         AND ($9::varchar IS NULL OR (municipality_code, category, route, person_id) > ($9::varchar, $10::varchar, $11::varchar, $12::varchar))
       ORDER BY municipality_code, category, route, person_id
       LIMIT $13) d ON TRUE`;
}
