import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { DomainError, badInput } from '../../common/errors/domain-error';
import { municipalityScope } from '../../common/auth/scope';
import { money } from '../../common/money/money';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { knownMunicipalityCodes } from '../schemes';
import {
  aggregateYearly,
  countBatchHash,
  validateCountBatch,
  type CountRowData,
  type PeriodType,
  type RawCountRow,
  type RowProblem,
  type StoredCount,
  type YearlyCount,
} from './count.calculator';
import type { Count, CountBatch } from './count.type';

export interface RecordCountsInput {
  batchKey: string;
  rows: readonly (Omit<RawCountRow, 'value'> & { value?: string | Decimal | null })[];
}

const MAX_ROWS = 50000;

/** Refusal of a batch: every problem with its 1-based line, field and reason; the first on top. */
export function batchRefused(problems: RowProblem[], fieldPrefix = 'rows'): DomainError {
  const first = problems[0];
  const shown = problems.slice(0, 1000);
  return new DomainError(
    'BAD_USER_INPUT',
    `${problems.length} problem(s) in the batch; nothing was written. First: line ${first?.line ?? '?'} ${first?.field ?? ''}: ${first?.reason ?? ''}`,
    {
      field: first ? `${fieldPrefix}[${first.line - 1}].${first.field}` : fieldPrefix,
      line: first?.line,
      problems: shown,
      problemCount: problems.length,
    },
  );
}

/**
 * Validates and records a batch of counts, all or nothing, idempotent by batch key: the same key
 * with the same content returns the original batch (replayed); with other content it is
 * CONFLICT (IDEMPOTENCY_KEY_REUSED). Any bad row refuses the whole batch with every problem listed.
 */
