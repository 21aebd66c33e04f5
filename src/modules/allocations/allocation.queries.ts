import type { RequestContext } from '../../context';
import { assertMunicipalityAccess, assertRole, municipalityScope } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { canonicalJson } from '../../common/hashing/canonical';
import { notFound } from '../../common/errors/domain-error';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { money, toFixedScale, ZERO } from '../../common/money/money';
import type { Category, RouteCode } from '../schemes';
import { percentChange } from './allocation.calculator';
import { AllocationLineEntity, AllocationRunEntity } from './allocation.entity';
import type { AllocationComparison, AllocationExplanation, AllocationLine, AllocationRun } from './allocation.type';
import { lineRowToType, runToType, type LineRow } from './allocation.mappers';
import type { RunInputs } from './allocation.run.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getRunEntity(ctx: RequestContext, id: string): Promise<AllocationRunEntity> {
  const run = UUID.test(id) ? await ctx.em.getRepository(AllocationRunEntity).findOneBy({ id }) : null;
  if (!run) {
    throw notFound('allocation run', id);
  }
  return run;
}

/**
 * Every column but `inputs`: a run's inputs hold every count row of every municipality (hundreds of
 * kilobytes of JSON for 342 municipalities), and only the explanation and the inputs field read them.
 * Loading them on every read made the lines query parse them twice per request.
 */
const RUN_HEADER = {
  id: true,
  schemeId: true,
  schemeCode: true,
  year: true,
  seq: true,
  stage: true,
  ruleVersionId: true,
  idempotencyKey: true,
  requestHash: true,
  budgetMode: true,
  budget: true,
  unitScale: true,
  referenceDate: true,
  totalWeight: true,
  totalAmount: true,
  inputHash: true,
  outputHash: true,
  replacesRunId: true,
  bookingTransactionId: true,
  reversalTransactionId: true,
  createdBy: true,
  createdAt: true,
} as const;

async function getRunHeader(ctx: RequestContext, id: string): Promise<AllocationRunEntity> {
  const run = UUID.test(id) ? await ctx.em.getRepository(AllocationRunEntity).findOne({ where: { id }, select: RUN_HEADER }) : null;
  if (!run) {
    throw notFound('allocation run', id);
  }
  return run;
}

interface RunFacts {
  id: string;
  n: number;
  replaced: boolean;
  reversal: string | null;
  unattributed: number;
}

