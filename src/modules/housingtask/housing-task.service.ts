import crypto from 'node:crypto';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { listMergers, municipalitiesExistingOn } from '../municipalities';
import { mergersByDissolved, successorOn } from '../municipalities/pure';
import { housedPerMunicipality } from '../people';
import { recordCounts } from '../counts';
import { distributeHousingTask, type HousingTaskLine } from './housing-task.calculator';
import { HousingTaskRunEntity } from './housing-task.entity';

export interface DistributeHousingTaskInput {
  year: number;
  half: number;
  /** The national task for the half-year, whole persons. */
  total: number;
  idempotencyKey: string;
}

export interface HousingTaskRun {
  id: string;
  year: number;
  half: number;
  total: number;
  periodStart: string;
  periodEnd: string;
  previousRunId: string | null;
  inputHash: string;
  resultHash: string;
  countBatchKey: string;
  recordedBy: string;
  recordedAt: Date;
  lines: (HousingTaskLine & { housedPrevious: number })[];
  replayed: boolean;
}

/** Advisory lock: one distribution at a time (the previous half-year's run must be settled first). */
const LOCK = 'housing-task';

const periodOf = (year: number, half: number) =>
  half === 1 ? { start: `${year}-01-01`, end: `${year}-06-30` } : { start: `${year}-07-01`, end: `${year}-12-31` };
const previousHalf = (year: number, half: number) => (half === 1 ? { year: year - 1, half: 2 } : { year, half: 1 });

function check(input: DistributeHousingTaskInput): void {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
    throw badInput('input.year', 'a year from 2000 to 2100');
  }
  if (input.half !== 1 && input.half !== 2) {
    throw badInput('input.half', '1 (January-June) or 2 (July-December)');
  }
  if (!Number.isInteger(input.total) || input.total < 0 || input.total > 1_000_000) {
    throw badInput('input.total', 'a whole number of persons from 0 to 1000000');
  }
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
}

const sha256 = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

function toRun(e: HousingTaskRunEntity, replayed: boolean): HousingTaskRun {
  const inputs = e.inputs as { previousRunId: string | null };
  const period = periodOf(e.year, e.half);
  return {
    id: e.id,
    year: e.year,
    half: e.half,
    total: e.total,
    periodStart: period.start,
    periodEnd: period.end,
    previousRunId: inputs.previousRunId,
    inputHash: e.inputHash,
    resultHash: e.resultHash,
    countBatchKey: e.countBatchKey,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    lines: e.result as HousingTaskRun['lines'],
    replayed,
  };
}

/**
 * Distributes a national half-year housing task (issue 16 item 6, decision 1613) over the
 * municipalities that exist on the half-year's first day, by population (largest remainder, whole
 * persons, ties to the lower code), adds each one's backlog from the previous half-year (its
 * obligation there minus the asylum status holders housed in it, both under the municipality that
 * exists now), stores the run with its inputs and hashes, and records max(0, obligation) per
 * municipality as TAAKSTELLING counts for the half-year (source MINISTRY), in one transaction.
 * Idempotent by key; a second distribution of the same half-year is CONFLICT. Finance officer only.
 */
