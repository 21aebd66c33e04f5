import crypto from 'node:crypto';
import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { Role, SYSTEM_ACTOR } from '../../common/auth/actor';
import { badInput, notFound } from '../../common/errors/domain-error';
import { municipalityPopulations } from '../municipalities';
import { yearlyCounts } from '../counts';
import { ForecastBacktestEntity, ForecastEntity, ForecastLineEntity } from './forecast.entity';
import { computeForecast, METHOD_VERSIONS, paramsOf, recipeOf, store, type ForecastMethod } from './forecast.service';
import { compareBacktest, summariseBacktest, type BacktestRow, type BacktestSummary } from './backtest.calculator';

export interface RunBacktestInput {
  method: ForecastMethod;
  fromYear: number;
  toYear: number;
  periods?: number | null;
  rule?: string | null;
  idempotencyKey: string;
}

/**
 * For each year from `fromYear` to `toYear`, a forecast by `method` from the data known then (the
 * REGISTERED counts of the years before it; TAAKSTELLING: that year's taakstelling), stored as a
 * BACKTEST forecast with its inputs and never published. Idempotent by key + request. The
 * comparison with what happened is made when read (`backtestResult`), from the stored forecasts
 * and the counts in force then.
 */
export async function runBacktest(
  ctx: RequestContext,
  input: RunBacktestInput,
): Promise<{ backtest: ForecastBacktestEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (
    !Number.isInteger(input.fromYear) ||
    !Number.isInteger(input.toYear) ||
    input.toYear < input.fromYear ||
    input.toYear - input.fromYear > 15
  ) {
    throw badInput('input.toYear', 'give a range of 1 to 16 years, fromYear ≤ toYear');
  }
  const recipes = Array.from({ length: input.toYear - input.fromYear + 1 }, (_, i) =>
    recipeOf({
      year: input.fromYear + i,
      method: input.method,
      periods: input.periods ?? null,
      rule: input.rule ?? null,
      publishLevel: null,
    }),
  );
  const first = recipes[0];
  if (first === undefined) {
    throw badInput('input.toYear', 'no years');
  }
  const params = { ...paramsOf(first), fromYear: input.fromYear, toYear: input.toYear, rule: first.rule };
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ method: input.method, params });
  return runCommand(ctx, async (tx) => {
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 8))`, [`forecast-backtest:${input.idempotencyKey}`]);
    const repo = tx.em.getRepository(ForecastBacktestEntity);
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'backtest',
      requestHash: hash,
      find: async () => {
        const earlier = await repo.findOneBy({ idempotencyKey: input.idempotencyKey });
        return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
      },
      perform: async () => {
        const id = crypto.randomUUID();
        const forecastIds: { year: number; forecastId: string }[] = [];
        for (const recipe of recipes) {
          const { inputs, lines } = await computeForecast(tx, recipe);
          if (lines.length === 0) {
            throw badInput('input.fromYear', `no counts to forecast ${recipe.year} from`);
          }
          const f = await store(
            tx,
            {
              year: recipe.year,
              method: recipe.method,
              methodVersion: METHOD_VERSIONS[recipe.method],
              purpose: 'BACKTEST',
              params: paramsOf(recipe),
              inputs,
              reason: '',
              idempotencyKey: `backtest:${id}:${recipe.year}`,
              requestHash: hash,
            },
            lines,
          );
          forecastIds.push({ year: recipe.year, forecastId: f.id });
        }
        const entity = repo.create({
          id,
          method: input.method,
          params,
          forecastIds,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          createdBy: requireActor(tx).subject,
        });
        await repo.insert(entity as QueryDeepPartialEntity<ForecastBacktestEntity>);
        return repo.findOneByOrFail({ id });
      },
    });
    return { backtest: result, replayed };
  });
}

export async function getBacktestEntity(ctx: RequestContext, id: string): Promise<ForecastBacktestEntity> {
  const b = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.em.getRepository(ForecastBacktestEntity).findOneBy({ id }) : null;
  if (!b) {
    throw notFound('backtest', id);
  }
  return b;
}

export async function listBacktests(ctx: RequestContext): Promise<ForecastBacktestEntity[]> {
  return ctx.em.getRepository(ForecastBacktestEntity).find({ order: { createdAt: 'DESC' }, take: 100 });
}

/**
 * The comparison of a backtest's stored forecasts with the REGISTERED counts (same rule) of each
 * year: rows per year, municipality, category and route, and totals per size class (population in
 * the register now). The summary covers every municipality (a national figure, decision 1301);
 * a controller gets only its own municipality's rows.
 */
export async function backtestResult(ctx: RequestContext, id: string): Promise<{ rows: BacktestRow[]; summary: BacktestSummary[] }> {
  const b = await getBacktestEntity(ctx, id);
  const scope = municipalityScope(ctx, null);
  const rows = await backtestRows(ctx, b, null);
  return { rows: scope === null ? rows : rows.filter((r) => scope.includes(r.municipalityCode)), summary: summariseBacktest(rows) };
}

/**
 * The compared lines of a backtest, of every municipality (`codes` null) or of `codes` only: the
 * stored lines and the counts are read for those codes alone, and as a line's key holds its
 * code, those are exactly the lines the national comparison has for them (decision 1880). Not
 * scoped: callers scope.
 */
export async function backtestRows(
  ctx: RequestContext,
  b: ForecastBacktestEntity,
  codes: readonly string[] | null,
): Promise<BacktestRow[]> {
  const internal: RequestContext = { ...ctx, actor: SYSTEM_ACTOR };
  const rule = String(b.params.rule ?? 'PEILDATUM');
  const only = codes === null ? null : [...codes];
  // Each year's stored lines and counts, and the register's populations, read side by side.
  const [perYear, registered] = await Promise.all([
    Promise.all(
      b.forecastIds.map(async ({ year, forecastId }) => {
        const [lines, counts] = await Promise.all([
          ctx.em.getRepository(ForecastLineEntity).findBy(only === null ? { forecastId } : { forecastId, municipalityCode: In(only) }),
          yearlyCounts(internal, { year, basis: 'REGISTERED', rule, municipalityCodes: only }),
        ]);
        return {
          forecasts: lines.map((l) => ({
            year,
            municipalityCode: l.municipalityCode,
            category: l.category,
            route: l.route,
            value: l.value,
            quantiles: l.quantiles,
          })),
          actuals: counts.map((c) => ({
            year,
            municipalityCode: c.municipalityCode,
            category: c.category,
            route: c.route,
            value: c.value,
          })),
        };
      }),
    ),
    municipalityPopulations(internal),
  ]);
  const forecasts = perYear.flatMap((y) => y.forecasts);
  const actuals = perYear.flatMap((y) => y.actuals);
  const population = new Map(registered.map((m) => [m.code, m.population]));
  return compareBacktest(forecasts, actuals, population);
}

/** The municipalities a backtest's stored forecasts have lines for, in code order. Not scoped. */
export async function backtestForecastCodes(ctx: RequestContext, b: ForecastBacktestEntity): Promise<string[]> {
  const rows = await ctx.em.query<{ code: string }[]>(
    `SELECT DISTINCT municipality_code AS code FROM forecast_lines WHERE forecast_id = ANY($1::uuid[])`,
    [b.forecastIds.map((f) => f.forecastId)],
  );
  return rows.map((r) => r.code).sort();
}

/** The BACKTEST forecasts of a backtest (for reproducing it from the stored inputs). */
export async function backtestForecasts(ctx: RequestContext, b: ForecastBacktestEntity): Promise<ForecastEntity[]> {
  const ids = b.forecastIds.map((f) => f.forecastId);
  return ids.length === 0
    ? []
    : ctx.em.getRepository(ForecastEntity).createQueryBuilder('f').where('f.id = ANY(:ids)', { ids }).orderBy('f.year').getMany();
}
