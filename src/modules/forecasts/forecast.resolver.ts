import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectedFieldNames } from '../../common/graphql/selection';
import { PageArgs } from '../../common/graphql/connection';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import {
  ForecastBacktestOutcome,
  ForecastBacktestRowConnection,
  ForecastBacktestType,
  ForecastExposureType,
  ForecastOutcome,
  ForecastType,
} from './forecast.type';
import { CreateForecastInput, OverrideForecastInput, RunForecastBacktestInput } from './forecast.inputs';
import * as queries from './forecast.queries';
import * as mutations from './forecast.mutations';
import * as interim from './interim.queries';
import { InterimDecisionOutcome, InterimEstimateOutcome, InterimEstimateType } from './interim.type';
import { DecideInterimEstimateInput, RunKeyComparisonInput, StartInterimEstimateInput } from './interim.inputs';
import * as keys from './key-comparison.queries';
import { KeyComparisonOutcome, KeyComparisonType } from './key-comparison.type';

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
  forecastBacktest(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ForecastBacktestType> {
    // The fan chart asks for one municipality's page, not the national comparison (decision 1880).
    const selected = selectedFieldNames(info);
    return selected.has('summary') || selected.has('rows') ? queries.getBacktest(ctx, id) : queries.getBacktestHeader(ctx, id);
  }

  @Authorized()
  @Query(() => [ForecastBacktestType], { description: 'Backtests, newest first (at most 100)' })
  forecastBacktests(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ForecastBacktestType[]> {
    // The console's list asks for the summaries only: kept per inputs' version (decision 1960).
    return selectedFieldNames(info).has('rows') ? queries.backtests(ctx) : queries.backtestSummaries(ctx);
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

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => InterimEstimateOutcome, {
    description:
      'Start a mid-year re-estimate (INTERIM, nadere voorlopige uitkering) on a forecast at a chosen level or the counts in force: stored with its inputs, books nothing',
  })
  startInterimEstimate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartInterimEstimateInput) input: StartInterimEstimateInput,
  ): Promise<InterimEstimateOutcome> {
    return interim.startInterimEstimateOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => InterimDecisionOutcome, {
    description: 'Decide a re-estimate: an INTERIM allocation run (booked as every run) and a revision of the advance plan on it',
  })
  decideInterimEstimate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DecideInterimEstimateInput) input: DecideInterimEstimateInput,
  ): Promise<InterimDecisionOutcome> {
    return interim.decideInterimEstimateOutcome(ctx, input);
  }

  @Authorized()
  @Query(() => InterimEstimateType, { description: 'A mid-year re-estimate with its exposure ranges (controllers: own line)' })
  interimEstimate(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<InterimEstimateType> {
    return interim.interimEstimate(ctx, id);
  }

  @Authorized()
  @Query(() => [InterimEstimateType], { description: 'Re-estimates of a scheme-year, newest first (at most 100; controllers: own lines)' })
  interimEstimates(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
  ): Promise<InterimEstimateType[]> {
    return interim.interimEstimates(ctx, schemeCode, year);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => KeyComparisonOutcome, {
    description:
      'Which key? Compare candidate distribution keys on the same history over backtest years; stored with its inputs, books nothing',
  })
  runKeyComparison(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RunKeyComparisonInput) input: RunKeyComparisonInput,
  ): Promise<KeyComparisonOutcome> {
    return keys.runKeyComparisonOutcome(ctx, input);
  }

  @Authorized()
  @Query(() => KeyComparisonType, {
    description: 'A key comparison: national summary per key, lines per municipality paged (controllers: own)',
  })
  keyComparison(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('key', () => String, { nullable: true }) key?: string | null,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
    @Arg('offset', () => Int, { nullable: true }) offset?: number | null,
    @Arg('limit', () => Int, { nullable: true, description: '1 to 500, default 50' }) limit?: number | null,
  ): Promise<KeyComparisonType> {
    return keys.keyComparison(ctx, id, { key, municipalityCodes, offset, limit });
  }

  @Authorized()
  @Query(() => [KeyComparisonType], {
    description: 'Key comparisons of a scheme-year, newest first (summaries; lines through keyComparison)',
  })
  keyComparisons(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
  ): Promise<KeyComparisonType[]> {
    return keys.keyComparisons(ctx, schemeCode, year);
  }
}

/** A backtest's lines a page at a time, and the municipalities it has lines for (decision 1880). */
@Authorized()
@Resolver(() => ForecastBacktestType)
export class ForecastBacktestResolver {
  @Authorized()
  @FieldResolver(() => [String], {
    description: 'The municipalities the stored forecasts of the backtest have lines for, in code order (controllers: their own)',
  })
  municipalityCodes(@Ctx() ctx: RequestContext, @Root() backtest: ForecastBacktestType): Promise<string[]> {
    return queries.backtestMunicipalityCodes(ctx, backtest);
  }

  @Authorized()
  @FieldResolver(() => ForecastBacktestRowConnection, {
    description:
      'The lines in the order of `rows` (year, municipality, category, route), a page at a time, with the count of all; municipalityCode: only that municipality’s (a controller: its own, another is FORBIDDEN)',
  })
  rowPage(
    @Ctx() ctx: RequestContext,
    @Root() backtest: ForecastBacktestType,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('municipalityCode', () => String, { nullable: true }) municipalityCode?: string | null,
  ) {
    return queries.backtestRowPage(ctx, backtest, {
      municipalityCode: municipalityCode ?? null,
      first: page.first,
      after: page.after ?? null,
    });
  }
}
