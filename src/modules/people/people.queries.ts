import type { RequestContext } from '../../context';
import { assertMunicipalityAccess, assertRole, municipalityScope } from '../../common/auth/scope';
import { Role, SYSTEM_ACTOR } from '../../common/auth/actor';
import { Money } from '../../common/money/money';
import { badInput } from '../../common/errors/domain-error';
import { optionalIsoDate, parseIsoDate, todayInAmsterdam } from '../../common/dates';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { periodsSql, periodsUnderSuccessorsSql, segmentsSql } from './periods.sql';
import { listMergers } from '../municipalities';
import { PERSON_ID_PATTERN } from './person-event.record';
import { STORED_PERIODS_CURRENT_SQL } from './person-periods';
import { InFlight } from '../../common/in-flight';

export interface PersonEventView {
  eventId: string;
  personId: string;
  type: string;
  date: string;
  category: string | null;
  route: string | null;
  municipalityCode: string | null;
  fromCode: string | null;
  toCode: string | null;
  endReason: string | null;
  source: string;
  sourceRecordedAt: Date;
  recordedAt: Date;
  status: string;
  batchKey: string;
}

export interface PeriodView {
  personId: string;
  obligationNo: number;
  municipalityCode: string;
  category: string;
  route: string | null;
  obligationStart: string;
  obligationEnd: string | null;
  startDate: string;
  /** Null: still running. */
  endDate: string | null;
}

const EVENT_COLUMNS = `event_id AS "eventId", person_id AS "personId", type, to_char(event_date, 'YYYY-MM-DD') AS date, category, route,
  municipality_code AS "municipalityCode", from_code AS "fromCode", to_code AS "toCode", end_reason AS "endReason", source,
  source_recorded_at AS "sourceRecordedAt", recorded_at AS "recordedAt", status, batch_key AS "batchKey"`;

const PERIOD_COLUMNS = `person_id AS "personId", obligation_no::int AS "obligationNo", code AS "municipalityCode", category, route,
  to_char(obligation_start, 'YYYY-MM-DD') AS "obligationStart", to_char(obligation_end, 'YYYY-MM-DD') AS "obligationEnd",
  to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate"`;

function checkPerson(personId: string): string {
  if (!PERSON_ID_PATTERN.test(personId) || /^\d+$/.test(personId)) {
    throw badInput('personId', 'not a pseudonym');
  }
  return personId;
}

function checkRange(from: string, to: string): void {
  parseIsoDate(from, 'from');
  parseIsoDate(to, 'to');
  if (to < from) {
    throw badInput('to', 'must be on or after from');
  }
}

/** A person's events (applied and pending) and derived periods: ministry roles only. */
export async function getPersonHistory(
  ctx: RequestContext,
  personId: string,
): Promise<{ personId: string; events: PersonEventView[]; periods: PeriodView[] }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  checkPerson(personId);
  const events = await ctx.em.query<PersonEventView[]>(
    `SELECT ${EVENT_COLUMNS} FROM person_events WHERE person_id = $1 ORDER BY event_date, applied_seq NULLS LAST, recorded_seq`,
    [personId],
  );
  const periods = await ctx.em.query<PeriodView[]>(
    `SELECT ${PERIOD_COLUMNS} FROM (${periodsSql('person_id = $1')}) p ORDER BY start_date`,
    [personId],
  );
  return { personId, events, periods };
}

/** Events held because they do not fit yet (out-of-order feeds), oldest first. */
export async function listPendingEvents(
  ctx: RequestContext,
  first: number,
  after: string | null | undefined,
): Promise<Page<PersonEventView>> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const cursor = decodeCursor(after);
  const [{ total }] = await ctx.em.query<[{ total: number }]>(`SELECT count(*)::int AS total FROM person_events WHERE status = 'PENDING'`);
  const rows = await ctx.em.query<(PersonEventView & { seq: string })[]>(
    `SELECT ${EVENT_COLUMNS}, recorded_seq::text AS seq FROM person_events
      WHERE status = 'PENDING' AND ($1::bigint IS NULL OR recorded_seq > $1::bigint) ORDER BY recorded_seq LIMIT $2`,
    [cursor, first + 1],
  );
  return toPage(rows, first, (r) => r.seq, total);
}

