import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import {
  AllocationComparison,
  AllocationExplanation,
  AllocationLineConnection,
  AllocationRule,
  AllocationRun,
  AllocationRunOutcome,
} from './allocation.type';
import { AllocationRuleInput, RunAllocationInput } from './allocation.inputs';
import * as rules from './allocation.rule.service';
import * as runs from './allocation.run.service';
import * as queries from './allocation.queries';

@Authorized()
@Resolver(() => AllocationRun)
export class AllocationResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AllocationRule, { description: 'Create version 1 of an allocation rule' })
  createAllocationRule(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AllocationRuleInput) input: AllocationRuleInput,
  ): Promise<AllocationRule> {
    return rules.createAllocationRule(ctx, input, false);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AllocationRule, { description: 'Create the next version of an existing rule (versions never change)' })
  createAllocationRuleVersion(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AllocationRuleInput) input: AllocationRuleInput,
  ): Promise<AllocationRule> {
    return rules.createAllocationRule(ctx, input, true);
  }

  @Authorized()
  @Query(() => [AllocationRule], { description: 'Rule versions, newest version first' })
  allocationRules(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String, { nullable: true }) schemeCode?: string,
    @Arg('ruleKey', () => String, { nullable: true }) ruleKey?: string,
  ): Promise<AllocationRule[]> {
    return rules.listAllocationRules(ctx, { schemeCode, ruleKey });
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AllocationRunOutcome, { description: 'Compute, store and book an allocation run (or preview it with dryRun)' })
  runAllocation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RunAllocationInput) input: RunAllocationInput,
  ): Promise<AllocationRunOutcome> {
    return runs.runAllocation(ctx, input);
  }

  @Authorized()
  @Query(() => [AllocationRun], { description: 'Runs, newest first (at most 500)' })
  allocationRuns(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String, { nullable: true }) schemeCode?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<AllocationRun[]> {
    return queries.listAllocationRuns(ctx, { schemeCode, year });
  }

  @Authorized()
  @Query(() => AllocationRun, { description: 'One run; its lines are scoped to the reader' })
  allocationRun(@Ctx() ctx: RequestContext, @Arg('id', () => String) id: string): Promise<AllocationRun> {
    return queries.getAllocationRun(ctx, id);
  }

  @Authorized()
  @FieldResolver(() => AllocationLineConnection, { description: 'Lines by municipality code; a controller sees only its own' })
  lines(
    @Ctx() ctx: RequestContext,
    @Root() run: AllocationRun,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[],
  ) {
    return queries.runLines(ctx, run.id, { municipalityCodes }, page.first, page.after);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @FieldResolver(() => String, { description: 'Every input the run used, canonical JSON; SHA-256 of it is inputHash' })
  inputs(@Ctx() ctx: RequestContext, @Root() run: AllocationRun): Promise<string> {
    return queries.runInputsJson(ctx, run.id);
  }

  @Authorized()
  @Query(() => AllocationExplanation, { description: 'The calculation of one municipality in one run, line by line' })
  allocationExplanation(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => String) runId: string,
    @Arg('municipalityCode', () => String) municipalityCode: string,
  ): Promise<AllocationExplanation> {
    return queries.allocationExplanation(ctx, runId, municipalityCode);
  }

  @Authorized()
  @Query(() => AllocationComparison, { description: 'Two runs side by side: difference in euros and percent of A' })
  compareAllocationRuns(
    @Ctx() ctx: RequestContext,
    @Arg('runA', () => String) runA: string,
    @Arg('runB', () => String) runB: string,
  ): Promise<AllocationComparison> {
    return queries.compareAllocationRuns(ctx, runA, runB);
  }
}
