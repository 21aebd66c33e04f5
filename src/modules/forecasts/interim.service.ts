import crypto from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../common/hashing/canonical';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { money, toFixedScale } from '../../common/money/money';
import { getAllocationRun, runAllocation, runInputsNow, RunStage } from '../allocations';
import { advancePlanLines, findCurrentPlan, latestClosure, lockAdvances, reviseAdvancePlan, TrancheStatus } from '../advances';
import { getScheme } from '../schemes';
import { getForecastEntity, publishForecastCounts } from './forecast.service';
import { ForecastLineEntity } from './forecast.entity';
import { QUANTILE_LEVELS } from './shrinkage.calculator';
import { InterimDecisionEntity, InterimEstimateEntity, InterimEstimateLineEntity } from './interim.entity';
import {
  calculateInterim,
  countsAtLevel,
  INTERIM_ESTIMATE_VERSION,
  interimOutputJson,
  type InterimForecastLine,
  type InterimInputs,
} from './interim.calculator';

export interface StartInterimEstimateInput {
  schemeCode: string;
  year: number;
  /** The forecast whose counts the estimate uses; none: the counts in force on the rule's basis. */
  forecastId?: string | null;
  /** MEAN (the forecast's point, default) or a stored quantile level such as '0.5'. */
  level?: string | null;
  /** Default: the rule of the run the current advance plan rests on. */
  ruleVersionId?: string | null;
  idempotencyKey: string;
}