type PeriodRow = PeriodView & { total: number; current?: boolean };

/**
 * Periods of one municipality overlapping [from, to]; a controller only for its own. Reads the
 * stored periods (raw codes, mergers applied here as before) when they are current for the events
 * as they are (decision 1830: the same test as attribution's, in the same statement), else derives
 * them from the events of everyone who touched the municipality. The stored periods carry no
 * obligation end, so the page's are derived from its people's own events.
 */
export async function listMunicipalityPeriods(
  ctx: RequestContext,
  input: { municipalityCode: string; from: string; to: string; first: number; after?: string | null },
  options: { source?: 'stored' | 'events' } = {},
): Promise<Page<PeriodView>> {
  assertMunicipalityAccess(ctx, input.municipalityCode);
  checkRange(input.from, input.to);
  const cursor = decodeCursor(input.after);
  // Requests for the same page that arrive while it is read share that read (decision 1830): it
  // depends on nothing else, and each caller's access is checked above.
  const key = JSON.stringify([input.municipalityCode, input.from, input.to, input.first, cursor, options.source ?? null]);
  return periodPagesInFlight.share(key, () => readMunicipalityPeriods(ctx, input, cursor, options));
}

/** Pages of a municipality's periods being read (decision 1830). */
export const periodPagesInFlight = new InFlight<Page<PeriodView>>();

async function readMunicipalityPeriods(
  ctx: RequestContext,
  input: { municipalityCode: string; from: string; to: string; first: number },
  cursor: string | null,
  options: { source?: 'stored' | 'events' },
): Promise<Page<PeriodView>> {
  const m = await allMergers(ctx);
  // Only periods under the municipality or one merged into it can be its own on some day.
  const group = [input.municipalityCode, ...predecessorsOf(input.municipalityCode, m)];
  const params = [input.municipalityCode, input.from, input.to, cursor, input.first + 1, group, ...mergerArrays(m)];
  const merged = { dissolved: '$7', successor: '$8', effective: '$9' };
  const pageOf = (periods: string, extra = '') =>
    `SELECT ${PERIOD_COLUMNS}, count(*) OVER ()::int AS total${extra}
       FROM (${periodsUnderSuccessorsSql(periods, merged)}) p
      WHERE code = $1 AND start_date <= $3::date AND COALESCE(end_date, 'infinity'::date) >= $2::date
        AND ($4::text IS NULL OR person_id || '|' || to_char(start_date, 'YYYY-MM-DD') > $4::text)
      ORDER BY person_id, start_date LIMIT $5`;
  let rows: PeriodRow[] | null = null;
  if (options.source !== 'events') {
    const stored = await ctx.em.query<PeriodRow[]>(
      `WITH st AS MATERIALIZED (SELECT ${STORED_PERIODS_CURRENT_SQL} AS current)
       SELECT st.current, page.* FROM st LEFT JOIN LATERAL (${pageOf(
         `SELECT person_id, obligation_no, event_id, 'PERIOD'::varchar AS type, obligation_start, NULL::date AS obligation_end,
                 category, route, first_code, first_start, code, start_date, end_date
            FROM person_periods
           WHERE code = ANY($6::varchar[]) AND start_date <= $3::date AND (end_date IS NULL OR end_date >= $2::date) AND (SELECT current FROM st)`,
       )}) page ON TRUE`,
      params,
    );
    if (stored[0]?.current === true) {
      rows = stored.filter((r) => r.personId !== null).map(({ current: _, ...row }) => row);
      await withObligationEnds(ctx, rows);
    } else {
      ctx.log.warn('stored person periods are not current; the municipality periods are derived from the events');
    }
  }
  // Only people who ever touched the municipality or one merged into it need their history derived.
  rows ??= await ctx.em.query<PeriodRow[]>(
    pageOf(
      periodsSql(
        `person_id IN (SELECT person_id FROM person_events WHERE municipality_code = ANY($6::varchar[]) OR from_code = ANY($6::varchar[]) OR to_code = ANY($6::varchar[]))`,
      ),
    ),
    params,
  );
  return toPage(rows, input.first, (r) => `${r.personId}|${r.startDate}`, rows[0]?.total ?? 0);
}

