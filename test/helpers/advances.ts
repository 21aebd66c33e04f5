import { money } from '../../src/common/money/money';
import type { RequestContext } from '../../src/context';
import {
  addRate,
  createScheme,
  BudgetMode,
  Category,
  CountBasis,
  FundingStream,
  SchemeStatus,
  AttributionRule,
} from '../../src/modules/schemes';
import { recordCounts } from '../../src/modules/counts';
import { createAllocationRule, runAllocation, RunStage } from '../../src/modules/allocations';

/** An open-ended test scheme-year with one category (ASIELSTATUSHOUDER) at `rate` per person. */
export async function createTestScheme(
  ctx: RequestContext,
  code: string,
  year: number,
  rate: string,
  options: { settlesOnSpending?: boolean; budget?: string; deadline?: string } = {},
): Promise<void> {
  await createScheme(ctx, {
    code,
    name: `${code} ${year}`,
    stream: FundingStream.INTEGRATION_PROVISIONS,
    year,
    budgetMode: BudgetMode.OPEN_ENDED,
    budget: money(options.budget ?? '1000000.00'),
    unitScale: 2,
    settlesOnSpending: options.settlesOnSpending ?? false,
    usesRoutes: false,
    status: SchemeStatus.OPEN,
    accountabilityDeadline: options.deadline,
  });
  await addRate(ctx, {
    schemeCode: code,
    category: Category.ASIELSTATUSHOUDER,
    route: null,
    validFrom: `${year}-01-01`,
    amount: money(rate),
  });
}

/** Rules of a scheme code: one on FORECAST counts, one on REGISTERED (PEILDATUM) counts. */
export async function createTestRules(ctx: RequestContext, code: string): Promise<{ forecast: string; registered: string }> {
  const common = {
    schemeCode: code,
    referenceDate: null,
    categories: [{ category: Category.ASIELSTATUSHOUDER, route: null }],
    useBaseAmounts: false,
    description: '',
  };
  const forecast = await createAllocationRule(ctx, {
    ...common,
    ruleKey: `${code}-FORECAST`,
    basis: CountBasis.FORECAST,
    attributionRule: null,
  });
  const registered = await createAllocationRule(ctx, {
    ...common,
    ruleKey: `${code}-REGISTERED`,
    basis: CountBasis.REGISTERED,
    attributionRule: AttributionRule.PEILDATUM,
  });
  return { forecast: forecast.id, registered: registered.id };
}

/** Records yearly counts on a basis and runs an allocation on them; returns the run id. */
export async function countsAndRun(
  ctx: RequestContext,
  args: {
    code: string;
    year: number;
    ruleId: string;
    basis: 'FORECAST' | 'REGISTERED';
    stage: RunStage;
    counts: Record<string, string>;
    key: string;
  },
): Promise<string> {
  await recordCounts(ctx, {
    batchKey: `counts:${args.key}`,
    rows: Object.entries(args.counts).map(([municipalityCode, value]) => ({
      municipalityCode,
      periodType: 'YEAR',
      periodStart: `${args.year}-01-01`,
      periodEnd: `${args.year}-12-31`,
      category: 'ASIELSTATUSHOUDER',
      route: null,
      basis: args.basis,
      rule: args.basis === 'REGISTERED' ? 'PEILDATUM' : null,
      source: args.basis === 'REGISTERED' ? 'DUO' : 'MINISTRY',
      value,
    })),
  });
  const outcome = await runAllocation(ctx, {
    schemeCode: args.code,
    year: args.year,
    ruleVersionId: args.ruleId,
    stage: args.stage,
    idempotencyKey: `run:${args.key}`,
    dryRun: false,
  });
  return outcome.run.id;
}
