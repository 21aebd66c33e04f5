import crypto from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, notFound } from '../../common/errors/domain-error';
import { listMergers } from '../municipalities';
import { recordCounts, yearlyCounts } from '../counts';
import { canonicalJson } from '../allocations';
import { trailingAverage } from './forecast.calculator';
import { ForecastEntity, ForecastLineEntity } from './forecast.entity';

export type ForecastMethod = 'TAAKSTELLING' | 'TRAILING_ACTUALS' | 'MANUAL_OVERRIDE';

export interface CreateForecastInput {
  year: number;
  method: ForecastMethod;
  /** TRAILING_ACTUALS: number of years before `year` (default 3). */
  periods?: number | null;
  /** TRAILING_ACTUALS: one weight per year, oldest first (default equal). */
  weights?: Decimal[] | null;
  /** TRAILING_ACTUALS: the attribution rule of the REGISTERED counts (default PEILDATUM). */
  rule?: string | null;
  idempotencyKey: string;
}

export interface OverrideForecastInput {
  year: number;
  municipalityCode: string;
  category: string;
  route?: string | null;
  value: Decimal;
  reason: string;
  idempotencyKey: string;
}

interface Line {
  municipalityCode: string;
  category: string;
  route: string | null;
  value: Decimal;
  explanation: string;
}

const hashOf = (value: unknown): string => crypto.createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/**
 * The forecast stored under the key (replayed), or `perform`, which stores a new one with the key
 * and request hash. The advisory lock on the key serialises two requests with one key, whatever
 * their year.
 */