/** Fills in each period's obligation end (the OBLIGATION_ENDED date of its obligation), from its person's events. */
async function withObligationEnds(ctx: RequestContext, rows: PeriodRow[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const ends = await ctx.em.query<{ personId: string; obligationNo: number; obligationEnd: string }[]>(
    `SELECT person_id AS "personId", obligation_no::int AS "obligationNo", to_char(max(start_date), 'YYYY-MM-DD') AS "obligationEnd"
       FROM (${segmentsSql('person_id = ANY($1::varchar[])', { withObligationEnd: false })}) s
      WHERE type = 'OBLIGATION_ENDED' GROUP BY 1, 2`,
    [[...new Set(rows.map((r) => r.personId))]],
  );
  const byObligation = new Map(ends.map((e) => [`${e.personId}|${e.obligationNo}`, e.obligationEnd]));
  for (const r of rows) {
    r.obligationEnd = byObligation.get(`${r.personId}|${r.obligationNo}`) ?? null;
  }
}

type Merger = { dissolvedCode: string; successorCode: string; effectiveDate: string };

/**
 * Every registered merger. Mergers are public facts of the register: a controller's view needs the
 * whole chain into its municipality, not only the mergers naming it, so this reads them unscoped.
 */
async function allMergers(ctx: RequestContext): Promise<Merger[]> {
  return listMergers({ ...ctx, actor: null });
}

/** Codes whose affairs pass to `code` at some merger (chains followed). */
function predecessorsOf(code: string, mergers: readonly Merger[]): string[] {
  const out: string[] = [];
  let frontier = [code];
  for (let depth = 0; depth < 50 && frontier.length > 0; depth += 1) {
    const next = mergers.filter((m) => frontier.includes(m.successorCode) && !out.includes(m.dissolvedCode)).map((m) => m.dissolvedCode);
    out.push(...next);
    frontier = next;
  }
  return out;
}

const mergerArrays = (m: readonly Merger[]): [string[], string[], string[]] => [
  m.map((x) => x.dissolvedCode),
  m.map((x) => x.successorCode),
  m.map((x) => x.effectiveDate),
];

/** The people a municipality is responsible for on `date` (pseudonyms with category, route, dates). */
export function peopleInView(
  ctx: RequestContext,
  input: { municipalityCode: string; date?: string | null; first: number; after?: string | null },
): Promise<Page<PeriodView>> {
  const date = optionalIsoDate(input.date, 'date') ?? todayInAmsterdam();
  return listMunicipalityPeriods(ctx, { ...input, from: date, to: date });
}

export interface ReceptionPerson {
  personId: string;
  category: string;
  route: string | null;
  obligationStart: string;
  /** Days obliged without a municipality up to and including the date. */
  daysWaiting: number;
}

/** The query behind `listReception`: $1 date, $2 keyset, $3 limit; `r` is the people in reception on $1. */
function receptionPageSql(r: string): string {
  // Totals over everyone in reception; the page itself is fetched with a keyset and LIMIT, so
  // memory stays bounded however many people wait.
  return `WITH r AS MATERIALIZED (${r}),
     totals AS (SELECT count(*)::int AS total, max($1::date - start_date + 1)::int AS longest FROM r)
     SELECT page.*, totals.total, totals.longest FROM totals LEFT JOIN LATERAL (
       SELECT person_id AS "personId", category, route, to_char(obligation_start, 'YYYY-MM-DD') AS "obligationStart",
              ($1::date - start_date + 1)::int AS "daysWaiting"
         FROM r WHERE $2::text IS NULL OR person_id > $2::text ORDER BY person_id LIMIT $3) page ON TRUE`;
}

type ReceptionRow = ReceptionPerson & { total: number; longest: number | null; current?: boolean };

/**
 * Nationally: people obliged on `date` without any municipality yet (still in reception). Reads the
 * stored reception stretches when they are current for the events as they are (decision 1830, the
 * same test as attribution's, in the same statement), else derives them from the events.
 */
export async function listReception(
  ctx: RequestContext,
  input: { date: string; first: number; after?: string | null },
  options: { source?: 'stored' | 'events' } = {},
): Promise<Page<ReceptionPerson> & { longestDays: number | null }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  parseIsoDate(input.date, 'date');
  const cursor = decodeCursor(input.after);
  // Requests for the same page that arrive while it is read share that read (decision 1830).
  const key = JSON.stringify([input.date, input.first, cursor, options.source ?? null]);
  return receptionPagesInFlight.share(key, () => readReception(ctx, input, cursor, options));
}

