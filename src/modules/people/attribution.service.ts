import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { createSha256, sha256Hex } from '../../common/hashing/canonical';
import { runCommand } from '../../common/db/run-command';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { ATTRIBUTION_RULES, attributionDetailSql, attributionSql, divisorFor, type AttributionRule } from './attribution.sql';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { PERSON_EVENTS_LOCK } from './person-event.service';
import { periodsCurrent } from './person-periods';
import { listMergers } from '../municipalities';

/** Part of the state hash: a changed attribution SQL must not replay runs of the old one. */
// v2: published counts carry their units and divisor (decision 1600), so a batch of v1 content
// must not be replayed under the same key.
export const ATTRIBUTION_ALGORITHM = 'people-attribution-v2';

export interface AttributionRow {
  municipalityCode: string;
  periodType: 'YEAR';
  periodStart: string;
  periodEnd: string;
  category: string;
  route: string | null;
  basis: 'REGISTERED';
  rule: AttributionRule;
  source: 'ATTRIBUTION';
  /** Integer units: days, months or persons. */
  units: string;
  /** The rule's divisor for the year (365/366, 12 or 1). */
  divisor: number;
  /** units / divisor rounded once to 6 decimals, canonical string. */
  value: string;
}

export interface AttributionRunInfo {
  id: string;
  year: number;
  rule: AttributionRule;
  divisor: number;
  eventWatermark: string;
  appliedEventCount: number;
  stateHash: string;
  resultHash: string;
  durationMs: number;
  createdAt: Date;
  /** True when an earlier run on the same event state was returned instead of a new one. */
  replayed: boolean;
}

interface RunRow {
  id: string;
  year: number;
  rule: AttributionRule;
  divisor: number;
  event_watermark: string;
  applied_event_count: number;
  state_hash: string;
  result_hash: string;
  duration_ms: number;
  created_at: Date;
}

const toInfo = (r: RunRow, replayed: boolean): AttributionRunInfo => ({
  id: r.id,
  year: r.year,
  rule: r.rule,
  divisor: r.divisor,
  eventWatermark: String(r.event_watermark),
  appliedEventCount: r.applied_event_count,
  stateHash: r.state_hash.trim(),
  resultHash: r.result_hash.trim(),
  durationMs: r.duration_ms,
  createdAt: r.created_at,
  replayed,
});

function checkInput(input: { year: number; rule: string }): AttributionRule {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
    throw badInput('year', 'a year from 2000 to 2100');
  }
  if (!(ATTRIBUTION_RULES as readonly string[]).includes(input.rule)) {
    throw badInput('rule', `one of ${ATTRIBUTION_RULES.join(', ')}`);
  }
  return input.rule as AttributionRule;
}

/** Canonical result rows, one per line: code|category|route|units|value (docs/people.md). */
export function resultHash(rows: { municipality_code: string; category: string; route: string; units: string; value: string }[]): string {
  const h = createSha256();
  for (const r of rows) {
    h.update(`${r.municipality_code}|${r.category}|${r.route}|${r.units}|${r.value}\n`);
  }
  return h.digest('hex');
}

type MergerInForce = { dissolvedCode: string; successorCode: string; effectiveDate: string };

/** The mergers in force on 1 January of the year (effective on or before it), by dissolved code. */
async function mergersInForce(ctx: RequestContext, jan1: string): Promise<MergerInForce[]> {
  return (await listMergers({ ...ctx, actor: null }))
    .filter((m) => m.effectiveDate <= jan1)
    .sort((a, b) => a.dissolvedCode.localeCompare(b.dissolvedCode));
}

/** The state hash of decision 0303: algorithm, year, rule, watermark, applied count, mergers in force. */
function attributionStateHash(year: number, rule: string, watermark: string, applied: number, mergers: MergerInForce[]): string {
  const mergerText = mergers.map((m) => `${m.dissolvedCode}>${m.successorCode}@${m.effectiveDate}`).join(',');
  return sha256Hex(
    `algorithm=${ATTRIBUTION_ALGORITHM}|year=${year}|rule=${rule}|watermark=${watermark}|applied=${applied}|mergers=${mergerText}`,
  );
}

