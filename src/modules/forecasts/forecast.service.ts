import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole, municipalityScope } from '../../common/auth/scope';
import { Role, SYSTEM_ACTOR } from '../../common/auth/actor';
import { badInput, notFound } from '../../common/errors/domain-error';
import { listMergers, listMunicipalities } from '../municipalities';
import { currentCountRows, recordCounts, yearlyCounts } from '../counts';
import { canonicalJson, hashCanonical } from '../../common/hashing/canonical';
import { trailingAverage } from './forecast.calculator';
import { QUANTILE_LEVELS, shrinkageForecast, SHRINKAGE_EB_VERSION } from './shrinkage.calculator';
import { Money } from '../../common/money/money';
import { ForecastEntity, ForecastLineEntity } from './forecast.entity';

export type ForecastMethod = 'TAAKSTELLING' | 'TRAILING_ACTUALS' | 'MANUAL_OVERRIDE' | 'SHRINKAGE_EB';

/** Versions of the methods' formulas, stored with every forecast. */
export const METHOD_VERSIONS: Record<ForecastMethod, string> = {
  TAAKSTELLING: 'taakstelling/1',
  TRAILING_ACTUALS: 'trailing-actuals/1',
  MANUAL_OVERRIDE: 'manual-override/1',
  SHRINKAGE_EB: SHRINKAGE_EB_VERSION,
};

export interface CreateForecastInput {
  year: number;
  method: ForecastMethod;
  /** TRAILING_ACTUALS: number of years before `year` (default 3); SHRINKAGE_EB: default 5. */
  periods?: number | null;
  /** TRAILING_ACTUALS: one weight per year, oldest first (default equal). */
  weights?: Decimal[] | null;
  /** TRAILING_ACTUALS: the attribution rule of the REGISTERED counts (default PEILDATUM). */
  rule?: string | null;
  /**
   * SHRINKAGE_EB: publish this predictive quantile (e.g. '0.5', '0.9') as the FORECAST count
   * instead of the mean, so an advance plan on the FORECAST basis rests on that quantile.
   */
  publishLevel?: string | null;
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
  quantiles?: Record<string, string> | null;
}

const ZERO_COUNT = new Money(0);

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

/**
 * Publishes lines as the year's FORECAST counts (source MINISTRY, the whole year) in one batch.
 * With `replaceAll` (a full forecast, an INTERIM decision) every FORECAST key in force for the year
 * that has no line is published as zero, so no earlier key stays in force beside them (decision
 * 1300); an override changes its one key only.
 */
export async function publishForecastCounts(
  ctx: RequestContext,
  input: { year: number; batchKey: string; lines: Pick<Line, 'municipalityCode' | 'category' | 'route' | 'value'>[]; replaceAll: boolean },
): Promise<{ id: string }> {
  const { year, lines } = input;
  const superseded = input.replaceAll
    ? (await currentCountRows(ctx, { year, basis: 'FORECAST' })).filter(
        (c) =>
          c.periodType === 'YEAR' &&
          !c.value.isZero() &&
          !lines.some((l) => l.municipalityCode === c.municipalityCode && l.category === c.category && l.route === c.route),
      )
    : [];
  const published = [
    ...lines,
    ...superseded.map((c) => ({ municipalityCode: c.municipalityCode, category: c.category, route: c.route, value: ZERO_COUNT })),
  ];
  return recordCounts(ctx, {
    batchKey: input.batchKey,
    rows: published.map((l) => ({
      municipalityCode: l.municipalityCode,
      periodType: 'YEAR',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      category: l.category,
      route: l.route,
      basis: 'FORECAST',
      rule: null,
      source: 'MINISTRY',
      value: l.value.toFixed(6),
    })),
  });
}

/**
 * Stores the forecast with its lines; a PUBLISH forecast also publishes them as FORECAST counts
 * (batch `forecast:{id}`), a BACKTEST one is stored only.
 */