/** Pages of the reception view being read (decision 1830). */
export const receptionPagesInFlight = new InFlight<Page<ReceptionPerson> & { longestDays: number | null }>();

async function readReception(
  ctx: RequestContext,
  input: { date: string; first: number },
  cursor: string | null,
  options: { source?: 'stored' | 'events' },
): Promise<Page<ReceptionPerson> & { longestDays: number | null }> {
  const params = [input.date, cursor, input.first + 1];
  let rows: ReceptionRow[] | null = null;
  if (options.source !== 'events') {
    // The stretches are read only when current: the flag and the rows come from one snapshot.
    const stored = await ctx.em.query<ReceptionRow[]>(
      `WITH st AS MATERIALIZED (SELECT ${STORED_PERIODS_CURRENT_SQL} AS current),
            q AS (${receptionPageSql(`SELECT person_id, category, route, obligation_start, start_date FROM person_reception_periods
                                        WHERE (SELECT current FROM st) AND start_date <= $1::date AND (end_date IS NULL OR end_date >= $1::date)`)})
       SELECT q.*, (SELECT current FROM st) AS current FROM q`,
      params,
    );
    if (stored[0]?.current === true) {
      rows = stored.map(({ current: _, ...row }) => row);
    } else {
      ctx.log.warn('stored person periods are not current; the reception view derives them from the events');
    }
  }
  rows ??= await ctx.em.query<ReceptionRow[]>(
    receptionPageSql(`SELECT person_id, category, route, obligation_start, start_date
         FROM (${segmentsSql('event_date <= $1::date', { withObligationEnd: false })}) s
        WHERE type <> 'OBLIGATION_ENDED' AND code IS NULL AND start_date <= $1::date
          AND (end_date IS NULL OR end_date >= $1::date)`),
    params,
  );
  const total = rows[0]?.total ?? 0;
  const page = rows.filter((r) => r.personId !== null);
  return { ...toPage(page, input.first, (r) => r.personId, total), longestDays: rows[0]?.longest ?? null };
}

export interface HousingDelay {
  housedFrom: string;
  housedTo: string;
  count: number;
  minDays: number | null;
  p50Days: number | null;
  p90Days: number | null;
  maxDays: number | null;
  /** Mean days, decimal string with 2 decimals (half away from zero). */
  meanDays: string | null;
  buckets: { label: string; fromDays: number; toDays: number | null; count: number }[];
}

/** Default bucket edges (lower bounds): 0-30, 31-90, 91-180, 181-365, 366+ (decision 0306). */
export const DEFAULT_DELAY_EDGES = [0, 31, 91, 181, 366];
/** At most this many edges a caller may give. */
export const MAX_DELAY_EDGES = 50;

