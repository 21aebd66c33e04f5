import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { DomainError, badInput, conflict, notFound } from '../../common/errors/domain-error';
import { money, toFixedScale } from '../../common/money/money';
import { todayInAmsterdam } from '../../common/dates';
import { codesExistingOn, listMergers } from '../municipalities';
import { baseAmountsOf, getScheme, rateRows, type FundingScheme } from '../schemes';
import { currentCountRows } from '../counts';
import { calculateFromInputs, countedKey, type AllocationCalcResult, type RunInputs } from './allocation.calculator';

export { calculateFromInputs, type RunInputs } from './allocation.calculator';
import { AllocationLineEntity, AllocationRunEntity, type AllocationRuleEntity } from './allocation.entity';
import { canonicalJson, sha256Hex } from '../../common/hashing/canonical';
import { bookAllocationRun } from './allocation.booking';
import { findRuleVersion } from './allocation.rule.service';
import { RunStage, type RunAllocationInput } from './allocation.inputs';
import type { AllocationLine, AllocationRunOutcome } from './allocation.type';
import { lineToType, runToType } from './allocation.mappers';
import { notifyMoneyEvent } from '../chain';

const STAGE_LETTER: Record<RunStage, string> = { PROVISIONAL: 'P', INTERIM: 'I', DEFINITIVE: 'D', CORRECTION: 'C' };

/** Beschikkingsnummer (decision 0207): `{scheme}-{year}-{stage letter}{seq, 2+ digits}-{municipality}`. */
export function decisionNumber(input: {
  schemeCode: string;
  year: number;
  stage: RunStage;
  seq: number;
  municipalityCode: string;
}): string {
  const { schemeCode, year, stage, seq, municipalityCode } = input;
  return `${schemeCode}-${year}-${STAGE_LETTER[stage]}${String(seq).padStart(2, '0')}-${municipalityCode}`;
}

/**
 * What every rule of one scheme-year reads alike (register, mergers, rates, base amounts): read
 * once by the preview for all its rules (decision 1810), per run otherwise.
 */
interface SchemeStage {
  municipalities: string[];
  mergers: Awaited<ReturnType<typeof listMergers>>;
  rates: Awaited<ReturnType<typeof rateRows>>;
  /** Read on first use: only a rule with base amounts reads them. */
  base: () => Promise<Awaited<ReturnType<typeof baseAmountsOf>>>;
}

async function stageScheme(ctx: RequestContext, scheme: FundingScheme): Promise<SchemeStage> {
  // Sequential on purpose: one transaction is one connection, which runs one query at a time.
  const municipalities = await codesExistingOn(ctx, `${scheme.year}-01-01`);
  const mergers = await listMergers(ctx);
  const rates = await rateRows(ctx, scheme.code);
  let base: Promise<Awaited<ReturnType<typeof baseAmountsOf>>> | null = null;
  return { municipalities, mergers, rates, base: () => (base ??= baseAmountsOf(ctx, scheme.id)) };
}

