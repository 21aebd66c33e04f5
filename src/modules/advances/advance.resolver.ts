import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import {
  AdvancePlan,
  AdvancePlanLine,
  AdvancePlanMonth,
  AdvancePlanOutcome,
  AdvanceSuspension,
  PayTranchesOutcomeType,
} from './advance.type';
import { AdvanceSuspensionInput, CreateAdvancePlanInput, PayTranchesInput, ReviseAdvancePlanInput } from './advance.inputs';
import * as suspensions from './advance.suspension.service';
import * as queries from './advance.queries';
import * as mutations from './advance.mutations';

@Authorized()
@Resolver(() => AdvancePlan)
export class AdvanceResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AdvancePlanOutcome, { description: 'Version 1 of the advance plan of a scheme-year (DOMAIN.md Calculation 5)' })
  createAdvancePlan(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateAdvancePlanInput) input: CreateAdvancePlanInput,
  ): Promise<AdvancePlanOutcome> {
    return mutations.createAdvancePlanOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AdvancePlanOutcome, { description: 'Re-plan the unpaid tranches on a new run (DOMAIN.md Calculation 6)' })
  reviseAdvancePlan(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReviseAdvancePlanInput) input: ReviseAdvancePlanInput,
  ): Promise<AdvancePlanOutcome> {
    return mutations.reviseAdvancePlanOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => PayTranchesOutcomeType, { description: 'Pay (book) every unpaid tranche due up to a date, once' })
  payTranches(@Ctx() ctx: RequestContext, @Arg('input', () => PayTranchesInput) input: PayTranchesInput): Promise<PayTranchesOutcomeType> {
    return mutations.payTranchesOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AdvanceSuspension, { description: 'Hold the advances of a municipality whose accountability report is overdue' })
  suspendAdvances(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AdvanceSuspensionInput) input: AdvanceSuspensionInput,
  ): Promise<AdvanceSuspension> {
    return suspensions.suspendAdvances(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AdvanceSuspension, { description: 'Release suspended advances once the report has arrived' })
  releaseAdvances(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AdvanceSuspensionInput) input: AdvanceSuspensionInput,
  ): Promise<AdvanceSuspension> {
    return suspensions.releaseAdvances(ctx, input);
  }

  @Authorized()
  @Query(() => [AdvanceSuspension], { description: 'Suspensions and releases of a scheme-year, oldest first; controllers see their own' })
  advanceSuspensions(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ): Promise<AdvanceSuspension[]> {
    return suspensions.suspensionHistory(ctx, schemeCode, year, municipalityCodes ?? null);
  }

  @Authorized()
  @Query(() => [AdvancePlan], { description: 'Every plan version of a scheme-year, newest first' })
  advancePlans(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
  ): Promise<AdvancePlan[]> {
    return queries.listAdvancePlans(ctx, schemeCode, year);
  }

  @Authorized()
  @Query(() => [AdvancePlanLine], { description: 'Lines and tranches of a plan version; controllers see their own' })
  advancePlanLines(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID) planId: string,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ): Promise<AdvancePlanLine[]> {
    return queries.advancePlanLines(ctx, planId, municipalityCodes ?? null);
  }

  @Authorized()
  @Query(() => [AdvancePlanMonth], {
    description: 'The tranches of a plan version summed per month of their due date, oldest first; controllers see their own',
  })
  advancePlanMonths(@Ctx() ctx: RequestContext, @Arg('planId', () => ID) planId: string): Promise<AdvancePlanMonth[]> {
    return queries.advancePlanMonths(ctx, planId);
  }
}
