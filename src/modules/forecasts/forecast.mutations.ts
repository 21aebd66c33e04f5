import type { RequestContext } from '../../context';
import { createForecast, overrideForecast, type CreateForecastInput, type OverrideForecastInput } from './forecast.service';
import { runBacktest, type RunBacktestInput } from './backtest.service';
import { backtestToType, forecastToType } from './forecast.queries';
import type { ForecastBacktestOutcome, ForecastOutcome } from './forecast.type';

/*
 * The forecasts module's mutations as the resolver answers them: one command of the service, its result
 * mapped to the GraphQL outcome. Reads live in forecast.queries.ts, rules in the services.
 */

export async function createForecastOutcome(ctx: RequestContext, input: CreateForecastInput): Promise<ForecastOutcome> {
  const { forecast, replayed } = await createForecast(ctx, input);
  return { forecast: await forecastToType(ctx, forecast), replayed };
}

export async function overrideForecastOutcome(ctx: RequestContext, input: OverrideForecastInput): Promise<ForecastOutcome> {
  const { forecast, replayed } = await overrideForecast(ctx, input);
  return { forecast: await forecastToType(ctx, forecast), replayed };
}

export async function runBacktestOutcome(ctx: RequestContext, input: RunBacktestInput): Promise<ForecastBacktestOutcome> {
  const { backtest, replayed } = await runBacktest(ctx, input);
  return { backtest: await backtestToType(ctx, backtest), replayed };
}