async function idempotentForecast(
  tx: RequestContext,
  key: string,
  hash: string,
  perform: () => Promise<ForecastEntity>,
): Promise<{ forecast: ForecastEntity; replayed: boolean }> {
  await tx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 8))`, [`forecast:${key}`]);
  const { result, replayed } = await idempotent(tx, {
    key,
    field: 'input.idempotencyKey',
    what: 'forecast',
    requestHash: hash,
    find: async () => {
      const earlier = await tx.em.getRepository(ForecastEntity).findOneBy({ idempotencyKey: key });
      return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
    },
    perform,
  });
  return { forecast: result, replayed };
}

/** Stores the forecast with its lines and publishes them as FORECAST counts (batch `forecast:{id}`). */
async function store(
  ctx: RequestContext,
  head: Omit<ForecastEntity, 'id' | 'countBatchId' | 'createdAt' | 'createdBy' | 'inputHash'>,
  lines: Line[],
): Promise<ForecastEntity> {
  const actor = requireActor(ctx);
  if (lines.length === 0) {
    throw badInput('input.year', `no counts to forecast ${head.year} from`);
  }
  const id = crypto.randomUUID();
  const batch = await recordCounts(ctx, {
    batchKey: `forecast:${id}`,
    rows: lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      periodType: 'YEAR',
      periodStart: `${head.year}-01-01`,
      periodEnd: `${head.year}-12-31`,
      category: l.category,
      route: l.route,
      basis: 'FORECAST',
      rule: null,
      source: 'MINISTRY',
      value: l.value.toFixed(6),
    })),
  });
  const repo = ctx.em.getRepository(ForecastEntity);
  const entity = repo.create({ ...head, id, countBatchId: batch.id, inputHash: hashOf(head.inputs), createdBy: actor.subject });
  // jsonb typing: TypeORM's deep-partial type does not accept Record<string, unknown>.
  await repo.insert(entity as QueryDeepPartialEntity<ForecastEntity>);
  await ctx.em.query(
    `INSERT INTO forecast_lines (forecast_id, municipality_code, category, route, value, explanation)
     SELECT $1, m, c, r, v, e FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::numeric[], $6::varchar[]) AS t(m, c, r, v, e)`,
    [
      id,
      lines.map((l) => l.municipalityCode),
      lines.map((l) => l.category),
      lines.map((l) => l.route),
      lines.map((l) => l.value.toFixed(6)),
      lines.map((l) => l.explanation),
    ],
  );
  return repo.findOneByOrFail({ id });
}

/**
 * A forecast of counts for a year by a named method, stored with its inputs and published as
 * FORECAST counts an allocation rule can use. TAAKSTELLING copies that year's taakstelling;
 * TRAILING_ACTUALS averages the REGISTERED counts of the last N years (weighted; a municipality
 * merged since counts for its successor). Idempotent by key + request.
 */
export async function createForecast(
  ctx: RequestContext,
  input: CreateForecastInput,
): Promise<{ forecast: ForecastEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (input.method !== 'TAAKSTELLING' && input.method !== 'TRAILING_ACTUALS') {
    throw badInput('input.method', 'use TAAKSTELLING or TRAILING_ACTUALS here; a MANUAL_OVERRIDE goes through overrideForecast');
  }
  const periods = input.periods ?? 3;
  const rule = input.rule ?? 'PEILDATUM';
  const params = input.method === 'TRAILING_ACTUALS' ? { periods, weights: input.weights?.map((w) => w.toFixed()) ?? null, rule } : {};
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ year: input.year, method: input.method, params });
  return runCommand(ctx, (tx) =>
    idempotentForecast(tx, input.idempotencyKey, hash, async () => {
      const mergers = await listMergers(tx);
      const successor = (code: string): string => {
        let c = code;
        for (let i = 0; i < 50; i += 1) {
          const m = mergers.find((x) => x.dissolvedCode === c && x.effectiveDate <= `${input.year}-01-01`);
          if (!m) {
            break;
          }
          c = m.successorCode;
        }
        return c;
      };
      const inputs: Record<string, unknown>[] = [];
      let lines: Line[];
      if (input.method === 'TAAKSTELLING') {
        const counts = await yearlyCounts(tx, { year: input.year, basis: 'TAAKSTELLING' });
        lines = counts.map((c) => {
          inputs.push({
            year: input.year,
            municipalityCode: c.municipalityCode,
            category: c.category,
            route: c.route,
            value: c.value.toFixed(6),
            countIds: c.countIds,
          });
          return {
            municipalityCode: c.municipalityCode,
            category: c.category,
            route: c.route,
            value: c.value.toDecimalPlaces(6),
            explanation: `taakstelling ${input.year}`,
          };
        });
      } else {
        const values = [];
        for (let y = input.year - periods; y < input.year; y += 1) {
          for (const c of await yearlyCounts(tx, { year: y, basis: 'REGISTERED', rule })) {
            inputs.push({
              year: y,
              municipalityCode: c.municipalityCode,
              category: c.category,
              route: c.route,
              value: c.value.toFixed(6),
              countIds: c.countIds,
            });
            values.push({ key: `${successor(c.municipalityCode)}|${c.category}|${c.route ?? ''}`, year: y, value: c.value });
          }
        }
        lines = trailingAverage(values, input.year, periods, input.weights ?? null).map((r) => {
          const [municipalityCode, category, route] = r.key.split('|') as [string, string, string];
          return { municipalityCode, category, route: route === '' ? null : route, value: r.value, explanation: r.explanation };
        });
      }
      return store(
        tx,
        { year: input.year, method: input.method, params, inputs, reason: '', idempotencyKey: input.idempotencyKey, requestHash: hash },
        lines,
      );
    }),
  );
}

/** A manual override of one municipality's forecast by a finance officer, with a mandatory reason; supersedes earlier FORECAST rows. */
export async function overrideForecast(
  ctx: RequestContext,
  input: OverrideForecastInput,
): Promise<{ forecast: ForecastEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (!input.reason || input.reason.trim().length === 0 || input.reason.length > 500) {
    throw badInput('input.reason', 'give a reason of 1 to 500 characters');
  }
  if (input.value.isNegative() || input.value.decimalPlaces() > 6) {
    throw badInput('input.value', 'a count is ≥ 0 with at most 6 decimals');
  }
  const params = { municipalityCode: input.municipalityCode, category: input.category, route: input.route ?? null };
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ year: input.year, method: 'MANUAL_OVERRIDE', params, value: input.value.toFixed(6), reason: input.reason });
  return runCommand(ctx, (tx) =>
    idempotentForecast(tx, input.idempotencyKey, hash, () =>
      store(
        tx,
        {
          year: input.year,
          method: 'MANUAL_OVERRIDE',
          params,
          inputs: [],
          reason: input.reason.trim(),
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
        },
        [{ ...params, value: input.value, explanation: `manual override: ${input.reason.trim()}` }],
      ),
    ),
  );
}

export async function getForecastEntity(ctx: RequestContext, id: string): Promise<ForecastEntity> {
  const f = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.em.getRepository(ForecastEntity).findOneBy({ id }) : null;
  if (!f) {
    throw notFound('forecast', id);
  }
  return f;
}

/** Lines of a forecast; a controller sees its own municipality only. */
export async function forecastLines(ctx: RequestContext, id: string): Promise<ForecastLineEntity[]> {
  const scope = municipalityScope(ctx, null);
  const qb = ctx.em.getRepository(ForecastLineEntity).createQueryBuilder('l').where('l.forecast_id = :id', { id });
  if (scope !== null) {
    qb.andWhere('l.municipality_code = ANY(:scope)', { scope });
  }
  return qb.orderBy('l.municipality_code').addOrderBy('l.category').addOrderBy('l.route').getMany();
}

export async function listForecasts(ctx: RequestContext, year: number | null): Promise<ForecastEntity[]> {
  const qb = ctx.em.getRepository(ForecastEntity).createQueryBuilder('f');
  if (year !== null) {
    qb.where('f.year = :year', { year });
  }
  return qb.orderBy('f.created_at', 'DESC').limit(500).getMany();
}
