import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { InFlight } from '../../common/in-flight';
import { notFound } from '../../common/errors/domain-error';
import { money } from '../../common/money/money';
import type { KeyComparisonEntity } from './interim.entity';
import { runKeyComparison, UUID, type RunKeyComparisonInput } from './key-comparison.service';
import type { KeyComparisonOutcome, KeyComparisonType } from './key-comparison.type';
import type { keyComparisonOutput } from './key-comparison.calculator';

type Output = ReturnType<typeof keyComparisonOutput>;

export interface LinePage {
  key?: string | null;
  municipalityCodes?: string[] | null;
  offset?: number | null;
  limit?: number | null;
}

/**
 * What a read of a stored comparison shows: its header, the national summary, how many lines
 * match the filter and one page of them. Never the frozen inputs (decision 1880).
 */
export interface ComparisonShown {
  id: string;
  schemeCode: string;
  year: number;
  params: Record<string, unknown>;
  methodVersion: string;
  inputHash: string;
  outputHash: string;
  unitScale: number;
  createdBy: string;
  createdAt: Date;
  summary: Output['summary'];
  lineCount: number;
  lines: Output['lines'];
}

/** The filter and page of a read: the caller's scope (a controller: its own municipality), the key, offset and limit (1–500). */
function pageOf(ctx: RequestContext, page: LinePage): { scope: string[] | null; key: string | null; offset: number; limit: number } {
  return {
    scope: municipalityScope(ctx, page.municipalityCodes ?? null),
    key: page.key ?? null,
    offset: Math.max(0, page.offset ?? 0),
    limit: Math.min(Math.max(1, page.limit ?? 50), 500),
  };
}

function toType(c: ComparisonShown): KeyComparisonType {
  const params = c.params as { ruleVersionId: string; fromYear: number; toYear: number; finalRule: string };
  return {
    id: c.id,
    schemeCode: c.schemeCode,
    year: c.year,
    fromYear: params.fromYear,
    toYear: params.toYear,
    finalRule: params.finalRule,
    ruleVersionId: params.ruleVersionId,
    methodVersion: c.methodVersion,
    inputHash: c.inputHash,
    outputHash: c.outputHash,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    summary: c.summary,
    lineCount: c.lineCount,
    lines: c.lines.map((l) => ({
      ...l,
      years: l.years.map((y) => ({ ...y, settlement: money(y.final).minus(money(y.advance)).toFixed(c.unitScale) })),
    })),
  };
}

/** A comparison as GraphQL shows it, from the whole entity (a run's outcome): the national summary to every role, lines filtered and paged here. */
export function comparisonToType(ctx: RequestContext, c: KeyComparisonEntity, page: LinePage = {}): KeyComparisonType {
  const { scope, key, offset, limit } = pageOf(ctx, page);
  const output = c.output as unknown as Output;
  const matching = output.lines.filter((l) => (scope === null || scope.includes(l.municipalityCode)) && (key === null || l.key === key));
  return toType({
    ...c,
    params: c.params,
    summary: output.summary,
    lineCount: matching.length,
    lines: matching.slice(offset, offset + limit),
  });
}

/**
 * Stored comparisons read for the console (decision 1880): the header and `output -> 'summary'`,
 * the matching lines counted and one page of them cut out of `output -> 'lines'` in SQL, in their
 * stored order. The frozen inputs (1.9 MB of JSON for three years at national scale) and the
 * other lines are not read. Same filter and page as `comparisonToType` ($2 key, $3 codes: null =
 * any; $4 offset, $5 limit).
 */
const READ_SQL = (where: string) => `
  SELECT c.id, c.scheme_code AS "schemeCode", c.year, c.params, c.method_version AS "methodVersion",
         c.input_hash AS "inputHash", c.output_hash AS "outputHash", c.unit_scale AS "unitScale",
         c.created_by AS "createdBy", c.created_at AS "createdAt", c.output -> 'summary' AS summary, m."lineCount", m.lines
    FROM key_comparisons c
   CROSS JOIN LATERAL (
         -- One pass over the lines: those matching, numbered in their stored order, counted, and the page kept.
         SELECT count(*)::int AS "lineCount",
                COALESCE(jsonb_agg(x.l ORDER BY x.n) FILTER (WHERE x.rn > $4 AND x.rn <= $4 + $5), '[]'::jsonb) AS lines
           FROM (SELECT e.l, e.n, row_number() OVER (ORDER BY e.n) AS rn
                   FROM jsonb_array_elements(c.output -> 'lines') WITH ORDINALITY AS e(l, n)
                  WHERE ($2::text IS NULL OR e.l ->> 'key' = $2::text)
                    AND ($3::text[] IS NULL OR e.l ->> 'municipalityCode' = ANY($3::text[]))) AS x) AS m
   WHERE ${where}`;

/**
 * Reads of one page of one comparison, shared by the requests that arrive while it is read (as
 * 1811, 1830): the key holds the id, the filter (the caller's scope included) and the page; the
 * caller's scope is checked before it joins; nothing is kept (decision 1880).
 */
const pagesInFlight = new InFlight<KeyComparisonType>();

/** Read by tests: how many comparison pages were read rather than shared. */
export const keyComparisonReads = (): number => pagesInFlight.computed;

export async function keyComparison(ctx: RequestContext, id: string, page: LinePage): Promise<KeyComparisonType> {
  const { scope, key, offset, limit } = pageOf(ctx, page);
  return pagesInFlight.share(JSON.stringify([id, key, scope, offset, limit]), async () => {
    const [row] = UUID.test(id) ? await ctx.em.query<ComparisonShown[]>(READ_SQL('c.id = $1::uuid'), [id, key, scope, offset, limit]) : [];
    if (row === undefined) {
      throw notFound('key comparison', id);
    }
    return toType(row);
  });
}

/** The comparisons of a scheme-year, newest first (at most 50), with their summaries; no lines (as before: the key '' matches none). */
export async function keyComparisons(ctx: RequestContext, schemeCode: string, year: number): Promise<KeyComparisonType[]> {
  const { scope } = pageOf(ctx, {});
  const rows = await ctx.em.query<ComparisonShown[]>(
    `${READ_SQL('c.scheme_code = $1 AND c.year = $6')} ORDER BY c.created_at DESC LIMIT 50`,
    [schemeCode, '', scope, 0, 1, year],
  );
  return rows.map(toType);
}

export async function runKeyComparisonOutcome(ctx: RequestContext, input: RunKeyComparisonInput): Promise<KeyComparisonOutcome> {
  const { comparison, replayed } = await runKeyComparison(ctx, input);
  return { comparison: comparisonToType(ctx, comparison, { limit: 50 }), replayed };
}
