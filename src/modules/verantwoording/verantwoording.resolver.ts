import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import * as commands from './verantwoording.service';
import * as queries from './verantwoording.queries';
import { AccountabilityReport, AccountabilityReportConnection, AccountabilityStatusConnection } from './verantwoording.type';
import {
  AccountabilityOverviewFilter,
  CreateReportDraftInput,
  DecideReportInput,
  OverviewArgs,
  ReopenAccountabilityInput,
  ReportFilter,
  SetAccountabilityToleranceInput,
  UpdateReportDraftInput,
} from './verantwoording.inputs';

@Authorized()
@Resolver(() => AccountabilityReport)
export class VerantwoordingResolver {
  @Authorized()
  @Query(() => AccountabilityReport, { description: 'One version of an accountability report' })
  accountabilityReport(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<AccountabilityReport> {
    return queries.getReport(ctx, id);
  }

  @Authorized()
  @Query(() => AccountabilityReportConnection, { description: 'Every version of every report (a controller: its own)' })
  accountabilityReports(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ReportFilter, { nullable: true }) filter?: ReportFilter,
  ) {
    return queries.listReports(ctx, filter, page.first, page.after);
  }

  @Authorized()
  @Query(() => AccountabilityStatusConnection, { description: 'Who has reported, who is late or overdue, who differs beyond tolerance' })
  accountabilityOverview(
    @Ctx() ctx: RequestContext,
    @Args(() => OverviewArgs) args: OverviewArgs,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AccountabilityOverviewFilter, { nullable: true }) filter?: AccountabilityOverviewFilter,
  ) {
    return queries.accountabilityOverview(ctx, args, filter, page.first, page.after);
  }

  @Authorized(Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AccountabilityReport, { description: 'Start a report, or a correction of the latest decided version' })
  async createReportDraft(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateReportDraftInput) input: CreateReportDraftInput,
  ): Promise<AccountabilityReport> {
    return queries.getReport(ctx, await commands.createReportDraft(ctx, input));
  }

  @Authorized(Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AccountabilityReport, { description: 'Replace the content of a draft' })
  async updateReportDraft(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateReportDraftInput) input: UpdateReportDraftInput,
  ): Promise<AccountabilityReport> {
    return queries.getReport(ctx, await commands.updateReportDraft(ctx, input));
  }

  @Authorized(Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AccountabilityReport, { description: 'Freeze a draft: time, lateness, content hash, and the differences found' })
  async submitReport(@Ctx() ctx: RequestContext, @Arg('reportId', () => ID) reportId: string): Promise<AccountabilityReport> {
    return queries.getReport(ctx, await commands.submitReport(ctx, reportId));
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AccountabilityReport, { description: 'Accept or reject a submitted report (a rejection needs a reason)' })
  async decideReport(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DecideReportInput) input: DecideReportInput,
  ): Promise<AccountabilityReport> {
    return queries.getReport(ctx, await commands.decideReport(ctx, input));
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => Boolean, { description: 'Set the tolerances for differences of a scheme-year' })
  async setAccountabilityTolerance(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetAccountabilityToleranceInput) input: SetAccountabilityToleranceInput,
  ): Promise<boolean> {
    await commands.setTolerance(ctx, input);
    return true;
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => Boolean, { description: 'Reopen a closed scheme-year for reports (all municipalities, or one)' })
  async reopenAccountability(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReopenAccountabilityInput) input: ReopenAccountabilityInput,
  ): Promise<boolean> {
    await commands.reopenAccountability(ctx, input);
    return true;
  }
}
