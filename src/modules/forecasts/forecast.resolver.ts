import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { ForecastExposureType, ForecastBacktestOutcome, ForecastBacktestType, ForecastOutcome, ForecastType } from './forecast.type';
import { CreateForecastInput, OverrideForecastInput, RunForecastBacktestInput } from './forecast.inputs';
import * as queries from './forecast.queries';
import * as mutations from './forecast.mutations';

@Authorized()
@Resolver(() => ForecastType)
export class ForecastResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => ForecastOutcome, { description: 'Make a forecast (TAAKSTELLING or TRAILING_ACTUALS) and publish it as FORECAST counts' })
  createForecast(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateForecastInput) input: CreateForecastInput,
  ): Promise<ForecastOutcome> {
    return mutations.createForecastOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => ForecastOutcome, { description: "Override one municipality's forecast, with a reason" })
  overrideForecast(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OverrideForecastInput) input: OverrideForecastInput,
  ): Promise<ForecastOutcome> {
    return mutations.overrideForecastOutcome(ctx, input);
  }

  @Authorized()
  @Query(() => [ForecastType], { description: 'Forecasts, newest first (at most 500)' })
  forecasts(@Ctx() ctx: RequestContext, @Arg('year', () => Int, { nullable: true }) year?: number | null): Promise<ForecastType[]> {
    return queries.forecasts(ctx, year ?? null);
  }

  @Authorized()
  @Query(() => ForecastType)
  forecast(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ForecastType> {
    return queries.getForecast(ctx, id);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => ForecastBacktestOutcome, {
    description: 'Forecast each past year by one method from the data known then, stored (not published), to compare with what happened',
  })
  runForecastBacktest(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RunForecastBacktestInput) input: RunForecastBacktestInput,
  ): Promise<ForecastBacktestOutcome> {
    return mutations.runBacktestOutcome(ctx, input);
  }

  @Authorized()
  @Query(() => ForecastBacktestType, {
    description: 'A backtest: errors per line, coverage per interval and size class (controllers: own rows)',
  })
  forecastBacktest(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ForecastBacktestType> {
    return queries.getBacktest(ctx, id);
  }

  @Authorized()
  @Query(() => [ForecastBacktestType], { description: 'Backtests, newest first (at most 100)' })
  forecastBacktests(@Ctx() ctx: RequestContext): Promise<ForecastBacktestType[]> {
    return queries.backtests(ctx);
  }

  @Authorized()
  @Query(() => ForecastExposureType, {
    description:
      "Mid-year re-estimate: each municipality's paid, advance basis, entitlement and expected settlement at 10/50/90 %, and the national overrun range (controllers: own line)",
  })
  forecastExposure(
    @Ctx() ctx: RequestContext,
    @Arg('forecastId', () => ID) forecastId: string,
    @Arg('allocationRunId', () => ID) allocationRunId: string,
  ): Promise<ForecastExposureType> {
    return queries.exposure(ctx, forecastId, allocationRunId);
  }
}