/** Gathers the inputs of a run from the database (inside the run's transaction). */
async function gatherInputs(
  ctx: RequestContext,
  scheme: FundingScheme,
  rule: AllocationRuleEntity,
  countsInForce?: readonly PreviewCount[],
  staged?: SchemeStage,
): Promise<{ inputs: RunInputs; candidateRates: RunInputs['rates'] }> {
  const year = scheme.year;
  const referenceDate = rule.referenceDate ?? `${year}-01-01`;
  const categories = rule.categories.map((c) => ({ category: c.category, route: c.route ?? null }));
  const { municipalities, mergers, rates, base: baseAmounts } = staged ?? (await stageScheme(ctx, scheme));
  const counts = countsInForce ?? (await currentCountRows(ctx, { year, basis: rule.basis, rule: rule.attributionRule }));
  const base = rule.useBaseAmounts ? await baseAmounts() : null;
  // Ordered by id, each id parsed once (not twice per comparison).
  const counted = counts
    .filter((c) => countedKey(c, categories, scheme.usesRoutes) !== null)
    .map((c) => ({ c, id: BigInt(c.id) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((x) => x.c);
  const inputs: RunInputs = {
    scheme: {
      code: scheme.code,
      year,
      budgetMode: scheme.budgetMode,
      budget: scheme.budget,
      unitScale: scheme.unitScale,
      usesRoutes: scheme.usesRoutes,
    },
    rule: {
      id: rule.id,
      ruleKey: rule.ruleKey,
      version: rule.version,
      basis: rule.basis,
      attributionRule: rule.attributionRule,
      referenceDate: rule.referenceDate,
      categories,
      useBaseAmounts: rule.useBaseAmounts,
    },
    referenceDate,
    municipalities,
    mergers: mergers.map((m) => ({ dissolvedCode: m.dissolvedCode, successorCode: m.successorCode, effectiveDate: m.effectiveDate })),
    // Only the rate rows in force are inputs; the calculation picks them again from this list.
    rates: [],
    counts: counted.map((c) => ({
      id: c.id,
      municipalityCode: c.municipalityCode,
      periodType: c.periodType,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      category: c.category,
      route: c.route,
      value: c.value.toFixed(6),
      ...(c.units !== null && c.units !== undefined && c.divisor ? { units: c.units, divisor: c.divisor } : {}),
    })),
    baseAmounts: base === null ? null : base.map((b) => ({ municipalityCode: b.municipalityCode, amount: b.amount })),
  };
  const candidateRates = rates.map((r) => ({
    id: r.id,
    category: r.category,
    route: r.route,
    validFrom: r.validFrom,
    amount: r.amount.toFixed(2),
  }));
  return { inputs, candidateRates };
}

/**
 * The inputs a run of this scheme-year on this rule version would read now (register, mergers,
 * rates in force, base amounts, the counts in force on the rule's basis), in stored form, without
 * storing or booking anything: the mid-year re-estimate (forecasts module) computes on them with
 * its own counts and stores them with its result.
 */
export async function runInputsNow(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; ruleVersionId: string; field?: string },
): Promise<RunInputs> {
  const field = input.field ?? 'input.ruleVersionId';
  const scheme = await getScheme(ctx, input.schemeCode, input.year);
  const rule = await findRuleVersion(ctx, input.ruleVersionId);
  if (!rule) {
    throw notFound('allocation rule version', input.ruleVersionId);
  }
  if (rule.schemeCode !== scheme.code) {
    throw badInput(field, `rule ${rule.ruleKey} v${rule.version} belongs to scheme ${rule.schemeCode}`);
  }
  const gathered = await gatherInputs(ctx, scheme, rule);
  const firstPass = calculateFromInputs(gathered.inputs, gathered.candidateRates);
  return {
    ...gathered.inputs,
    rates: firstPass.ratesUsed.map((r) => ({
      id: r.id,
      category: r.category,
      route: r.route,
      validFrom: r.validFrom,
      amount: r.amount.toFixed(2),
    })),
  };
}

/** A count row in force, as `currentCountRows` returns it (the preview may be given them). */
export type PreviewCount = Awaited<ReturnType<typeof currentCountRows>>[number];

/** A rule as the preview needs it: not stored, no id of its own. */
export interface PreviewRule {
  label: string;
  basis: string;
  attributionRule: string | null;
  referenceDate: string | null;
  categories: { category: string; route: string | null }[];
  useBaseAmounts: boolean;
  /** The counts in force on the rule's basis; default: the current rows `ctx` sees. */
  counts?: readonly PreviewCount[];
}

/**
 * The amounts per municipality a run of this scheme-year would decide under each of `rules`,
 * computed by the pure calculator over inputs staged exactly as a run stages them (register,
 * mergers, rates, base amounts and the counts in force on each rule's basis, as seen by `ctx`,
 * which may be a transaction holding unpublished counts), without storing a rule or a run, without
 * booking and so without the ledger's chain lock. The stage checks of a run apply (a DRAFT
 * scheme-year is allowed, as for a dry run). Used by the attribution side-by-side (decision 1260).
 */
export async function previewAllocations(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; stage: RunStage; rules: readonly PreviewRule[] },
): Promise<Map<string, { municipalityCode: string; amount: string }[]>> {
  const scheme = await getScheme(ctx, input.schemeCode, input.year);
  if (scheme.status === 'CLOSED' && input.stage !== RunStage.CORRECTION) {
    throw new DomainError('SCHEME_YEAR_CLOSED', `scheme ${scheme.code} ${scheme.year} is closed: only a CORRECTION run is allowed`, {
      field: 'input.stage',
    });
  }
  const out = new Map<string, { municipalityCode: string; amount: string }[]>();
  const staged = await stageScheme(ctx, scheme);
  for (const r of input.rules) {
    const rule: AllocationRuleEntity = {
      id: `preview-${r.label}`,
      ruleKey: `preview-${r.label}`,
      version: 0,
      schemeCode: scheme.code,
      basis: r.basis,
      attributionRule: r.attributionRule,
      referenceDate: r.referenceDate,
      categories: r.categories,
      useBaseAmounts: r.useBaseAmounts,
      description: '',
      createdBy: '',
      createdAt: new Date(0),
    };
    const gathered = await gatherInputs(ctx, scheme, rule, r.counts, staged);
    const result = calculateFromInputs(gathered.inputs, gathered.candidateRates);
    out.set(
      r.label,
      result.lines.map((l) => ({ municipalityCode: l.municipalityCode, amount: toFixedScale(l.amount, scheme.unitScale) })),
    );
  }
  return out;
}

function outputOf(result: AllocationCalcResult, unitScale: number) {
  return {
    lines: result.lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      weight: l.weight.toFixed(),
      exactShare: l.exactShare.toFixed(),
      amount: toFixedScale(l.amount, unitScale),
      adjustment: l.adjustment.toFixed(),
    })),
    totalAmount: toFixedScale(result.totalAmount, unitScale),
  };
}

