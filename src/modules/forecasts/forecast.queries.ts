import type { RequestContext } from '../../context';
import { canonicalJson } from '../allocations';
import type { ForecastEntity } from './forecast.entity';
import {
  createForecast,
  forecastLines,
  getForecastEntity,
  listForecasts,
  overrideForecast,
  type CreateForecastInput,
  type OverrideForecastInput,
} from './forecast.service';
import type { ForecastMethodEnum, ForecastOutcome, ForecastType } from './forecast.type';

async function toType(ctx: RequestContext, f: ForecastEntity): Promise<ForecastType> {
  const lines = await forecastLines(ctx, f.id);
  return {
    id: f.id,
    year: f.year,
    method: f.method as ForecastMethodEnum,
    params: canonicalJson(f.params),
    inputCount: f.inputs.length,
    inputHash: f.inputHash,
    countBatchId: f.countBatchId,
    reason: f.reason,
    createdBy: f.createdBy,
    createdAt: f.createdAt,
    lines: lines.map((l) => ({
      municipalityCode: l.municipalityCode,
      category: l.category,
      route: l.route,
      value: l.value.toFixed(6),
      explanation: l.explanation,
    })),
  };
}

export async function getForecast(ctx: RequestContext, id: string): Promise<ForecastType> {
  return toType(ctx, await getForecastEntity(ctx, id));
}

export async function forecasts(ctx: RequestContext, year: number | null): Promise<ForecastType[]> {
  const result: ForecastType[] = [];
  for (const f of await listForecasts(ctx, year)) {
    result.push(await toType(ctx, f));
  }
  return result;
}

export async function createForecastOutcome(ctx: RequestContext, input: CreateForecastInput): Promise<ForecastOutcome> {
  const { forecast, replayed } = await createForecast(ctx, input);
  return { forecast: await toType(ctx, forecast), replayed };
}

export async function overrideForecastOutcome(ctx: RequestContext, input: OverrideForecastInput): Promise<ForecastOutcome> {
  const { forecast, replayed } = await overrideForecast(ctx, input);
  return { forecast: await toType(ctx, forecast), replayed };
}