export interface DecideInterimEstimateInput {
  estimateId: string;
  reason: string;
  idempotencyKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEVELS = ['MEAN', ...QUANTILE_LEVELS.map(String)];

export async function getInterimEstimateEntity(ctx: RequestContext, id: string): Promise<InterimEstimateEntity> {
  const e = UUID.test(id) ? await ctx.em.getRepository(InterimEstimateEntity).findOneBy({ id }) : null;
  if (!e) {
    throw notFound('interim estimate', id);
  }
  return e;
}

export async function interimDecisionOf(ctx: RequestContext, estimateId: string): Promise<InterimDecisionEntity | null> {
  return ctx.em.getRepository(InterimDecisionEntity).findOneBy({ estimateId });
}

export async function listInterimEstimates(ctx: RequestContext, schemeCode: string, year: number): Promise<InterimEstimateEntity[]> {
  return ctx.em.getRepository(InterimEstimateEntity).find({ where: { schemeCode, year }, order: { createdAt: 'DESC' }, take: 100 });
}

/**
 * Starts a mid-year re-estimate (nadere voorlopige uitkering, issue 18.4, decision 1310): the
 * scheme-year calculated as an INTERIM run would be now (register, mergers, rates, base amounts
 * and rule as of now) on a forecast at a chosen level (or the counts in force), set against the
 * current advance plan: per municipality paid, planned, entitled at the level and at 10/50/90 %,
 * the new advance a decision would make; stored with its inputs, their hash, the method version
 * and the output hash. Books nothing. Idempotent by key and request.
 */
export async function startInterimEstimate(
  ctx: RequestContext,
  input: StartInterimEstimateInput,
): Promise<{ estimate: InterimEstimateEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const forecastId = input.forecastId ?? null;
  if (forecastId === null && input.level !== null && input.level !== undefined) {
    throw badInput('input.level', 'a level needs a forecast (input.forecastId)');
  }
  const level = forecastId === null ? null : (input.level ?? 'MEAN');
  if (level !== null && !LEVELS.includes(level)) {
    throw badInput('input.level', `one of ${LEVELS.join(', ')}`);
  }
  const hash = requestHash({
    op: 'interim',
    s: input.schemeCode,
    y: input.year,
    forecastId,
    level,
    rule: input.ruleVersionId ?? null,
  });
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'interim estimate',
      requestHash: hash,
      find: async () => {
        const earlier = await tx.em.getRepository(InterimEstimateEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
        return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
      },
      perform: async () => {
        await getScheme(tx, input.schemeCode, input.year);
        const plan = await findCurrentPlan(tx, input.schemeCode, input.year);
        if (!plan) {
          throw conflict(`${input.schemeCode} ${input.year} has no advance plan: a re-estimate revises advances, make a plan first`, {
            field: 'input.schemeCode',
          });
        }
        if (await latestClosure(tx, input.schemeCode, input.year)) {
          throw conflict(`${input.schemeCode} ${input.year} is settled: its advances can no longer be re-estimated`, {
            field: 'input.year',
          });
        }
        const ruleVersionId = input.ruleVersionId ?? (await getAllocationRun(tx, plan.allocationRunId)).ruleVersionId;
        if (!UUID.test(ruleVersionId)) {
          throw notFound('allocation rule version', ruleVersionId);
        }
        const allocation = await runInputsNow(tx, { schemeCode: input.schemeCode, year: input.year, ruleVersionId });
        let source: InterimInputs['source'] = { kind: 'COUNTS_IN_FORCE' };
        let forecastLines: InterimForecastLine[] | null = null;
        if (forecastId !== null && level !== null) {
          if (!UUID.test(forecastId)) {
            throw notFound('forecast', forecastId);
          }
          const forecast = await getForecastEntity(tx, forecastId);
          if (forecast.year !== input.year) {
            throw badInput('input.forecastId', `forecast ${forecast.id} is of ${forecast.year}, not ${input.year}`);
          }
          if (allocation.rule.basis !== 'FORECAST') {
            throw badInput(
              'input.ruleVersionId',
              `rule ${allocation.rule.ruleKey} v${allocation.rule.version} counts on ${allocation.rule.basis}: a forecast needs a rule on the FORECAST basis`,
            );
          }
          const lines = await tx.em.getRepository(ForecastLineEntity).find({ where: { forecastId }, order: { id: 'ASC' } });
          if (level !== 'MEAN' && lines.some((l) => l.quantiles?.[level] === undefined)) {
            throw badInput('input.level', `forecast ${forecast.id} (${forecast.method}) has no ${level} quantile: use MEAN`);
          }
          forecastLines = lines.map((l) => ({
            id: l.id,
            municipalityCode: l.municipalityCode,
            category: l.category,
            route: l.route,
            value: l.value.toFixed(6),
            quantiles: l.quantiles,
          }));
          source = { kind: 'FORECAST', forecastId, forecastInputHash: forecast.inputHash, methodVersion: forecast.methodVersion, level };
          allocation.counts = countsAtLevel(input.year, forecastLines, level);
        }
        const planLines = await advancePlanLines(tx, plan.id, null);
        const inputs: InterimInputs = {
          version: INTERIM_ESTIMATE_VERSION,
          allocation,
          source,
          forecastLines,
          plan: {
            id: plan.id,
            version: plan.version,
            allocationRunId: plan.allocationRunId,
            advanceRate: plan.advanceRate.toFixed(),
            lines: planLines.map((l) => ({
              municipalityCode: l.municipalityCode,
              paid: l.tranches
                .filter((t) => t.status === TrancheStatus.PAID)
                .reduce((a, t) => a.plus(money(t.amount)), money('0'))
                .toFixed(2),
              planned: l.tranches
                .filter((t) => t.status !== TrancheStatus.CANCELLED)
                .reduce((a, t) => a.plus(money(t.amount)), money('0'))
                .toFixed(2),
            })),
          },
        };
        const result = calculateInterim(inputs);
        const unitScale = allocation.scheme.unitScale;
        const id = crypto.randomUUID();
        const repo = tx.em.getRepository(InterimEstimateEntity);
        const entity = repo.create({
          id,
          schemeCode: input.schemeCode,
          year: input.year,
          ruleVersionId,
          source: source.kind,
          forecastId,
          level,
          planId: plan.id,
          planVersion: plan.version,
          methodVersion: INTERIM_ESTIMATE_VERSION,
          inputs: inputs as unknown as Record<string, unknown>,
          inputHash: sha256Hex(canonicalJson(inputs)),
          outputHash: sha256Hex(interimOutputJson(result, unitScale)),
          unitScale,
          budget: result.budget,
          total: result.total,
          totalP10: result.totalAt['0.1'],
          totalP50: result.totalAt['0.5'],
          totalP90: result.totalAt['0.9'],
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          createdBy: actor.subject,
        });
        await repo.insert(entity as QueryDeepPartialEntity<InterimEstimateEntity>);
        const f = (d: { toFixed(n: number): string }) => d.toFixed(2);
        await tx.em.query(
          `INSERT INTO interim_estimate_lines (estimate_id, municipality_code, paid, planned, entitled, entitled_p10, entitled_p50, entitled_p90, new_advance)
           SELECT $1, m, pd, pl, e, e10, e50, e90, na
             FROM unnest($2::varchar[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
               AS t(m, pd, pl, e, e10, e50, e90, na)`,
          [
            id,
            result.lines.map((l) => l.municipalityCode),
            result.lines.map((l) => f(l.paid)),
            result.lines.map((l) => f(l.planned)),
            result.lines.map((l) => f(l.entitled)),
            result.lines.map((l) => f(l.entitledAt['0.1'])),
            result.lines.map((l) => f(l.entitledAt['0.5'])),
            result.lines.map((l) => f(l.entitledAt['0.9'])),
            result.lines.map((l) => f(l.newAdvance)),
          ],
        );
        return repo.findOneByOrFail({ id });
      },
    });
    return { estimate: result, replayed };
  });
}

