import type { RequestContext } from '../../context';
import { canonicalJson } from '../allocations';
import type { ForecastEntity } from './forecast.entity';
import { forecastLines, getForecastEntity, listForecasts } from './forecast.service';
import type { ForecastMethodEnum, ForecastType } from './forecast.type';

/** A forecast with its lines, as the GraphQL type. */
export async function forecastToType(ctx: RequestContext, f: ForecastEntity): Promise<ForecastType> {
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
  return forecastToType(ctx, await getForecastEntity(ctx, id));
}

export async function forecasts(ctx: RequestContext, year: number | null): Promise<ForecastType[]> {
  const result: ForecastType[] = [];
  for (const f of await listForecasts(ctx, year)) {
    result.push(await forecastToType(ctx, f));
  }
  return result;
}