async function loadOutcome(ctx: RequestContext, run: AllocationRunEntity, replayed: boolean): Promise<AllocationRunOutcome> {
  const lines = await ctx.em.getRepository(AllocationLineEntity).find({ where: { runId: run.id }, order: { municipalityCode: 'ASC' } });
  const next = await ctx.em.getRepository(AllocationRunEntity).findOneBy({ schemeId: run.schemeId, seq: run.seq + 1 });
  return {
    run: runToType(run, next, lines.length),
    lines: lines.map((l) => lineToType(l, run.unitScale)),
    replayed,
    dryRun: false,
    booked: run.bookingTransactionId !== null,
  };
}

/**
 * Computes, stores and books an allocation run (DOMAIN.md Calculations 1-4, "Accounts and what is
 * booked"). One run per scheme-year at a time (advisory lock); the run it replaces is reversed in
 * the ledger first and stays stored. Idempotent by key: the same key and request returns the
 * original run; the same key with another request is CONFLICT (IDEMPOTENCY_KEY_REUSED). `dryRun` goes
 * through the same path and rolls everything back.
 */
export async function runAllocation(ctx: RequestContext, input: RunAllocationInput): Promise<AllocationRunOutcome> {
  requireActor(ctx);
  if (!Object.values(RunStage).includes(input.stage)) {
    throw badInput('input.stage', `unknown stage ${String(input.stage)}`);
  }
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ schemeCode: input.schemeCode, year: input.year, ruleVersionId: input.ruleVersionId, stage: input.stage });
  const outcome = await runCommand(
    ctx,
    async (tx): Promise<AllocationRunOutcome> => {
      await tx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5))`, [`allocation-run:${input.schemeCode}:${input.year}`]);
      const runs = tx.em.getRepository(AllocationRunEntity);
      const { result } = await idempotent(tx, {
        key: input.idempotencyKey,
        field: 'input.idempotencyKey',
        what: 'allocation run',
        requestHash: hash,
        find: async () => {
          const earlier = await runs.findOneBy({ idempotencyKey: input.idempotencyKey });
          return earlier && { requestHash: earlier.requestHash, replay: () => loadOutcome(tx, earlier, true) };
        },
        perform: () => performRun(tx, input, hash),
      });
      return result;
    },
    { dryRun: input.dryRun },
  );
  return outcome;
}

/**
 * Computes, stores and books a run whose key is new (inside runAllocation's command), in four
 * steps: stage (read and check the scheme, rule and inputs) → compute (pure: the calculator, the
 * stored inputs and output, their hashes) → book (through the ledger, reversing the run replaced)
 * → persist (the run and its lines, with the booking's transactions).
 */
async function performRun(tx: RequestContext, input: RunAllocationInput, hash: string): Promise<AllocationRunOutcome> {
  const staged = await stageRun(tx, input);
  const computed = computeRun(staged.gathered, staged.scheme.unitScale);
  const id = crypto.randomUUID();
  const seq = (staged.previous?.seq ?? 0) + 1;
  const booking = await bookAllocationRun(
    tx,
    {
      runId: id,
      schemeCode: staged.scheme.code,
      year: staged.scheme.year,
      stage: input.stage,
      effectiveDate: todayInAmsterdam(),
      lines: computed.result.lines,
    },
    staged.previous ? { runId: staged.previous.id, bookingTransactionId: staged.previous.bookingTransactionId } : null,
  );
  const { stored, numbers } = await persistRun(tx, { input, hash, staged, computed, id, seq, booking });
  const lines: AllocationLine[] = computed.result.lines.map((l, i) => ({
    municipalityCode: l.municipalityCode,
    decisionNumber: numbers[i]!,
    baseAmount: l.baseAmount.toFixed(),
    weight: l.weight.toFixed(),
    exactShare: l.exactShare.toFixed(),
    amount: toFixedScale(l.amount, staged.scheme.unitScale),
    adjustment: l.adjustment.toFixed(),
  }));
  // A dry run's booking is rolled back with everything else: report nothing as booked.
  const run = runToType(stored, null, lines.length);
  return input.dryRun
    ? { run: { ...run, bookingTransactionId: null }, lines, replayed: false, dryRun: true, booked: false }
    : { run, lines, replayed: false, dryRun: false, booked: booking.bookingTransactionId !== null };
}

/** What a run reads and checks before anything is computed or written. */
interface StagedRun {
  actor: string;
  scheme: FundingScheme;
  rule: AllocationRuleEntity;
  gathered: { inputs: RunInputs; candidateRates: RunInputs['rates'] };
  /** The scheme-year's latest run, which this one replaces. */
  previous: AllocationRunEntity | null;
}

/** Stage: the scheme's status allows the stage, the rule is the scheme's, the inputs, the run replaced. */
async function stageRun(tx: RequestContext, input: RunAllocationInput): Promise<StagedRun> {
  const actor = requireActor(tx);
  const scheme = await getScheme(tx, input.schemeCode, input.year);
  if (scheme.status === 'DRAFT' && !input.dryRun) {
    throw conflict(`scheme ${scheme.code} ${scheme.year} is DRAFT: open it first (a dry run is allowed)`, {
      field: 'input.schemeCode',
    });
  }
  if (scheme.status === 'CLOSED' && input.stage !== RunStage.CORRECTION) {
    throw new DomainError('SCHEME_YEAR_CLOSED', `scheme ${scheme.code} ${scheme.year} is closed: only a CORRECTION run is allowed`, {
      field: 'input.stage',
    });
  }
  const rule = await findRuleVersion(tx, input.ruleVersionId);
  if (!rule) {
    throw notFound('allocation rule version', input.ruleVersionId);
  }
  if (rule.schemeCode !== scheme.code) {
    throw badInput('input.ruleVersionId', `rule ${rule.ruleKey} v${rule.version} belongs to scheme ${rule.schemeCode}`);
  }
  const gathered = await gatherInputs(tx, scheme, rule);
  const previous = await tx.em.getRepository(AllocationRunEntity).findOne({ where: { schemeId: scheme.id }, order: { seq: 'DESC' } });
  return { actor: actor.subject, scheme, rule, gathered, previous };
}

/** What a run computes from its staged inputs: pure, no I/O. */
interface ComputedRun {
  /** The stored inputs: only the rate rows in force. */
  inputs: RunInputs;
  result: AllocationCalcResult;
  inputHash: string;
  outputHash: string;
}

/** Compute: the calculator picks the rates in force, only those rows are recorded as inputs; then the hashes. */
function computeRun(gathered: StagedRun['gathered'], unitScale: number): ComputedRun {
  const firstPass = calculateFromInputs(gathered.inputs, gathered.candidateRates);
  const inputs: RunInputs = {
    ...gathered.inputs,
    rates: firstPass.ratesUsed.map((r) => ({
      id: r.id,
      category: r.category,
      route: r.route,
      validFrom: r.validFrom,
      amount: r.amount.toFixed(2),
    })),
  };
  const result = calculateFromInputs(inputs);
  const output = outputOf(result, unitScale);
  return { inputs, result, inputHash: sha256Hex(canonicalJson(inputs)), outputHash: sha256Hex(canonicalJson(output)) };
}

/** Persist: the run row (with its booking's transactions) and its lines with decision numbers. */
async function persistRun(
  tx: RequestContext,
  p: {
    input: RunAllocationInput;
    hash: string;
    staged: StagedRun;
    computed: ComputedRun;
    id: string;
    seq: number;
    booking: { bookingTransactionId: string | null; reversalTransactionId: string | null };
  },
): Promise<{ stored: AllocationRunEntity; numbers: string[] }> {
  const { input, staged, computed, id, seq, booking } = p;
  const { scheme, rule, previous } = staged;
  const { inputs, result } = computed;
  const runs = tx.em.getRepository(AllocationRunEntity);
  const entity = runs.create({
    id,
    schemeId: scheme.id,
    schemeCode: scheme.code,
    year: scheme.year,
    seq,
    stage: input.stage,
    ruleVersionId: rule.id,
    idempotencyKey: input.idempotencyKey,
    requestHash: p.hash,
    budgetMode: scheme.budgetMode,
    budget: money(scheme.budget),
    unitScale: scheme.unitScale,
    referenceDate: inputs.referenceDate,
    totalWeight: result.totalWeight,
    totalAmount: result.totalAmount,
    inputs: { ...inputs, unattributedCountIds: result.unattributedCountIds } as unknown as Record<string, unknown>,
    inputHash: computed.inputHash,
    outputHash: computed.outputHash,
    replacesRunId: previous?.id ?? null,
    bookingTransactionId: booking.bookingTransactionId,
    reversalTransactionId: booking.reversalTransactionId,
    createdBy: staged.actor,
  });
  // jsonb typing: TypeORM's deep-partial type does not accept Record<string, unknown>. The
  // lock is per scheme-year: the same key racing in for another scheme-year fails here on the
  // unique index, and idempotent() re-runs the command, which then reads the winner.
  await runs.insert(entity as QueryDeepPartialEntity<AllocationRunEntity>);
  const numbers = result.lines.map((l) =>
    decisionNumber({ schemeCode: scheme.code, year: scheme.year, stage: input.stage, seq, municipalityCode: l.municipalityCode }),
  );
  await tx.em.query(
    `INSERT INTO allocation_lines (run_id, municipality_code, base_amount, weight, exact_share, amount, adjustment, decision_number, terms)
         SELECT $1, m, b, w, e, a, adj, d, t
           FROM unnest($2::varchar[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::varchar[], $9::jsonb[])
             AS x(m, b, w, e, a, adj, d, t)`,
    [
      id,
      result.lines.map((l) => l.municipalityCode),
      result.lines.map((l) => l.baseAmount.toFixed()),
      result.lines.map((l) => l.weight.toFixed()),
      result.lines.map((l) => l.exactShare.toFixed()),
      result.lines.map((l) => toFixedScale(l.amount, 2)),
      result.lines.map((l) => l.adjustment.toFixed()),
      numbers,
      result.lines.map((l) =>
        JSON.stringify(
          l.terms.map((t) => ({
            category: t.category,
            route: t.route,
            count: t.count.toFixed(6),
            rate: t.rate.toFixed(2),
            rateId: t.rateId,
            product: t.product.toFixed(),
            countIds: t.countIds,
          })),
        ),
      ),
    ],
  );
  await notifyMoneyEvent(tx, 'ALLOCATION_DECIDED', id, result.lines);
  const stored = await runs.findOneByOrFail({ id });
  return { stored, numbers };
}