/**
 * Decides an estimate through the existing decision path (decision 1310): the forecast's counts
 * at the chosen level are published as the year's FORECAST counts, an INTERIM allocation run is
 * made on the estimate's rule (stored, numbered and booked as every run: the previous run's
 * commitment reversed), its amounts are checked to equal the estimate's to the cent (else the
 * data changed since: CONFLICT `STALE_ESTIMATE`, nothing kept), and the advance plan is revised
 * on it (paid tranches unchanged, the rest re-apportioned). One transaction; idempotent by key.
 */
export async function decideInterimEstimate(
  ctx: RequestContext,
  input: DecideInterimEstimateInput,
): Promise<{ decision: InterimDecisionEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (typeof input.reason !== 'string' || input.reason.trim().length === 0 || input.reason.length > 500) {
    throw badInput('input.reason', 'give a reason of 1 to 500 characters');
  }
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ op: 'decide-interim', estimateId: input.estimateId, reason: input.reason });
  return runCommand(ctx, async (tx) => {
    const estimate = await getInterimEstimateEntity(tx, input.estimateId);
    await lockAdvances(tx, estimate.schemeCode, estimate.year);
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'interim decision',
      requestHash: hash,
      find: async () => {
        const earlier = await tx.em.getRepository(InterimDecisionEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
        return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
      },
      perform: async () => {
        const earlier = await interimDecisionOf(tx, estimate.id);
        if (earlier) {
          throw conflict(`estimate ${estimate.id} was decided already (plan version ${earlier.planVersion})`, {
            reason: 'ALREADY_DECIDED',
            field: 'input.estimateId',
          });
        }
        const current = await findCurrentPlan(tx, estimate.schemeCode, estimate.year);
        if (!current || current.id !== estimate.planId) {
          throw conflict(
            `the advance plan was revised since estimate ${estimate.id} (version ${estimate.planVersion}, now ${current?.version ?? 'none'}): start a new estimate`,
            { reason: 'STALE_ESTIMATE', field: 'input.estimateId' },
          );
        }
        const inputs = estimate.inputs as unknown as InterimInputs;
        if (inputs.source.kind === 'FORECAST' && inputs.forecastLines !== null) {
          await publishForecastCounts(tx, {
            year: estimate.year,
            batchKey: `interim:${estimate.id}`,
            lines: inputs.allocation.counts.map((c) => ({
              municipalityCode: c.municipalityCode,
              category: c.category,
              route: c.route,
              value: money(c.value),
            })),
            replaceAll: true,
          });
        }
        const run = await runAllocation(tx, {
          schemeCode: estimate.schemeCode,
          year: estimate.year,
          ruleVersionId: estimate.ruleVersionId,
          stage: RunStage.INTERIM,
          idempotencyKey: `interim:${estimate.id}`,
          dryRun: false,
        });
        const estimated = await tx.em.getRepository(InterimEstimateLineEntity).findBy({ estimateId: estimate.id });
        const granted = new Map(run.lines.map((l) => [l.municipalityCode, l.amount]));
        for (const line of estimated) {
          const amount = money(granted.get(line.municipalityCode) ?? '0');
          if (!amount.eq(line.entitled)) {
            throw conflict(
              `the data changed since estimate ${estimate.id}: ${line.municipalityCode} would now get ${toFixedScale(amount, estimate.unitScale)}, the estimate says ${toFixedScale(line.entitled, estimate.unitScale)}: start a new estimate`,
              { reason: 'STALE_ESTIMATE', field: 'input.estimateId' },
            );
          }
        }
        const { plan } = await reviseAdvancePlan(tx, {
          schemeCode: estimate.schemeCode,
          year: estimate.year,
          allocationRunId: run.run.id,
          advanceRate: null,
          reason: input.reason.trim(),
          idempotencyKey: `interim:${estimate.id}`,
        });
        const repo = tx.em.getRepository(InterimDecisionEntity);
        const id = crypto.randomUUID();
        await repo.insert({
          id,
          estimateId: estimate.id,
          allocationRunId: run.run.id,
          planId: plan.id,
          planVersion: plan.version,
          reason: input.reason.trim(),
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          decidedBy: actor.subject,
        });
        return repo.findOneByOrFail({ id });
      },
    });
    return { decision: result, replayed };
  });
}