/**
 * The event state an attribution is keyed to (decision 0303): the highest applied_seq and the
 * number of APPLIED events, read from the row the statement triggers on person_events keep equal to
 * `SELECT max(applied_seq), count(*) … WHERE status = 'APPLIED'` (decision 1750), a few index reads
 * instead of a pass over every event. Call it under the ingestion lock (shared is enough).
 */
async function eventState(tx: RequestContext): Promise<{ watermark: string; applied: number }> {
  const [state] = await tx.em.query<[{ watermark: string; applied: number } | undefined]>(
    `SELECT max_applied_seq::text AS watermark, applied_count::int AS applied FROM person_event_state WHERE id = 1`,
  );
  if (state === undefined) {
    throw new Error('person_event_state has no row: the migration that creates it keeps one');
  }
  return state;
}

/**
 * Attributes year `year` under `rule` and stores the run with the event state it came from. The
 * state is "every APPLIED event with applied_seq <= watermark" plus the mergers in force; the same
 * state attributed again returns the stored run (replayed). Readers hold the ingestion lock in
 * shared mode, so no batch can commit between reading the watermark and computing the result.
 */
export async function runAttribution(ctx: RequestContext, input: { year: number; rule: string }): Promise<AttributionRunInfo> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const rule = checkInput(input);
  const actor = requireActor(ctx);
  const jan1 = `${input.year}-01-01`;
  const dec31 = `${input.year}-12-31`;
  const divisor = divisorFor(rule, input.year);
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock_shared($1)', [PERSON_EVENTS_LOCK]);
    const state = await eventState(tx);
    const mergers = await mergersInForce(tx, jan1);
    const stateHash = attributionStateHash(input.year, rule, state.watermark, state.applied, mergers);
    const existing = await tx.em.query<RunRow[]>(
      'SELECT * FROM attribution_runs WHERE year = $1 AND rule = $2 AND state_hash = $3 ORDER BY created_at LIMIT 1',
      [input.year, rule, stateHash],
    );
    if (existing[0]) {
      return toInfo(existing[0], true);
    }
    // Stored periods when they are current for exactly this event state (decision 1740), else
    // the same attribution from the events themselves: the result is the same either way.
    const source = (await periodsCurrent(tx, state.watermark, state.applied)) ? 'stored' : 'events';
    if (source === 'events') {
      ctx.log.warn({ watermark: state.watermark }, 'stored person periods are not current; attributing from the events');
    }
    const started = Date.now();
    const rows = await tx.em.query<
      {
        municipality_code: string;
        category: string;
        route: string;
        units: string;
        value: string;
      }[]
    >(attributionSql(rule, source), [
      jan1,
      dec31,
      divisor,
      mergers.map((m) => m.dissolvedCode),
      mergers.map((m) => m.successorCode),
      mergers.map((m) => m.effectiveDate),
    ]);
    const durationMs = Date.now() - started;
    const [run] = await tx.em.query<[RunRow]>(
      `INSERT INTO attribution_runs (year, rule, event_watermark, applied_event_count, state_hash, result_hash, divisor, duration_ms, run_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [input.year, rule, state.watermark, state.applied, stateHash, resultHash(rows), divisor, durationMs, actor.subject],
    );
    await tx.em.query(
      `INSERT INTO attribution_results (run_id, municipality_code, category, route, units, value)
       SELECT $1, * FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::bigint[], $6::numeric[])`,
      [
        run.id,
        rows.map((r) => r.municipality_code),
        rows.map((r) => r.category),
        rows.map((r) => r.route),
        rows.map((r) => r.units),
        rows.map((r) => r.value),
      ],
    );
    ctx.log.info({ runId: run.id, year: input.year, rule, rows: rows.length, durationMs, periods: source }, 'attribution run stored');
    return toInfo(run, false);
  });
}

export async function getAttributionRun(ctx: RequestContext, id: string): Promise<AttributionRunInfo> {
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw badInput('id', 'not a run id');
  }
  const rows = await ctx.em.query<RunRow[]>('SELECT * FROM attribution_runs WHERE id = $1', [id]);
  if (!rows[0]) {
    throw notFound('attribution run', id);
  }
  return toInfo(rows[0], false);
}

export async function listAttributionRuns(
  ctx: RequestContext,
  input: { year: number; rule?: string | null },
): Promise<AttributionRunInfo[]> {
  const rows = await ctx.em.query<RunRow[]>(
    'SELECT * FROM attribution_runs WHERE year = $1 AND ($2::varchar IS NULL OR rule = $2) ORDER BY created_at DESC, id LIMIT 200',
    [input.year, input.rule ?? null],
  );
  return rows.map((r) => toInfo(r, false));
}

/** Result rows of a run; a controller gets only its own municipality (asking for another is FORBIDDEN). */
export async function attributionResults(
  ctx: RequestContext,
  input: { runId: string; municipalityCodes?: string[] | null },
): Promise<AttributionRow[]> {
  const scope = municipalityScope(ctx, input.municipalityCodes);
  const run = await getAttributionRun(ctx, input.runId);
  const rows = await ctx.em.query<{ municipality_code: string; category: string; route: string; units: string; value: string }[]>(
    `SELECT municipality_code, category, route, units::text AS units, value::text AS value FROM attribution_results
      WHERE run_id = $1 AND ($2::varchar[] IS NULL OR municipality_code = ANY($2::varchar[]))
      ORDER BY municipality_code, category, route`,
    [run.id, scope],
  );
  return rows.map((r) => ({
    municipalityCode: r.municipality_code,
    periodType: 'YEAR',
    periodStart: `${run.year}-01-01`,
    periodEnd: `${run.year}-12-31`,
    category: r.category,
    route: r.route === '' ? null : r.route,
    basis: 'REGISTERED',
    rule: run.rule,
    source: 'ATTRIBUTION',
    units: r.units,
    divisor: run.divisor,
    value: r.value,
  }));
}

/**
 * For the lead / counts module: runs (or replays) the attribution and returns its rows in the
 * shape of `recordCounts` rows (plus `units`), with the run they came from.
 */
export async function attributeYear(
  ctx: RequestContext,
  input: { year: number; rule: string },
): Promise<{ run: AttributionRunInfo; batchKey: string; rows: AttributionRow[] }> {
  const run = await runAttribution(ctx, input);
  const rows = await attributionResults(ctx, { runId: run.id });
  return { run, batchKey: attributionBatchKey(run), rows };
}

/** The count batch publishing a run records: one key per year, rule and event state. */
function attributionBatchKey(run: AttributionRunInfo): string {
  return `attribution:${run.year}:${run.rule}:${run.stateHash.slice(0, 16)}`;
}

/**
 * The stored attribution runs of the current event state, per rule of `rules` (decision 1750), in
 * the shape `attributeYear` returns; a rule without a run for this state is absent (attribute it
 * with `attributeYear`). The state is read from person_event_state, which the triggers on
 * person_events keep equal to the watermark and applied count `runAttribution` counts, so the state
 * hash is the same and the check costs a few index reads instead of a pass over the events. A
 * stored run of that state hash holds exactly what attributing now would compute (that is what
 * `runAttribution` replays). All rules are read in one transaction under the ingestion lock in
 * shared mode: one event state for every rule returned.
 */
export async function storedAttributions(
  ctx: RequestContext,
  input: { year: number; rules: readonly string[] },
): Promise<Map<string, { run: AttributionRunInfo; batchKey: string; rows: AttributionRow[] }>> {
  // Every municipality's rows, as runAttribution's own caller gets them.
  assertRole(ctx, Role.FINANCE_OFFICER);
  const rules = input.rules.map((rule) => checkInput({ year: input.year, rule }));
  const jan1 = `${input.year}-01-01`;
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock_shared($1)', [PERSON_EVENTS_LOCK]);
    const state = await eventState(tx);
    const found = new Map<string, { run: AttributionRunInfo; batchKey: string; rows: AttributionRow[] }>();
    const mergers = await mergersInForce(tx, jan1);
    const hashes = rules.map((rule) => attributionStateHash(input.year, rule, state.watermark, state.applied, mergers));
    const runs = await tx.em.query<RunRow[]>(
      'SELECT * FROM attribution_runs WHERE year = $1 AND state_hash = ANY($2::char(64)[]) ORDER BY created_at',
      [input.year, hashes],
    );
    for (const [i, rule] of rules.entries()) {
      const stored = runs.find((r) => r.rule === rule && r.state_hash.trim() === hashes[i]);
      if (stored !== undefined && !found.has(rule)) {
        const run = toInfo(stored, true);
        found.set(rule, { run, batchKey: attributionBatchKey(run), rows: await attributionResults(tx, { runId: run.id }) });
      }
    }
    return found;
  });
}

export interface AttributionDetailRow {
  personId: string;
  municipalityCode: string;
  category: string;
  route: string | null;
  /** Integer units: days (PRO_RATA_DAYS, FIRST_MUNICIPALITY), months (FIRST_OF_MONTH) or 1 (PEILDATUM, EDUCATION_ROUTE). */
  units: string;
}

/**
 * The auditor's trace of a stored run (issue 16 item 5): which pseudonymised person counted for
 * which municipality, in which category and route, with how many units. Recomputed from the run's
 * own event state (events with applied_seq up to its watermark, the mergers in force on 1 January),
 * with the same SQL units as the run, so per key the units sum exactly to the stored result; the
 * state is checked against the run's state hash first (a merger registered since with an earlier
 * date would change it: CONFLICT). Paged by a keyset on (municipality, category, route, person);
 * a controller sees only its own municipality (another is FORBIDDEN).
 */
export async function attributionDetail(
  ctx: RequestContext,
  input: { runId: string; municipalityCodes?: string[] | null; first: number; after?: string | null },
): Promise<Page<AttributionDetailRow> & { runId: string; rule: AttributionRule; divisor: number }> {
  const scope = municipalityScope(ctx, input.municipalityCodes);
  const key = decodeCursor(input.after);
  let after: string[] | null = null;
  if (key !== null) {
    try {
      after = JSON.parse(key) as string[];
    } catch {
      after = null;
    }
    if (!Array.isArray(after) || after.length !== 4 || !after.every((x) => typeof x === 'string')) {
      throw badInput('after', 'not a cursor returned by this API');
    }
  }
  const run = await getAttributionRun(ctx, input.runId);
  const jan1 = `${run.year}-01-01`;
  return runCommand(ctx, async (tx) => {
    // The same shared lock as the run: no batch commits while the state is checked and read.
    await tx.em.query('SELECT pg_advisory_xact_lock_shared($1)', [PERSON_EVENTS_LOCK]);
    const [state] = await tx.em.query<[{ applied: number }]>(
      `SELECT count(*)::int AS applied FROM person_events WHERE status = 'APPLIED' AND applied_seq <= $1::bigint`,
      [run.eventWatermark],
    );
    const mergers = await mergersInForce(tx, jan1);
    if (attributionStateHash(run.year, run.rule, run.eventWatermark, state.applied, mergers) !== run.stateHash) {
      throw conflict(
        `the event state of attribution run ${run.id} can no longer be reproduced (mergers in force on ${jan1} changed); run the attribution again`,
        {
          field: 'runId',
        },
      );
    }
    const rows = await tx.em.query<
      { person_id: string | null; municipality_code: string; category: string; route: string; units: string; total: number }[]
    >(attributionDetailSql(run.rule), [
      jan1,
      `${run.year}-12-31`,
      run.divisor,
      mergers.map((m) => m.dissolvedCode),
      mergers.map((m) => m.successorCode),
      mergers.map((m) => m.effectiveDate),
      run.eventWatermark,
      scope,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      after?.[3] ?? null,
      input.first + 1,
    ]);
    const total = rows[0]?.total ?? 0;
    const page = rows
      .filter((r) => r.person_id !== null)
      .map((r) => ({
        personId: r.person_id!,
        municipalityCode: r.municipality_code,
        category: r.category,
        route: r.route === '' ? null : r.route,
        routeKey: r.route,
        units: r.units,
      }));
    const built = toPage(page, input.first, (r) => JSON.stringify([r.municipalityCode, r.category, r.routeKey, r.personId]), total);
    return { ...built, runId: run.id, rule: run.rule, divisor: run.divisor };
  });
}
