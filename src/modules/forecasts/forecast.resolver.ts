import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { ForecastOutcome, ForecastType } from './forecast.type';
import { CreateForecastInput, OverrideForecastInput } from './forecast.inputs';
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
}