export async function store(
  ctx: RequestContext,
  head: Omit<ForecastEntity, 'id' | 'countBatchId' | 'createdAt' | 'createdBy' | 'inputHash'>,
  lines: Line[],
): Promise<ForecastEntity> {
  const actor = requireActor(ctx);
  if (lines.length === 0) {
    throw badInput('input.year', `no counts to forecast ${head.year} from`);
  }
  const id = crypto.randomUUID();
  const batch =
    head.purpose === 'BACKTEST'
      ? null
      : await publishForecastCounts(ctx, {
          year: head.year,
          batchKey: `forecast:${id}`,
          lines,
          replaceAll: head.method !== 'MANUAL_OVERRIDE',
        });
  const repo = ctx.em.getRepository(ForecastEntity);
  const entity = repo.create({
    ...head,
    id,
    countBatchId: batch?.id ?? null,
    inputHash: hashCanonical(head.inputs),
    createdBy: actor.subject,
  });
  // jsonb typing: TypeORM's deep-partial type does not accept Record<string, unknown>.
  await repo.insert(entity as QueryDeepPartialEntity<ForecastEntity>);
  await ctx.em.query(
    `INSERT INTO forecast_lines (forecast_id, municipality_code, category, route, value, explanation, quantiles)
     SELECT $1, m, c, r, v, e, q::jsonb
       FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::numeric[], $6::varchar[], $7::text[]) AS t(m, c, r, v, e, q)`,
    [
      id,
      lines.map((l) => l.municipalityCode),
      lines.map((l) => l.category),
      lines.map((l) => l.route),
      lines.map((l) => l.value.toFixed(6)),
      lines.map((l) => l.explanation),
      lines.map((l) => (l.quantiles ? canonicalJson(l.quantiles) : null)),
    ],
  );
  return repo.findOneByOrFail({ id });
}

export interface ForecastRecipe {
  year: number;
  method: 'TAAKSTELLING' | 'TRAILING_ACTUALS' | 'SHRINKAGE_EB';
  periods: number;
  weights: Decimal[] | null;
  rule: string;
  /** SHRINKAGE_EB: the quantile published instead of the mean (null = the mean). */
  publishLevel: string | null;
}

/** The parameters stored with (and hashed into the request of) a forecast by `recipe`. */
export function paramsOf(recipe: ForecastRecipe): Record<string, unknown> {
  switch (recipe.method) {
    case 'TAAKSTELLING':
      return {};
    case 'TRAILING_ACTUALS':
      return { periods: recipe.periods, weights: recipe.weights?.map((w) => w.toFixed()) ?? null, rule: recipe.rule };
    case 'SHRINKAGE_EB':
      return recipe.publishLevel === null
        ? { periods: recipe.periods, rule: recipe.rule }
        : { periods: recipe.periods, rule: recipe.rule, publishLevel: recipe.publishLevel };
  }
}

/**
 * The lines of a forecast by `recipe` from the data in the database now, with every input it used
 * (count rows and, for SHRINKAGE_EB, the register's population per municipality). History of a
 * municipality merged by 1 January of the year counts for its successor. No writes.
 */
