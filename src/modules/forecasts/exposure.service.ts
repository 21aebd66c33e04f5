import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { badInput } from '../../common/errors/domain-error';
import { Money, ZERO } from '../../common/money/money';
import { calculateFromInputs, getAllocationRun, runInputsJson, type RunInputs } from '../allocations';
import { paidByMunicipality, runEntitlements } from '../advances';
import { getForecastEntity } from './forecast.service';
import { ForecastLineEntity } from './forecast.entity';

/** Levels of the exposure ranges. */
export const EXPOSURE_LEVELS = ['0.1', '0.5', '0.9'] as const;

export interface ExposureLine {
  municipalityCode: string;
  /** Tranches paid so far for the scheme-year. */
  paid: Decimal;
  /** Entitlement of the allocation run the advances rest on. */
  advanceBasis: Decimal;
  /** Entitlement with the forecast's point counts (the latest estimate). */
  entitledOnEstimate: Decimal;
  /** Entitlement with the counts at 10/50/90 %. */
  entitled: Record<(typeof EXPOSURE_LEVELS)[number], Decimal>;
  /** entitled − advanceBasis at 10/50/90 %: > 0 an additional payment, < 0 a recovery. */
  settlement: Record<(typeof EXPOSURE_LEVELS)[number], Decimal>;
}

export interface Exposure {
  schemeCode: string;
  year: number;
  forecastId: string;
  allocationRunId: string;
  budget: Decimal;
  /** National totals (every municipality), at the point and at 10/50/90 %. */
  totalOnEstimate: Decimal;
  total: Record<(typeof EXPOSURE_LEVELS)[number], Decimal>;
  /** max(0, total − budget). */
  overrun: Record<(typeof EXPOSURE_LEVELS)[number], Decimal>;
  lines: ExposureLine[];
}

/**
 * The mid-year re-estimate's exposure (issue 18.4), read-only: the allocation run the advances
 * rest on is recalculated with its own stored inputs (scheme, rule, rates, register, mergers,
 * base amounts) but the counts replaced by a forecast's point and 10/50/90 % quantiles (a
 * forecast without quantiles, e.g. TAAKSTELLING, gives a range of one point), by the allocation module's own calculator (apportionment and rounding per DOMAIN.md:
 * a CLOSED budget is apportioned to the cent, parts sum to the budget). Nothing is booked.
 * National totals go to every role (decision 0407); a controller gets its own line only.
 */
export async function forecastExposure(ctx: RequestContext, input: { forecastId: string; allocationRunId: string }): Promise<Exposure> {
  const scope = municipalityScope(ctx, null);
  const internal: RequestContext = { ...ctx, actor: SYSTEM_ACTOR };
  const forecast = await getForecastEntity(ctx, input.forecastId);
  const run = await getAllocationRun(internal, input.allocationRunId);
  if (run.year !== forecast.year) {
    throw badInput('allocationRunId', `run ${run.id} is of ${run.year}, the forecast of ${forecast.year}`);
  }
  const inputs = JSON.parse(await runInputsJson(internal, run.id)) as RunInputs;
  const lines = await ctx.em.getRepository(ForecastLineEntity).findBy({ forecastId: forecast.id });
  const countsAt = (pick: (l: ForecastLineEntity) => string): RunInputs['counts'] =>
    lines.map((l) => ({
      id: `forecast-line:${l.id}`,
      municipalityCode: l.municipalityCode,
      periodType: 'YEAR',
      periodStart: `${forecast.year}-01-01`,
      periodEnd: `${forecast.year}-12-31`,
      category: l.category,
      route: l.route,
      value: pick(l),
    }));
  const entitlements = (counts: RunInputs['counts']): Map<string, Decimal> =>
    new Map(calculateFromInputs({ ...inputs, counts }).lines.map((l) => [l.municipalityCode, l.amount]));
  const point = entitlements(countsAt((l) => l.value.toFixed(6)));
  const at = Object.fromEntries(
    EXPOSURE_LEVELS.map((q) => [q, entitlements(countsAt((l) => l.quantiles?.[q] ?? l.value.toFixed(6)))]),
  ) as Record<(typeof EXPOSURE_LEVELS)[number], Map<string, Decimal>>;
  const advance = (await runEntitlements(internal, run.id, run.schemeCode, run.year)).amounts;
  const paid = await paidByMunicipality(internal, run.schemeCode, run.year);
  const budget = new Money(inputs.scheme.budget);
  const sum = (m: Map<string, Decimal>) => [...m.values()].reduce((a, b) => a.plus(b), ZERO);
  const codes = [...new Set([...point.keys(), ...advance.keys()])].sort();
  const all: ExposureLine[] = codes.map((code) => {
    const basis = advance.get(code) ?? ZERO;
    const entitled = Object.fromEntries(EXPOSURE_LEVELS.map((q) => [q, at[q].get(code) ?? ZERO])) as ExposureLine['entitled'];
    return {
      municipalityCode: code,
      paid: paid.get(code) ?? ZERO,
      advanceBasis: basis,
      entitledOnEstimate: point.get(code) ?? ZERO,
      entitled,
      settlement: Object.fromEntries(EXPOSURE_LEVELS.map((q) => [q, entitled[q].minus(basis)])) as ExposureLine['settlement'],
    };
  });
  const total = Object.fromEntries(EXPOSURE_LEVELS.map((q) => [q, sum(at[q])])) as Exposure['total'];
  return {
    schemeCode: run.schemeCode,
    year: run.year,
    forecastId: forecast.id,
    allocationRunId: run.id,
    budget,
    totalOnEstimate: sum(point),
    total,
    overrun: Object.fromEntries(
      EXPOSURE_LEVELS.map((q) => [q, total[q].gt(budget) ? total[q].minus(budget) : ZERO]),
    ) as Exposure['overrun'],
    lines: scope === null ? all : all.filter((l) => scope.includes(l.municipalityCode)),
  };
}