/** Line count, replacement and unattributed rows of runs, in one query whatever their number. */
async function runFacts(ctx: RequestContext, ids: string[]): Promise<Map<string, RunFacts>> {
  const facts: RunFacts[] = await ctx.em.query(
    `SELECT r.id::text AS id, (SELECT count(*)::int FROM allocation_lines l WHERE l.run_id = r.id) AS n,
            nx.id IS NOT NULL AS replaced, nx.reversal_transaction_id AS reversal,
            COALESCE(jsonb_array_length(r.inputs -> 'unattributedCountIds'), 0)::int AS unattributed
       FROM allocation_runs r LEFT JOIN allocation_runs nx ON nx.scheme_id = r.scheme_id AND nx.seq = r.seq + 1
      WHERE r.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(facts.map((f) => [f.id, f]));
}

function headerToType(run: AllocationRunEntity, f: RunFacts | undefined): AllocationRun {
  return runToType(run, f?.replaced ? { reversalTransactionId: f.reversal } : null, f?.n ?? 0, f?.unattributed ?? 0);
}

/** Throws NOT_FOUND. Run headers are visible to every role; lines are scoped (runLines). */
export async function getAllocationRun(ctx: RequestContext, id: string): Promise<AllocationRun> {
  if (!UUID.test(id)) {
    throw notFound('allocation run', id);
  }
  // The header and its facts in one statement (this sits on the hot read path).
  const { entities, raw } = await ctx.em
    .getRepository(AllocationRunEntity)
    .createQueryBuilder('r')
    .select(Object.keys(RUN_HEADER).map((k) => `r.${k}`))
    .addSelect('(SELECT count(*)::int FROM allocation_lines l WHERE l.run_id = r.id)', 'facts_n')
    .addSelect('nx.id IS NOT NULL', 'facts_replaced')
    .addSelect('nx.reversal_transaction_id', 'facts_reversal')
    .addSelect(`COALESCE(jsonb_array_length(r.inputs -> 'unattributedCountIds'), 0)::int`, 'facts_unattributed')
    .leftJoin(AllocationRunEntity, 'nx', 'nx.scheme_id = r.scheme_id AND nx.seq = r.seq + 1')
    .where('r.id = :id', { id })
    .getRawAndEntities<{ facts_n: number; facts_replaced: boolean; facts_reversal: string | null; facts_unattributed: number }>();
  const run = entities[0];
  const f = raw[0];
  if (!run || !f) {
    throw notFound('allocation run', id);
  }
  return headerToType(run, {
    id,
    n: f.facts_n,
    replaced: f.facts_replaced,
    reversal: f.facts_reversal,
    unattributed: f.facts_unattributed,
  });
}

export async function listAllocationRuns(
  ctx: RequestContext,
  filter: { schemeCode?: string | null; year?: number | null },
): Promise<AllocationRun[]> {
  const qb = ctx.em.getRepository(AllocationRunEntity).createQueryBuilder('r');
  if (filter.schemeCode) {
    qb.andWhere('r.scheme_code = :s', { s: filter.schemeCode });
  }
  if (filter.year !== undefined && filter.year !== null) {
    qb.andWhere('r.year = :y', { y: filter.year });
  }
  const runs = await qb
    .select(Object.keys(RUN_HEADER).map((k) => `r.${k}`))
    .orderBy('r.year', 'DESC')
    .addOrderBy('r.scheme_code')
    .addOrderBy('r.seq', 'DESC')
    .limit(500)
    .getMany();
  if (runs.length === 0) {
    return [];
  }
  const byId = await runFacts(
    ctx,
    runs.map((r) => r.id),
  );
  return runs.map((r) => headerToType(r, byId.get(r.id)));
}

/**
 * Lines of a run ordered by municipality code. A controller gets only its own line (asking for
 * all lines gives its own; asking for another municipality is FORBIDDEN).
 */
export async function runLines(
  ctx: RequestContext,
  runId: string,
  filter: { municipalityCodes?: string[] | null },
  first: number,
  after: string | null | undefined,
): Promise<Page<AllocationLine>> {
  const scope = municipalityScope(ctx, filter.municipalityCodes);
  const afterCode = decodeCursor(after);
  if (!UUID.test(runId)) {
    throw notFound('allocation run', runId);
  }
  // One statement: the page, the run's unit and the total (before the cursor) together. Not
  // `terms` (JSON with the count ids of every line): the lines' type does not show it.
  const params: unknown[] = [runId];
  let scoped = '';
  if (scope !== null) {
    params.push(scope);
    scoped = ` AND c.municipality_code = ANY($${params.length}::text[])`;
  }
  let where = scoped.replace('c.', 'l.');
  if (afterCode !== null) {
    params.push(afterCode);
    where += ` AND l.municipality_code > $${params.length}`;
  }
  params.push(first + 1);
  const rows: LineRow[] = await ctx.em.query(
    `SELECT l.municipality_code, l.decision_number, l.base_amount::text AS base_amount, l.weight::text AS weight,
            l.exact_share::text AS exact_share, l.amount::text AS amount, l.adjustment::text AS adjustment, r.unit_scale,
            (SELECT count(*)::int FROM allocation_lines c WHERE c.run_id = $1${scoped}) AS total
       FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id
      WHERE l.run_id = $1${where}
      ORDER BY l.municipality_code
      LIMIT $${params.length}`,
    params,
  );
  const firstRow = rows[0];
  if (firstRow === undefined) {
    // An empty page: the run may not exist (NOT_FOUND), or the cursor is past its last line.
    await getRunHeader(ctx, runId);
    const count: { total: number }[] = await ctx.em.query(
      `SELECT count(*)::int AS total FROM allocation_lines c WHERE c.run_id = $1${scoped}`,
      params.slice(0, scope === null ? 1 : 2),
    );
    return toPage<AllocationLine>([], first, (l) => l.municipalityCode, count[0]?.total ?? 0);
  }
  return toPage(
    rows.map((l) => lineRowToType(l, l.unit_scale)),
    first,
    (l) => l.municipalityCode,
    firstRow.total,
  );
}

/** The calculation of one municipality in one run, line by line; a controller may read only its own. */
export async function allocationExplanation(ctx: RequestContext, runId: string, municipalityCode: string): Promise<AllocationExplanation> {
  assertMunicipalityAccess(ctx, municipalityCode);
  // The header and only the rates of the inputs (decision 1760): the inputs hold every count row of
  // every municipality, which one municipality's explanation never reads.
  const run = await getRunHeader(ctx, runId);
  const line = await ctx.em.getRepository(AllocationLineEntity).findOneBy({ runId, municipalityCode });
  if (!line) {
    throw notFound('allocation line', `${runId}/${municipalityCode}`);
  }
  const [{ rates }] = await ctx.em.query<[{ rates: RunInputs['rates'] | null }]>(
    `SELECT inputs -> 'rates' AS rates FROM allocation_runs WHERE id = $1`,
    [runId],
  );
  const validFrom = new Map((rates ?? []).map((r) => [r.id, r.validFrom]));
  const scale = run.unitScale;
  const amount = toFixedScale(line.amount, scale);
  const terms = line.terms.map((t) => ({
    category: t.category as Category,
    route: t.route as RouteCode | null,
    count: t.count,
    rate: t.rate,
    rateId: t.rateId,
    rateValidFrom: validFrom.get(t.rateId) ?? '',
    product: t.product,
    countIds: t.countIds ?? [],
  }));
  const steps = terms.map(
    (t) => `${t.category}${t.route ? `/${t.route}` : ''}: count ${t.count} × rate ${t.rate} (valid from ${t.rateValidFrom}) = ${t.product}`,
  );
  steps.push(`base amount (vaste voet) = ${line.baseAmount.toFixed()}`);
  steps.push(`weight = ${[...terms.map((t) => t.product), line.baseAmount.toFixed()].join(' + ')} = ${line.weight.toFixed()}`);
  if (run.budgetMode === 'CLOSED') {
    steps.push(
      `exact share = weight ${line.weight.toFixed()} / total weight ${run.totalWeight.toFixed()} × budget ${toFixedScale(run.budget, scale)} = ${line.exactShare.toFixed()}`,
    );
    steps.push(`largest-remainder rounding to ${scale === 2 ? 'cents' : 'whole euros'}: adjustment ${line.adjustment.toFixed()}`);
  } else {
    steps.push(`open-ended: exact share = weight = ${line.exactShare.toFixed()}`);
    steps.push(`rounded once to ${scale === 2 ? 'cents' : 'whole euros'} (half away from zero): adjustment ${line.adjustment.toFixed()}`);
  }
  steps.push(`amount = ${amount} (decision ${line.decisionNumber})`);
  return {
    runId,
    municipalityCode,
    decisionNumber: line.decisionNumber,
    schemeCode: run.schemeCode,
    year: run.year,
    stage: run.stage,
    budgetMode: run.budgetMode as AllocationExplanation['budgetMode'],
    budget: toFixedScale(run.budget, scale),
    terms,
    baseAmount: line.baseAmount.toFixed(),
    weight: line.weight.toFixed(),
    totalWeight: run.totalWeight.toFixed(),
    exactShare: line.exactShare.toFixed(),
    adjustment: line.adjustment.toFixed(),
    amount,
    steps,
  };
}

/**
 * Two runs side by side per municipality: B − A in euros and in percent of A (2 decimals, half
 * away from zero; null when A is zero; decision 0206). Controllers see only their own row.
 */
export async function compareAllocationRuns(ctx: RequestContext, runA: string, runB: string): Promise<AllocationComparison> {
  const scope = municipalityScope(ctx, null);
  const [a, b] = [await getRunHeader(ctx, runA), await getRunHeader(ctx, runB)];
  const scale = Math.max(a.unitScale, b.unitScale);
  const load = async (id: string) => {
    const qb = ctx.em.getRepository(AllocationLineEntity).createQueryBuilder('l').where('l.run_id = :id', { id });
    if (scope !== null) {
      qb.andWhere('l.municipality_code = ANY(:scope)', { scope });
    }
    return new Map((await qb.getMany()).map((l) => [l.municipalityCode, l.amount]));
  };
  const [la, lb] = [await load(a.id), await load(b.id)];
  const codes = [...new Set([...la.keys(), ...lb.keys()])].sort();
  const lines = codes.map((code) => {
    const amountA = la.get(code);
    const amountB = lb.get(code);
    const diff = (amountB ?? ZERO).minus(amountA ?? ZERO);
    const pct = percentChange(amountA ?? ZERO, amountB ?? ZERO);
    return {
      municipalityCode: code,
      amountA: amountA === undefined ? null : toFixedScale(amountA, a.unitScale),
      amountB: amountB === undefined ? null : toFixedScale(amountB, b.unitScale),
      difference: toFixedScale(diff, scale),
      percent: pct === null ? null : pct.toFixed(2),
    };
  });
  const totalA = [...la.values()].reduce((s, v) => s.plus(v), money('0'));
  const totalB = [...lb.values()].reduce((s, v) => s.plus(v), money('0'));
  const totalPct = percentChange(totalA, totalB);
  return {
    runA: a.id,
    runB: b.id,
    totalA: toFixedScale(totalA, a.unitScale),
    totalB: toFixedScale(totalB, b.unitScale),
    totalDifference: toFixedScale(totalB.minus(totalA), scale),
    totalPercent: totalPct === null ? null : totalPct.toFixed(2),
    lines,
  };
}

/**
 * The stored inputs of a run in canonical JSON (docs/allocation.md): SHA-256 of this text is the
 * run's inputHash, so an auditor can verify and recompute a run on their own. Not for controllers
 * (it holds every municipality's counts).
 */
export async function runInputsJson(ctx: RequestContext, runId: string): Promise<string> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const run = await getRunEntity(ctx, runId);
  const { unattributedCountIds: _u, ...hashed } = run.inputs;
  return canonicalJson(hashed);
}