export async function computeForecast(
  tx: RequestContext,
  recipe: ForecastRecipe,
): Promise<{ params: Record<string, unknown>; inputs: Record<string, unknown>[]; lines: Line[] }> {
  const { year, periods, rule } = recipe;
  const mergers = await listMergers(tx);
  const successor = (code: string): string => {
    let c = code;
    for (let i = 0; i < 50; i += 1) {
      const m = mergers.find((x) => x.dissolvedCode === c && x.effectiveDate <= `${year}-01-01`);
      if (!m) {
        break;
      }
      c = m.successorCode;
    }
    return c;
  };
  const inputs: Record<string, unknown>[] = [];
  const params = paramsOf(recipe);
  if (recipe.method === 'TAAKSTELLING') {
    const counts = await yearlyCounts(tx, { year, basis: 'TAAKSTELLING' });
    const lines = counts.map((c) => {
      inputs.push({
        year,
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
        explanation: `taakstelling ${year}`,
      };
    });
    return { params, inputs, lines };
  }
  const values: { key: string; municipalityCode: string; series: string; year: number; value: Decimal }[] = [];
  for (let y = year - periods; y < year; y += 1) {
    for (const c of await yearlyCounts(tx, { year: y, basis: 'REGISTERED', rule })) {
      inputs.push({
        year: y,
        municipalityCode: c.municipalityCode,
        category: c.category,
        route: c.route,
        value: c.value.toFixed(6),
        countIds: c.countIds,
      });
      const code = successor(c.municipalityCode);
      const series = `${c.category}|${c.route ?? ''}`;
      values.push({ key: `${code}|${series}`, municipalityCode: code, series, year: y, value: c.value });
    }
  }
  const split = (code: string, series: string): Pick<Line, 'municipalityCode' | 'category' | 'route'> => {
    const [category, route] = series.split('|') as [string, string];
    return { municipalityCode: code, category, route: route === '' ? null : route };
  };
  if (recipe.method === 'TRAILING_ACTUALS') {
    const lines = trailingAverage(values, year, periods, recipe.weights).map((r) => {
      const [municipalityCode, category, route] = r.key.split('|') as [string, string, string];
      return { ...split(municipalityCode, `${category}|${route}`), value: r.value, explanation: r.explanation };
    });
    return { params, inputs, lines };
  }
  // SHRINKAGE_EB: the register on 1 January of the year is the peer set; its population is an input.
  const register = await municipalitiesOn(tx, `${year}-01-01`);
  for (const m of register) {
    inputs.push({ municipalityCode: m.code, population: m.population });
  }
  const lines = shrinkageForecast({
    years: Array.from({ length: periods }, (_, i) => year - periods + i),
    history: values,
    municipalities: register,
  }).map((l) => {
    const level = recipe.publishLevel;
    return {
      ...split(l.municipalityCode, l.series),
      value: level === null ? l.value : new Money(l.quantiles[level] ?? '0').toDecimalPlaces(6),
      explanation: level === null ? l.explanation : `${l.explanation}; published: the ${level} quantile`,
      quantiles: l.quantiles,
    };
  });
  return { params, inputs, lines };
}

/** Code and population of every municipality existing on `date` (all of them: an internal read for the peer set). */
export async function municipalitiesOn(tx: RequestContext, date: string): Promise<{ code: string; population: number }[]> {
  const all: { code: string; population: number }[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listMunicipalities({ ...tx, actor: SYSTEM_ACTOR }, { existingOn: date }, 500, after);
    all.push(...page.edges.map((e) => ({ code: e.node.code, population: e.node.population })));
    if (!page.pageInfo.hasNextPage) {
      return all;
    }
    after = page.pageInfo.endCursor;
  }
}

/** Checks and defaults of a create request. */
export function recipeOf(input: Omit<CreateForecastInput, 'idempotencyKey'>): ForecastRecipe {
  if (input.method !== 'TAAKSTELLING' && input.method !== 'TRAILING_ACTUALS' && input.method !== 'SHRINKAGE_EB') {
    throw badInput(
      'input.method',
      'use TAAKSTELLING, TRAILING_ACTUALS or SHRINKAGE_EB here; a MANUAL_OVERRIDE goes through overrideForecast',
    );
  }
  const periods = input.periods ?? (input.method === 'SHRINKAGE_EB' ? 5 : 3);
  if (input.method === 'SHRINKAGE_EB' && (!Number.isInteger(periods) || periods < 2 || periods > 10)) {
    throw badInput('input.periods', 'SHRINKAGE_EB uses 2 to 10 years');
  }
  if (input.method === 'SHRINKAGE_EB' && input.weights && input.weights.length > 0) {
    throw badInput('input.weights', 'SHRINKAGE_EB takes no weights');
  }
  const method = input.method;
  const publishLevel = input.publishLevel ?? null;
  if (publishLevel !== null && (method !== 'SHRINKAGE_EB' || !(QUANTILE_LEVELS as readonly number[]).map(String).includes(publishLevel))) {
    throw badInput('input.publishLevel', `only SHRINKAGE_EB publishes a quantile, one of ${QUANTILE_LEVELS.join(', ')}`);
  }
  return { year: input.year, method, periods, weights: input.weights ?? null, rule: input.rule ?? 'PEILDATUM', publishLevel };
}

/**
 * A forecast of counts for a year by a named method, stored with its inputs and method version and
 * published as FORECAST counts an allocation rule can use. TAAKSTELLING copies that year's
 * taakstelling; TRAILING_ACTUALS averages the REGISTERED counts of the last N years (weighted);
 * SHRINKAGE_EB shrinks each municipality's share toward its size class and adds predictive
 * quantiles (docs/forecasting.md). Idempotent by key + request.
 */
export async function createForecast(
  ctx: RequestContext,
  input: CreateForecastInput,
): Promise<{ forecast: ForecastEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const recipe = recipeOf(input);
  const params = paramsOf(recipe);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({ year: input.year, method: input.method, params });
  return runCommand(ctx, (tx) =>
    idempotentForecast(tx, input.idempotencyKey, hash, async () => {
      const { inputs, lines } = await computeForecast(tx, recipe);
      return store(
        tx,
        {
          year: input.year,
          method: input.method,
          methodVersion: METHOD_VERSIONS[input.method],
          purpose: 'PUBLISH',
          params,
          inputs,
          reason: '',
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
        },
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
          methodVersion: METHOD_VERSIONS.MANUAL_OVERRIDE,
          purpose: 'PUBLISH',
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
  // Backtest forecasts are read through their backtest.
  const qb = ctx.em.getRepository(ForecastEntity).createQueryBuilder('f').where(`f.purpose = 'PUBLISH'`);
  if (year !== null) {
    qb.andWhere('f.year = :year', { year });
  }
  return qb.orderBy('f.created_at', 'DESC').limit(500).getMany();
}