/**
 * Histogram buckets from the caller's edges (decision 1612): each edge is a bucket's first day
 * count, a bucket runs to the next edge minus one, the last is open. Edges must be integers from 0
 * to 36,600, strictly ascending, 1 to 50 of them. A first edge above 0 gets a leading bucket from 0,
 * so every housing falls in exactly one bucket and the bucket counts add up to `count`.
 */
export function delayBuckets(edges: readonly number[] | null | undefined): [number, number | null][] {
  const e = edges ?? DEFAULT_DELAY_EDGES;
  if (e.length === 0 || e.length > MAX_DELAY_EDGES) {
    throw badInput('bucketEdges', `1 to ${MAX_DELAY_EDGES} edges`);
  }
  e.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > 36_600) {
      throw badInput('bucketEdges', `edge ${i + 1} (${x}) must be a whole number of days from 0 to 36600`);
    }
    if (i > 0 && x <= e[i - 1]!) {
      throw badInput('bucketEdges', `edges must be strictly ascending: ${e[i - 1]} then ${x}`);
    }
  });
  const lows = e[0] === 0 ? [...e] : [0, ...e];
  return lows.map((lo, i) => [lo, i + 1 < lows.length ? lows[i + 1]! - 1 : null]);
}

/** The housings in [from, to] as SQL: one row per HOUSED event with its obligation start and days. Params $1, $2. */
const housingsSql = () => `
  SELECT person_id, obligation_no, obligation_start, start_date AS housed_on, code, start_date - obligation_start AS days
    FROM (${segmentsSql(`person_id IN (SELECT person_id FROM person_events
            WHERE type = 'HOUSED' AND status = 'APPLIED' AND event_date BETWEEN $1::date AND $2::date)`)}) s
   WHERE type = 'HOUSED' AND start_date BETWEEN $1::date AND $2::date`;

/**
 * Days from obligation start to housing (the days spent in reception), per HOUSED event dated in
 * [from, to]. Percentiles are nearest-rank (percentile_disc). Buckets by the caller's edges
 * (`delayBuckets`), default 0-30, 31-90, 91-180, 181-365, 366+.
 */
export async function housingDelay(
  ctx: RequestContext,
  input: { from: string; to: string; bucketEdges?: number[] | null },
): Promise<HousingDelay> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  checkRange(input.from, input.to);
  const buckets = delayBuckets(input.bucketEdges);
  const [stats] = await ctx.em.query<[Record<string, number | string | null>]>(
    `WITH d AS (${housingsSql()})
     SELECT count(*)::int AS count, min(days)::int AS min, max(days)::int AS max,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY days)::int AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY days)::int AS p90,
            round(avg(days)::numeric, 2)::text AS mean,
            ${buckets.map(([lo, hi], i) => `count(*) FILTER (WHERE days >= ${lo}${hi === null ? '' : ` AND days <= ${hi}`})::int AS b${i}`).join(', ')}
       FROM d`,
    [input.from, input.to],
  );
  return {
    housedFrom: input.from,
    housedTo: input.to,
    count: stats.count as number,
    minDays: stats.min as number | null,
    p50Days: stats.p50 as number | null,
    p90Days: stats.p90 as number | null,
    maxDays: stats.max as number | null,
    meanDays: stats.mean as string | null,
    buckets: buckets.map(([lo, hi], i) => ({
      label: hi === null ? `${lo}+` : `${lo}-${hi}`,
      fromDays: lo,
      toDays: hi,
      count: stats[`b${i}`] as number,
    })),
  };
}

export interface PersonHousingDelay {
  personId: string;
  obligationStart: string;
  housedOn: string;
  /** The municipality of the HOUSED event, as recorded. */
  municipalityCode: string;
  days: number;
}

/**
 * Per person, the housings in [from, to] behind `housingDelay`: obligation start, housing date, the
 * municipality and the days in between, in (housing date, person) order, keyset-paged. Ministry roles.
 */