export async function distributeHousingTaskCommand(ctx: RequestContext, input: DistributeHousingTaskInput): Promise<HousingTaskRun> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  check(input);
  const actor = requireActor(ctx);
  const request = { year: input.year, half: input.half, total: input.total };
  const period = periodOf(input.year, input.half);
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [LOCK]);
    const repo = tx.em.getRepository(HousingTaskRunEntity);
    const { result } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'housing task distribution',
      requestHash: requestHash(request),
      find: async () => {
        const found = await repo.findOneBy({ idempotencyKey: input.idempotencyKey });
        return found && { requestHash: found.requestHash, replay: async () => toRun(found, true) };
      },
      perform: async () => {
        if (await repo.findOneBy({ year: input.year, half: input.half })) {
          throw conflict(`the housing task of ${input.year} half ${input.half} is already distributed`, {
            field: 'input.half',
            reason: 'ALREADY_DISTRIBUTED',
          });
        }
        const municipalities = await municipalitiesExistingOn(tx, period.start);
        if (municipalities.length === 0) {
          throw conflict(`no municipality exists on ${period.start}`, { field: 'input.year' });
        }
        const mergers = await listMergers(tx);
        const byDissolved = mergersByDissolved(mergers);
        const underNow = (code: string) => successorOn(byDissolved, code, period.start);
        const prev = previousHalf(input.year, input.half);
        const prevPeriod = periodOf(prev.year, prev.half);
        const previousRun = await repo.findOneBy({ year: prev.year, half: prev.half });
        const previousObligation = new Map<string, number>();
        const housed = new Map<string, number>();
        if (previousRun) {
          for (const line of previousRun.result as HousingTaskLine[]) {
            const code = underNow(line.municipalityCode);
            previousObligation.set(code, (previousObligation.get(code) ?? 0) + line.obligation);
          }
          for (const [code, n] of await housedPerMunicipality(tx, { from: prevPeriod.start, to: prevPeriod.end })) {
            const now = underNow(code);
            housed.set(now, (housed.get(now) ?? 0) + n);
          }
        }
        const lines = distributeHousingTask({
          total: input.total,
          municipalities: municipalities.map((m) => ({ code: m.code, population: m.population })),
          previousObligation,
          housed,
        }).map((l) => ({ ...l, housedPrevious: previousRun ? (housed.get(l.municipalityCode) ?? 0) : 0 }));
        const inputs = {
          algorithm: 'housing-task-v1',
          year: input.year,
          half: input.half,
          total: input.total,
          firstDay: period.start,
          populations: municipalities.map((m) => [m.code, m.population]),
          previousRunId: previousRun?.id ?? null,
          previousObligation: [...previousObligation].sort(([a], [b]) => (a < b ? -1 : 1)),
          housedPrevious: [...housed].sort(([a], [b]) => (a < b ? -1 : 1)),
          mergers: mergers
            .filter((m) => m.effectiveDate <= period.start)
            .map((m) => `${m.dissolvedCode}>${m.successorCode}@${m.effectiveDate}`)
            .sort(),
        };
        const countBatchKey = `housing-task:${input.year}-H${input.half}`;
        const rows = lines
          .filter((l) => l.counted > 0)
          .map((l) => ({
            municipalityCode: l.municipalityCode,
            periodType: 'HALF_YEAR',
            periodStart: period.start,
            periodEnd: period.end,
            category: 'ASIELSTATUSHOUDER',
            route: null,
            basis: 'TAAKSTELLING',
            source: 'MINISTRY',
            value: String(l.counted),
          }));
        if (rows.length > 0) {
          await recordCounts(tx, { batchKey: countBatchKey, rows });
        }
        const id = crypto.randomUUID();
        await repo.insert({
          id,
          year: input.year,
          half: input.half,
          idempotencyKey: input.idempotencyKey,
          requestHash: requestHash(request),
          total: input.total,
          inputs,
          inputHash: sha256(inputs),
          result: lines,
          resultHash: sha256(lines),
          countBatchKey,
          recordedBy: actor.subject,
          recordedAt: new Date(),
        });
        return toRun(await repo.findOneByOrFail({ id }), false);
      },
    });
    return result;
  });
}

/**
 * The distribution of a half-year, or NOT_FOUND. Every role; a controller gets only its own
 * municipality's line (asking for another is FORBIDDEN), the ministry roles every line or the ones asked.
 */
export async function housingTask(
  ctx: RequestContext,
  input: { year: number; half: number; municipalityCodes?: string[] | null },
): Promise<HousingTaskRun> {
  const scope = municipalityScope(ctx, input.municipalityCodes);
  const found = await ctx.em.getRepository(HousingTaskRunEntity).findOneBy({ year: input.year, half: input.half });
  if (!found) {
    throw notFound('housing task', `${input.year} half ${input.half}`);
  }
  const run = toRun(found, false);
  return scope === null ? run : { ...run, lines: run.lines.filter((l) => scope.includes(l.municipalityCode)) };
}
