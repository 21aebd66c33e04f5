import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import { ImportPersonEventsInput, RegisterPersonEventSourceInput } from './people.inputs';
import {
  AttributedCountType,
  AttributionDetailConnection,
  AttributionRuleEnum,
  AttributionRunType,
  HandoverTotalsType,
  HandoverType,
  HousingDelayType,
  ImportSummaryType,
  PeriodConnection,
  PersonEventConnection,
  PersonEventSourceType,
  PersonHousingDelayConnection,
  PersonHistoryType,
  ReceptionViewType,
} from './people.type';
import * as events from './person-event.service';
import * as attribution from './attribution.service';
import * as queries from './people.queries';

@Authorized()
@Resolver()
export class PeopleResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => ImportSummaryType, { description: 'Import a batch of person events: all or nothing, idempotent per event id' })
  importPersonEvents(@Ctx() ctx: RequestContext, @Arg('input', () => ImportPersonEventsInput) input: ImportPersonEventsInput) {
    return events.importPersonEvents(ctx, { batchKey: input.batchKey, events: input.events.map((e) => ({ ...e })) });
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => PersonEventSourceType, { description: 'Declare a feed, and whether it delivers out of order' })
  registerPersonEventSource(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterPersonEventSourceInput) input: RegisterPersonEventSourceInput,
  ) {
    return events.registerPersonEventSource(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => [PersonEventSourceType], { description: 'Declared feeds of person events' })
  personEventSources(@Ctx() ctx: RequestContext) {
    return events.listPersonEventSources(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => PersonHistoryType, { description: 'A person’s events and responsibility periods' })
  personHistory(@Ctx() ctx: RequestContext, @Arg('personId', () => String) personId: string) {
    return queries.getPersonHistory(ctx, personId);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => PersonEventConnection, { description: 'Events held until they fit (they never change counts)' })
  pendingPersonEvents(@Ctx() ctx: RequestContext, @Args(() => PageArgs) page: PageArgs) {
    return queries.listPendingEvents(ctx, page.first, page.after);
  }

  @Authorized()
  @Query(() => PeriodConnection, {
    description: 'Responsibility periods of a municipality overlapping [from, to]; a controller: its own only',
  })
  municipalityPeriods(
    @Ctx() ctx: RequestContext,
    @Arg('municipalityCode', () => String) municipalityCode: string,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return queries.listMunicipalityPeriods(ctx, { municipalityCode, from, to, first: page.first, after: page.after });
  }

  @Authorized()
  @Query(() => PeriodConnection, {
    description: 'The people a municipality is responsible for on a date (default today); a controller: its own only',
  })
  peopleInView(
    @Ctx() ctx: RequestContext,
    @Arg('municipalityCode', () => String) municipalityCode: string,
    @Arg('date', () => String, { nullable: true }) date: string | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return queries.peopleInView(ctx, { municipalityCode, date, first: page.first, after: page.after });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => ReceptionViewType, { description: 'Nationally: people obliged on a date but in no municipality yet' })
  peopleInReception(@Ctx() ctx: RequestContext, @Arg('date', () => String) date: string, @Args(() => PageArgs) page: PageArgs) {
    return queries.listReception(ctx, { date, first: page.first, after: page.after });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => HousingDelayType, { description: 'Distribution of days from obligation start to housing, for housings in [from, to]' })
  housingDelay(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('bucketEdges', () => [Int], {
      nullable: true,
      description:
        'Histogram bucket lower bounds in days: whole numbers 0-36600, strictly ascending, 1 to 50 (default 0, 31, 91, 181, 366)',
    })
    bucketEdges?: number[] | null,
  ) {
    return queries.housingDelay(ctx, { from, to, bucketEdges });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => PersonHousingDelayConnection, {
    description: 'Per person, the housings in [from, to] behind housingDelay: days from obligation start to the first municipality',
  })
  housingDelays(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return queries.housingDelays(ctx, { from, to, first: page.first, after: page.after });
  }

  @Authorized()
  @Query(() => HandoverTotalsType, { description: 'National totals of the handovers in [from, to] (aggregates only, every role)' })
  handoverTotals(@Ctx() ctx: RequestContext, @Arg('from', () => String) from: string, @Arg('to', () => String) to: string) {
    return queries.handoverTotals(ctx, { from, to });
  }

  @Authorized()
  @Query(() => [HandoverType], { description: 'Moves received and handed over per municipality in [from, to]; a controller: its own only' })
  handovers(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ) {
    return queries.listHandovers(ctx, { from, to, municipalityCodes });
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AttributionRunType, { description: 'Attribute a year under a rule and store the run (replayed on the same event state)' })
  runAttribution(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('rule', () => AttributionRuleEnum) rule: AttributionRuleEnum,
  ) {
    return attribution.runAttribution(ctx, { year, rule });
  }

  @Authorized()
  @Query(() => [AttributionRunType], { description: 'Attribution runs of a year, newest first' })
  attributionRuns(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('rule', () => AttributionRuleEnum, { nullable: true }) rule?: AttributionRuleEnum | null,
  ) {
    return attribution.listAttributionRuns(ctx, { year, rule });
  }

  @Authorized()
  @Query(() => [AttributedCountType], { description: 'Counts of a run; a controller gets only its own municipality' })
  attributedCounts(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => String) runId: string,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ) {
    return attribution.attributionResults(ctx, { runId, municipalityCodes });
  }

  @Authorized()
  @Query(() => AttributionDetailConnection, {
    description:
      'Per pseudonymised person: municipality, category/route and units of a run (the trace behind attributedCounts); a controller: its own municipality only',
  })
  attributionDetail(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => String) runId: string,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes: string[] | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return attribution.attributionDetail(ctx, { runId, municipalityCodes, first: page.first, after: page.after });
  }
}
