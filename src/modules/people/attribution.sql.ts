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
 * $1 = 1 January of y, $2 = 31 December of y (dates).
 */
function unitsSql(rule: AttributionRule): string {
  // Days of a period inside the year; periods are pre-filtered to overlap it.
  const days = `(LEAST(COALESCE(p.end_date, $2::date), $2::date) - GREATEST(p.start_date, $1::date) + 1)`;
  const overlaps = `p.start_date <= $2::date AND COALESCE(p.end_date, $2::date) >= $1::date`;
  switch (rule) {
    case 'PRO_RATA_DAYS':
      return `SELECT p.code, p.category, p.route, sum(${days}) AS units FROM periods p WHERE ${overlaps} GROUP BY 1, 2, 3`;
    case 'FIRST_MUNICIPALITY':
      return `SELECT p.first_code AS code, p.category, p.route, sum(${days}) AS units FROM periods p WHERE ${overlaps} GROUP BY 1, 2, 3`;
    case 'FIRST_OF_MONTH':
      // Firsts of a month in [a, b]: from the first 1st on/after a to the last 1st on/before b.
      return `SELECT code, category, route, sum(months) AS units FROM (
                SELECT p.code, p.category, p.route,
                       GREATEST(0, (extract(year FROM fb) * 12 + extract(month FROM fb)) - (extract(year FROM fa) * 12 + extract(month FROM fa)) + 1)::bigint AS months
                  FROM (SELECT p.*, date_trunc('month', GREATEST(p.start_date, $1::date) - 1) + interval '1 month' AS fa,
                               date_trunc('month', LEAST(COALESCE(p.end_date, $2::date), $2::date)) AS fb
                          FROM periods p WHERE ${overlaps}) p) m
              WHERE months > 0 GROUP BY 1, 2, 3`;
    case 'PEILDATUM':
      // The first 31 December in the obligation's window on which it has a municipality; counted
      // only when that is y. At most one period of an obligation covers a given day.
      return `SELECT code, category, route, count(*) AS units FROM (
                SELECT DISTINCT ON (p.person_id, p.obligation_no) p.code, p.category, p.route, wy
                  FROM periods p
                  CROSS JOIN LATERAL generate_series(extract(year FROM p.obligation_start)::int,
                        extract(year FROM p.obligation_start)::int + CASE WHEN p.category = 'ASIELSTATUSHOUDER' THEN 2 ELSE 0 END) AS wy
                 WHERE p.obligation_start >= $1::date - interval '2 years' AND p.obligation_start <= $2::date
                   AND make_date(wy, 12, 31) BETWEEN p.start_date AND COALESCE(p.end_date, 'infinity'::date)
                 ORDER BY p.person_id, p.obligation_no, wy) firsts
              WHERE wy = extract(year FROM $2::date)::int GROUP BY 1, 2, 3`;
    case 'EDUCATION_ROUTE':
      return `SELECT p.code, p.category, p.route, count(*) AS units FROM periods p
               WHERE p.route = 'ONDERWIJSROUTE' AND p.start_date = p.first_start AND p.first_start BETWEEN $1::date AND $2::date
               GROUP BY 1, 2, 3`;
  }
}

/**
 * The whole attribution of a year as one statement: periods from the events, units per rule,
 * codes mapped through mergers in force on 1 January of y, summed per successor, divided and
 * rounded once to 6 decimals (round(numeric) is half away from zero). $3 = divisor.
 * Columns: municipality_code, category, route ('' = none), units (text), value (text).
 */
export function attributionSql(rule: AttributionRule): string {
  return `
  WITH periods AS MATERIALIZED (${periodsSql()}),
       successor AS (${successorMapSql('$1::date')}),
       units AS (${unitsSql(rule)})
  SELECT COALESCE(s.code, u.code) AS municipality_code, u.category, COALESCE(u.route, '') AS route,
         sum(u.units)::bigint::text AS units,
         round(sum(u.units)::numeric / $3::int, 6)::text AS value
    FROM units u LEFT JOIN successor s ON s.origin = u.code
   GROUP BY 1, 2, 3
  HAVING sum(u.units) > 0
   ORDER BY 1, 2, 3`;
}
