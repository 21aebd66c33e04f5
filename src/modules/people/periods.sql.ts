/**
 * Responsibility periods, derived set-based from the APPLIED events (one window pass per person).
 *
 * Every event sets the whole state after it: OBLIGATION_STARTED -> its municipality (null =
 * reception), HOUSED -> its municipality, MOVED -> `to`, OBLIGATION_ENDED -> no obligation. A state
 * holds from its event's date to the day before the next event of the person, or through the next
 * event's date when that event is an OBLIGATION_ENDED (an obligation covers its end date). Events of
 * one date apply in applied order, so a state followed by another event on the same date holds for
 * zero days (a same-day chain: the municipality in the middle gets no period, only the handovers).
 *
 * Columns of `segments`: person_id, obligation_no, event_id, type, code (null = reception),
 * start_date, end_date (null = open), obligation_start, obligation_end (null = still obliged),
 * category, route.
 */
export function segmentsSql(eventFilter = 'TRUE', options: { withObligationEnd?: boolean } = {}): string {
  // The obligation's end needs one more window pass; attribution does not use it.
  const end =
    options.withObligationEnd === false
      ? 'NULL::date'
      : `max(CASE WHEN type = 'OBLIGATION_ENDED' THEN start_date END) OVER (PARTITION BY person_id, obligation_no)`;
  return `
  SELECT person_id, obligation_no, event_id, type, code, start_date,
         CASE WHEN next_date IS NULL THEN NULL
              WHEN next_type = 'OBLIGATION_ENDED' THEN next_date
              ELSE next_date - 1 END AS end_date,
         first_value(start_date) OVER o AS obligation_start,
         ${end} AS obligation_end,
         first_value(category) OVER o AS category,
         first_value(route) OVER o AS route
    FROM (SELECT person_id, event_id, type, event_date AS start_date, applied_seq, category, route,
                 CASE type WHEN 'MOVED' THEN to_code WHEN 'OBLIGATION_ENDED' THEN NULL ELSE municipality_code END AS code,
                 sum(CASE WHEN type = 'OBLIGATION_STARTED' THEN 1 ELSE 0 END) OVER w AS obligation_no,
                 lead(event_date) OVER w AS next_date,
                 lead(type) OVER w AS next_type
            FROM person_events
           WHERE status = 'APPLIED' AND (${eventFilter})
          WINDOW w AS (PARTITION BY person_id ORDER BY event_date, applied_seq)) ev
  WINDOW o AS (PARTITION BY person_id, obligation_no ORDER BY start_date, applied_seq)`;
}

/**
 * Periods: segments with a municipality and at least one day. Adds `first_code` / `first_start`:
 * the municipality first responsible for at least one day of the obligation.
 */
export function periodsSql(eventFilter = 'TRUE', options: { withObligationEnd?: boolean } = {}): string {
  return `
  SELECT s.*,
         first_value(code) OVER f AS first_code,
         first_value(start_date) OVER f AS first_start
    FROM (${segmentsSql(eventFilter, options)}) s
   WHERE type <> 'OBLIGATION_ENDED' AND code IS NOT NULL AND (end_date IS NULL OR end_date >= start_date)
  WINDOW f AS (PARTITION BY person_id, obligation_no ORDER BY start_date)`;
}

/**
 * Maps every dissolved municipality code to the one responsible for it on `$dateParam`: merger
 * chains with effective_date <= that date followed. Mergers come in as arrays ($4 dissolved,
 * $5 successor, $6 effective date) from the municipalities module's public `listMergers`, so this
 * module never reads that module's tables. Codes not listed map to themselves. Columns: origin, code.
 */
export function successorMapSql(dateParam: string): string {
  return `
  SELECT DISTINCT ON (origin) origin, code FROM (
    WITH RECURSIVE m AS (SELECT * FROM unnest($4::varchar[], $5::varchar[], $6::date[]) AS t(dissolved_code, successor_code, effective_date)
                          WHERE effective_date <= ${dateParam}),
    chain(origin, code, depth) AS (
      SELECT dissolved_code, successor_code, 1 FROM m
      UNION ALL
      SELECT c.origin, m.successor_code, c.depth + 1 FROM chain c JOIN m ON m.dissolved_code = c.code WHERE c.depth < 50)
    SELECT origin, code, depth FROM chain) ch
  ORDER BY origin, depth DESC`;
}

/**
 * Periods as the municipality responsible on each day (DOMAIN Calculations 1): a period under a
 * code that a merger dissolves is split at the merger date, and the days from it on are the
 * successor's (chains followed). Mergers come as arrays (dissolved, successor, effective date) in
 * the parameters named. Same columns as `periodsSql`; `recorded_code` keeps the code as recorded.
 */
export function periodsUnderSuccessorsSql(periods: string, params: { dissolved: string; successor: string; effective: string }): string {
  return `
  SELECT p.person_id, p.obligation_no, p.event_id, p.type, p.obligation_start, p.obligation_end, p.category, p.route,
         p.first_code, p.first_start, p.code AS recorded_code,
         COALESCE(ch.code, p.code) AS code,
         GREATEST(p.start_date, COALESCE(ch.from_date, p.start_date)) AS start_date,
         CASE WHEN ch.next_from IS NULL THEN p.end_date
              WHEN p.end_date IS NULL THEN ch.next_from - 1
              ELSE LEAST(p.end_date, ch.next_from - 1) END AS end_date
    FROM (${periods}) p
    LEFT JOIN (
      SELECT origin, code, from_date, lead(from_date) OVER (PARTITION BY origin ORDER BY depth) AS next_from FROM (
        WITH RECURSIVE m AS (SELECT * FROM unnest(${params.dissolved}::varchar[], ${params.successor}::varchar[], ${params.effective}::date[])
                               AS t(dissolved_code, successor_code, effective_date)),
        chain(origin, code, from_date, depth) AS (
          SELECT DISTINCT dissolved_code, dissolved_code, '-infinity'::date, 0 FROM m
          UNION ALL
          SELECT c.origin, m.successor_code, m.effective_date, c.depth + 1 FROM chain c JOIN m ON m.dissolved_code = c.code WHERE c.depth < 50)
        SELECT * FROM chain) c) ch
      ON ch.origin = p.code
     AND (ch.next_from IS NULL OR ch.next_from > p.start_date)
     AND (p.end_date IS NULL OR ch.from_date <= p.end_date)`;
}