export async function recordCounts(ctx: RequestContext, input: RecordCountsInput, lineOf?: (index: number) => number): Promise<CountBatch> {
  requireActor(ctx);
  assertIdempotencyKey(input.batchKey, 'input.batchKey');
  if (input.rows.length === 0) {
    throw badInput('input.rows', 'a batch needs at least one row');
  }
  if (input.rows.length > MAX_ROWS) {
    throw badInput('input.rows', `at most ${MAX_ROWS} rows per batch`);
  }
  const raw: RawCountRow[] = input.rows.map((r) => ({ ...r, value: r.value instanceof Decimal ? r.value.toFixed() : r.value }));
  const known = await knownMunicipalityCodes(ctx);
  const { rows, problems } = validateCountBatch(raw, known, lineOf);
  if (problems.length > 0) {
    throw batchRefused(problems, 'input.rows');
  }
  const hash = countBatchHash(rows);
  return runCommand(ctx, async (tx) => {
    // Serialises two imports of the same key: the second sees the first's batch.
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5))`, [`count-batch:${input.batchKey}`]);
    const { result } = await idempotent(tx, {
      key: input.batchKey,
      field: 'input.batchKey',
      what: 'count batch',
      // A batch's request is its content: the sorted rows (the content hash stored with the batch).
      requestHash: hash,
      find: async () => {
        const existing: { id: string; content_hash: string; row_count: number; recorded_at: Date }[] = await tx.em.query(
          `SELECT id, content_hash, row_count, recorded_at FROM count_batches WHERE batch_key = $1`,
          [input.batchKey],
        );
        const found = existing[0];
        return (
          found && {
            requestHash: found.content_hash,
            replay: async (): Promise<CountBatch> => ({
              id: found.id,
              batchKey: input.batchKey,
              rowCount: found.row_count,
              recordedAt: found.recorded_at,
              replayed: true,
            }),
          }
        );
      },
      perform: () => storeBatch(tx, input.batchKey, rows, hash),
    });
    return result;
  });
}

/** Stores a batch whose key is new (inside recordCounts' command). */
async function storeBatch(tx: RequestContext, batchKey: string, rows: CountRowData[], hash: string): Promise<CountBatch> {
  const actor = requireActor(tx);
  const id = crypto.randomUUID();
  const inserted: { recorded_at: Date }[] = await tx.em.query(
    `INSERT INTO count_batches (id, batch_key, content_hash, row_count, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, clock_timestamp()) RETURNING recorded_at`,
    [id, batchKey, hash, rows.length, actor.subject],
  );
  const recordedAt = inserted[0]!.recorded_at;
  await tx.em.query(
    `INSERT INTO counts (batch_id, municipality_code, period_type, period_start, period_end, category, route, basis, rule, source, value, recorded_at, units, divisor)
       SELECT $1, m, pt, ps, pe, c, r, b, ru, s, v, $12, u, d
         FROM unnest($2::varchar[], $3::varchar[], $4::date[], $5::date[], $6::varchar[], $7::varchar[], $8::varchar[],
                     $9::varchar[], $10::varchar[], $11::numeric[], $13::bigint[], $14::int[]) AS t(m, pt, ps, pe, c, r, b, ru, s, v, u, d)`,
    [
      id,
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.periodType),
      rows.map((r) => r.periodStart),
      rows.map((r) => r.periodEnd),
      rows.map((r) => r.category),
      rows.map((r) => r.route),
      rows.map((r) => r.basis),
      rows.map((r) => r.rule),
      rows.map((r) => r.source),
      rows.map((r) => r.value),
      recordedAt,
      rows.map((r) => r.units),
      rows.map((r) => r.divisor),
    ],
  );
  return { id, batchKey: batchKey, rowCount: rows.length, recordedAt, replayed: false };
}

/** Whether a batch with this key has been recorded (committed, or earlier in `ctx`'s transaction). */
export async function countBatchRecorded(ctx: RequestContext, batchKey: string): Promise<boolean> {
  const rows: unknown[] = await ctx.em.query(`SELECT 1 FROM count_batches WHERE batch_key = $1`, [batchKey]);
  return rows.length > 0;
}

interface CountSqlRow {
  id: string;
  batch_id: string;
  municipality_code: string;
  period_type: string;
  period_start: string;
  period_end: string;
  category: string;
  route: string | null;
  basis: string;
  rule: string | null;
  source: string;
  value: string;
  recorded_at: Date;
  units?: string | null;
  divisor?: number | null;
}

const CURRENT_SQL = `SELECT DISTINCT ON (municipality_code, period_type, period_start, period_end, category, route, basis, rule)
         id::text AS id, batch_id, municipality_code, period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start,
         to_char(period_end, 'YYYY-MM-DD') AS period_end, category, route, basis, rule, source, value::text AS value, recorded_at,
         units::text AS units, divisor
    FROM counts`;
const CURRENT_ORDER = `ORDER BY municipality_code, period_type, period_start, period_end, category, route, basis, rule, recorded_at DESC, id DESC`;

/**
 * The current count rows (latest recorded per key, as recorded at `asRecordedAt` when given) of
 * one basis whose period lies in `year`. `rule` matches exactly: undefined/null = unlabelled rows.
 * `municipalityCodes` narrows to those municipalities (the key includes the code, so the rows
 * returned are exactly the ones the unfiltered call returns for them).
 */
export async function currentCountRows(
  ctx: RequestContext,
  input: { year: number; basis: string; rule?: string | null; asRecordedAt?: Date | null; municipalityCodes?: string[] | null },
): Promise<(StoredCount & { source: string; recordedAt: Date })[]> {
  const rows: CountSqlRow[] = await ctx.em.query(
    `${CURRENT_SQL}
      WHERE basis = $1 AND rule IS NOT DISTINCT FROM $2 AND period_start >= $3::date AND period_end <= $4::date
        AND ($5::timestamptz IS NULL OR recorded_at <= $5::timestamptz)
        AND ($6::text[] IS NULL OR municipality_code = ANY($6::text[]))
     ${CURRENT_ORDER}`,
    [
      input.basis,
      input.rule ?? null,
      `${input.year}-01-01`,
      `${input.year}-12-31`,
      input.asRecordedAt ?? null,
      input.municipalityCodes ?? null,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    municipalityCode: r.municipality_code,
    periodType: r.period_type as PeriodType,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    category: r.category,
    route: r.route,
    value: money(r.value),
    units: r.units ?? null,
    divisor: r.divisor ?? null,
    source: r.source,
    recordedAt: r.recorded_at,
  }));
}

/**
 * Yearly count per municipality (as recorded), category and route on one basis: the sum of the
 * current rows of the periods inside the year (decision 0203). Not scoped: callers scope results.
 */
export async function yearlyCounts(
  ctx: RequestContext,
  input: { year: number; basis: string; rule?: string | null; asRecordedAt?: Date | null; municipalityCodes?: string[] | null },
): Promise<YearlyCount[]> {
  return aggregateYearly(await currentCountRows(ctx, input));
}

/**
 * The highest count id: counts are append-only with a growing id, so this changes with every count
 * recorded (what a result computed from counts is kept against, decision 1960).
 */
export async function latestCountId(ctx: RequestContext): Promise<string> {
  const [row] = await ctx.em.query<[{ id: string }]>('SELECT COALESCE(max(id), 0)::text AS id FROM counts');
  return row.id;
}

export interface CountFilter {
  municipalityCodes?: string[] | null;
  basis?: string | null;
  rule?: string | null;
  category?: string | null;
  year?: number | null;
  batchKey?: string | null;
  /** Default true: only the row in force per key. */
  currentOnly?: boolean | null;
  asRecordedAt?: Date | null;
}

function toCount(r: CountSqlRow): Count {
  return {
    id: r.id,
    batchId: r.batch_id,
    municipalityCode: r.municipality_code,
    periodType: r.period_type,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    category: r.category,
    route: r.route,
    basis: r.basis,
    rule: r.rule,
    source: r.source,
    value: money(r.value).toFixed(6),
    recordedAt: r.recorded_at,
  };
}

/** Counts ordered by id; a controller sees only its own municipality. */
export async function listCounts(
  ctx: RequestContext,
  filter: CountFilter | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<Count>> {
  const scope = municipalityScope(ctx, filter?.municipalityCodes);
  const afterKey = decodeCursor(after);
  const asOf = filter?.asRecordedAt ?? null;
  const source =
    filter?.currentOnly === false
      ? `SELECT id::text AS id, batch_id, municipality_code, period_type, to_char(period_start, 'YYYY-MM-DD') AS period_start,
                to_char(period_end, 'YYYY-MM-DD') AS period_end, category, route, basis, rule, source, value::text AS value, recorded_at
           FROM counts WHERE ($1::timestamptz IS NULL OR recorded_at <= $1::timestamptz)`
      : `${CURRENT_SQL} WHERE ($1::timestamptz IS NULL OR recorded_at <= $1::timestamptz) ${CURRENT_ORDER}`;
  const where: string[] = [];
  const params: unknown[] = [asOf];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (scope !== null) {
    add('c.municipality_code = ANY(?::varchar[])', scope);
  }
  if (filter?.basis) {
    add('c.basis = ?', filter.basis);
  }
  if (filter?.rule) {
    add('c.rule = ?', filter.rule);
  }
  if (filter?.category) {
    add('c.category = ?', filter.category);
  }
  if (filter?.year !== undefined && filter?.year !== null) {
    add(`c.period_start::date >= make_date(?::int, 1, 1)`, filter.year);
    add(`c.period_end::date <= make_date(?::int, 12, 31)`, filter.year);
  }
  if (filter?.batchKey) {
    add('c.batch_id = (SELECT id FROM count_batches WHERE batch_key = ?)', filter.batchKey);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total: { n: number }[] = await ctx.em.query(`SELECT count(*)::int AS n FROM (${source}) c ${whereSql}`, params);
  const pageParams = [...params, afterKey === null ? null : afterKey, first + 1];
  const pageWhere = `${whereSql ? `${whereSql} AND` : 'WHERE'} ($${params.length + 1}::bigint IS NULL OR c.id::bigint > $${params.length + 1}::bigint)`;
  const rows: CountSqlRow[] = await ctx.em.query(
    `SELECT * FROM (${source}) c ${pageWhere} ORDER BY c.id::bigint LIMIT $${params.length + 2}`,
    pageParams,
  );
  return toPage(rows.map(toCount), first, (c) => c.id, total[0]?.n ?? 0);
}

export function parseRecordedAt(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) {
    return null;
  }
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime())) {
    throw badInput(field, `"${value}" is not an ISO timestamp`);
  }
  return d;
}

/** GraphQL entry: parses the filter's timestamp, then lists. */
export async function listCountsFiltered(
  ctx: RequestContext,
  filter: (Omit<CountFilter, 'asRecordedAt'> & { asRecordedAt?: string | null }) | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<Count>> {
  return listCounts(
    ctx,
    filter ? { ...filter, asRecordedAt: parseRecordedAt(filter.asRecordedAt, 'filter.asRecordedAt') } : undefined,
    first,
    after,
  );
}
