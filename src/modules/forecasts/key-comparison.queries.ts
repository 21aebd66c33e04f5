import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { money } from '../../common/money/money';
import type { KeyComparisonEntity } from './interim.entity';
import { getKeyComparisonEntity, listKeyComparisons, runKeyComparison, type RunKeyComparisonInput } from './key-comparison.service';
import type { KeyComparisonOutcome, KeyComparisonType } from './key-comparison.type';
import type { keyComparisonOutput } from './key-comparison.calculator';

type Output = ReturnType<typeof keyComparisonOutput>;

export interface LinePage {
  key?: string | null;
  municipalityCodes?: string[] | null;
  offset?: number | null;
  limit?: number | null;
}

/** A comparison as GraphQL shows it: the national summary to every role, lines paged and scoped to a controller's municipality. */
export function comparisonToType(ctx: RequestContext, c: KeyComparisonEntity, page: LinePage = {}): KeyComparisonType {
  const scope = municipalityScope(ctx, page.municipalityCodes ?? null);
  const output = c.output as unknown as Output;
  const params = c.params as { ruleVersionId: string; fromYear: number; toYear: number; finalRule: string };
  const matching = output.lines.filter(
    (l) => (scope === null || scope.includes(l.municipalityCode)) && (page.key === null || page.key === undefined || l.key === page.key),
  );
  const offset = Math.max(0, page.offset ?? 0);
  const limit = Math.min(Math.max(1, page.limit ?? 50), 500);
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
    summary: output.summary,
    lineCount: matching.length,
    lines: matching.slice(offset, offset + limit).map((l) => ({
      ...l,
      years: l.years.map((y) => ({ ...y, settlement: money(y.final).minus(money(y.advance)).toFixed(c.unitScale) })),
    })),
  };
}

export async function keyComparison(ctx: RequestContext, id: string, page: LinePage): Promise<KeyComparisonType> {
  return comparisonToType(ctx, await getKeyComparisonEntity(ctx, id), page);
}

export async function keyComparisons(ctx: RequestContext, schemeCode: string, year: number): Promise<KeyComparisonType[]> {
  return (await listKeyComparisons(ctx, schemeCode, year)).map((c) => comparisonToType(ctx, c, { limit: 1, key: '' }));
}

export async function runKeyComparisonOutcome(ctx: RequestContext, input: RunKeyComparisonInput): Promise<KeyComparisonOutcome> {
  const { comparison, replayed } = await runKeyComparison(ctx, input);
  return { comparison: comparisonToType(ctx, comparison, { limit: 50 }), replayed };
}