export async function housingDelays(
  ctx: RequestContext,
  input: { from: string; to: string; first: number; after?: string | null },
): Promise<Page<PersonHousingDelay>> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  checkRange(input.from, input.to);
  const cursor = decodeCursor(input.after);
  const rows = await ctx.em.query<(PersonHousingDelay & { key: string | null; total: number })[]>(
    `WITH d AS MATERIALIZED (SELECT *, to_char(housed_on, 'YYYY-MM-DD') || '|' || person_id || '|' || lpad(obligation_no::text, 6, '0') AS key
                               FROM (${housingsSql()}) h),
          t AS (SELECT count(*)::int AS total FROM d)
     SELECT page.*, t.total FROM t LEFT JOIN LATERAL (
       SELECT person_id AS "personId", to_char(obligation_start, 'YYYY-MM-DD') AS "obligationStart", to_char(housed_on, 'YYYY-MM-DD') AS "housedOn",
              code AS "municipalityCode", days::int AS days, key
         FROM d WHERE $3::text IS NULL OR key > $3::text ORDER BY key LIMIT $4) page ON TRUE`,
    [input.from, input.to, cursor, input.first + 1],
  );
  const total = rows[0]?.total ?? 0;
  const page = rows.filter((r) => r.key !== null);
  return toPage(page, input.first, (r) => r.key!, total);
}

export interface HandoverRow {
  municipalityCode: string;
  received: number;
  handedOver: number;
  personDays: number;
  moverPersonDays: number;
  /** moverPersonDays / personDays rounded once to 6 decimals; null without person-days. */
  moversShare: string | null;
}

/**
 * Per municipality, for [from, to]: MOVED events received and handed over (each move counts), and
 * the movers' share of person-days. A controller gets only its own municipality.
 */
export async function listHandovers(
  ctx: RequestContext,
  input: { from: string; to: string; municipalityCodes?: string[] | null },
): Promise<HandoverRow[]> {
  const scope = municipalityScope(ctx, input.municipalityCodes);
  checkRange(input.from, input.to);
  const m = await allMergers(ctx);
  // Days and moves are the municipality's as responsible on the day: a dissolved code's from its
  // merger date are the successor's, and a move between two codes of one municipality is no handover.
  return await ctx.em.query<HandoverRow[]>(
    `WITH periods AS (${periodsUnderSuccessorsSql(periodsSql('event_date <= $2::date', { withObligationEnd: false }), {
      dissolved: '$4',
      successor: '$5',
      effective: '$6',
    })}),
          raw_moves AS (SELECT person_id, from_code, to_code, event_date FROM person_events
                     WHERE status = 'APPLIED' AND type = 'MOVED' AND event_date BETWEEN $1::date AND $2::date),
          moves AS (SELECT * FROM (
                      SELECT person_id, ${resolvedAt('from_code', 'event_date')} AS from_code, ${resolvedAt('to_code', 'event_date')} AS to_code
                        FROM raw_moves) x WHERE from_code <> to_code),
          movers AS (SELECT DISTINCT person_id FROM moves),
          days AS (SELECT p.code, sum(LEAST(COALESCE(p.end_date, $2::date), $2::date) - GREATEST(p.start_date, $1::date) + 1) AS total,
                          COALESCE(sum(LEAST(COALESCE(p.end_date, $2::date), $2::date) - GREATEST(p.start_date, $1::date) + 1)
                                   FILTER (WHERE m.person_id IS NOT NULL), 0) AS mover
                     FROM periods p LEFT JOIN movers m ON m.person_id = p.person_id
                    WHERE p.start_date <= $2::date AND COALESCE(p.end_date, $2::date) >= $1::date GROUP BY p.code),
          recv AS (SELECT to_code AS code, count(*) AS n FROM moves GROUP BY 1),
          sent AS (SELECT from_code AS code, count(*) AS n FROM moves GROUP BY 1),
          codes AS (SELECT code FROM days UNION SELECT code FROM recv UNION SELECT code FROM sent)
     SELECT c.code AS "municipalityCode", COALESCE(r.n, 0)::int AS received, COALESCE(s.n, 0)::int AS "handedOver",
            COALESCE(d.total, 0)::int AS "personDays", COALESCE(d.mover, 0)::int AS "moverPersonDays",
            CASE WHEN COALESCE(d.total, 0) = 0 THEN NULL ELSE round(d.mover::numeric / d.total, 6)::text END AS "moversShare"
       FROM codes c LEFT JOIN days d ON d.code = c.code LEFT JOIN recv r ON r.code = c.code LEFT JOIN sent s ON s.code = c.code
      WHERE $3::varchar[] IS NULL OR c.code = ANY($3::varchar[])
      ORDER BY c.code`,
    [input.from, input.to, scope, ...mergerArrays(m)],
  );
}

/** SQL: `code` as the municipality responsible on `date`, mergers in $4-$6 (chains followed). */
function resolvedAt(code: string, date: string): string {
  return `COALESCE((WITH RECURSIVE m AS (SELECT * FROM unnest($4::varchar[], $5::varchar[], $6::date[]) AS t(d, s, e) WHERE e <= ${date}),
                   chain(c, depth) AS (SELECT ${code}::varchar, 0 UNION ALL SELECT m.s, chain.depth + 1 FROM chain JOIN m ON m.d = chain.c WHERE chain.depth < 50)
                   SELECT c FROM chain ORDER BY depth DESC LIMIT 1), ${code})`;
}

export interface HandoverTotals {
  from: string;
  to: string;
  /** Moves between two municipalities in the period (each is received once and handed over once). */
  moves: number;
  personDays: number;
  moverPersonDays: number;
  /** moverPersonDays / personDays rounded once to 6 decimals; null without person-days. */
  moversShare: string | null;
}

/**
 * National totals of the handovers in [from, to], beside the per-municipality rows: the sums of
 * every municipality's row (unscoped: aggregates without any person or municipality detail, open to
 * every role, decision 1612). The share is rounded once from the summed days.
 */
export async function handoverTotals(ctx: RequestContext, input: { from: string; to: string }): Promise<HandoverTotals> {
  checkRange(input.from, input.to);
  // Read as the system: the sums cover every municipality, whoever asks.
  const rows = await listHandovers({ ...ctx, actor: SYSTEM_ACTOR }, { ...input, municipalityCodes: null });
  const received = rows.reduce((n, r) => n + r.received, 0);
  const personDays = rows.reduce((n, r) => n + r.personDays, 0);
  const moverPersonDays = rows.reduce((n, r) => n + r.moverPersonDays, 0);
  return {
    from: input.from,
    to: input.to,
    moves: received,
    personDays,
    moverPersonDays,
    moversShare: personDays === 0 ? null : new Money(moverPersonDays).div(personDays).toDecimalPlaces(6, Money.ROUND_HALF_UP).toFixed(6),
  };
}

/**
 * People housed per municipality code (as recorded) in [from, to]: APPLIED HOUSED events of
 * obligations of category ASIELSTATUSHOUDER, dated in the period. For the housing task's backlog
 * (decision 1613); not scoped (callers are finance officers).
 */
export async function housedPerMunicipality(ctx: RequestContext, input: { from: string; to: string }): Promise<Map<string, number>> {
  const rows = await ctx.em.query<{ code: string; n: number }[]>(
    `SELECT s.code, count(*)::int AS n
       FROM (${segmentsSql(`person_id IN (SELECT person_id FROM person_events
               WHERE type = 'HOUSED' AND status = 'APPLIED' AND event_date BETWEEN $1::date AND $2::date)`)}) s
      WHERE s.type = 'HOUSED' AND s.start_date BETWEEN $1::date AND $2::date AND s.category = 'ASIELSTATUSHOUDER'
      GROUP BY 1`,
    [input.from, input.to],
  );
  return new Map(rows.map((r) => [r.code, r.n]));
}
