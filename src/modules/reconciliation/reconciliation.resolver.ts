import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs, type Page } from '../../common/graphql/connection';
import * as service from './reconciliation.service';
import { ReconciliationDifferenceFilter, ReconciliationRunFilter, StartReconciliationInput } from './reconciliation.inputs';
import { differenceToType, exportToType, mapPage, runToType } from './reconciliation.mappers';
import {
  ReconciliationDifference,
  ReconciliationDifferenceConnection,
  ReconciliationDifferenceTrail,
  ReconciliationExport,
  ReconciliationExportFormat,
  ReconciliationReproduction,
  ReconciliationRun,
  ReconciliationRunConnection,
  TrailTransaction,
  TrailTransactionConnection,
} from './reconciliation.type';

@Authorized()
@Resolver(() => ReconciliationRun)
export class ReconciliationResolver {
  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Mutation(() => ReconciliationRun, {
    description: 'Queue a reconciliation run of a scheme-year as of a moment (one active run per scheme-year)',
  })
  async startReconciliation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StartReconciliationInput) input: StartReconciliationInput,
  ): Promise<ReconciliationRun> {
    return runToType(await service.startReconciliation(ctx, input));
  }

  @Authorized()
  @Query(() => ReconciliationRunConnection, { description: 'Runs, newest first' })
  async reconciliationRuns(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ReconciliationRunFilter, { nullable: true }) filter?: ReconciliationRunFilter,
  ): Promise<Page<ReconciliationRun>> {
    return mapPage(await service.listReconciliationRuns(ctx, filter ?? {}, page.first, page.after), runToType);
  }

  @Authorized()
  @Query(() => ReconciliationRun, { description: 'One run with its progress' })
  async reconciliationRun(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ReconciliationRun> {
    return runToType(await service.getReconciliationRunHeader(ctx, id));
  }

  @Authorized()
  @Query(() => ReconciliationDifferenceConnection, { description: 'Differences of a run; controllers only their own municipality' })
  async reconciliationDifferences(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => ID) runId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ReconciliationDifferenceFilter, { nullable: true }) filter?: ReconciliationDifferenceFilter,
  ): Promise<Page<ReconciliationDifference>> {
    return mapPage(await service.listReconciliationDifferences(ctx, runId, filter ?? {}, page.first, page.after), differenceToType);
  }

  @Authorized()
  @Query(() => ReconciliationDifferenceTrail, { description: 'A difference, the ledger transactions touching it and the inputs behind it' })
  async reconciliationDifferenceTrail(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => ID) runId: string,
    @Arg('ordinal', () => Int) ordinal: number,
  ): Promise<ReconciliationDifferenceTrail> {
    const trail = await service.differenceTrail(ctx, runId, ordinal);
    return { ...trail, difference: differenceToType(trail.difference) };
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Mutation(() => ReconciliationReproduction, { description: 'Recompute a run from its frozen inputs and record whether the hashes match' })
  reproduceReconciliation(@Ctx() ctx: RequestContext, @Arg('runId', () => ID) runId: string): Promise<ReconciliationReproduction> {
    return service.reproduceReconciliation(ctx, runId);
  }

  @Authorized()
  @Query(() => [ReconciliationReproduction], { description: 'When a run was reproduced, by whom, and whether it matched' })
  reconciliationReproductions(@Ctx() ctx: RequestContext, @Arg('runId', () => ID) runId: string): Promise<ReconciliationReproduction[]> {
    return service.listReproductions(ctx, runId);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Mutation(() => ReconciliationExport, { description: 'Record an export of a run; download it from downloadPath' })
  async exportReconciliation(
    @Ctx() ctx: RequestContext,
    @Arg('runId', () => ID) runId: string,
    @Arg('format', () => ReconciliationExportFormat) format: ReconciliationExportFormat,
  ): Promise<ReconciliationExport> {
    return exportToType(await service.exportReconciliation(ctx, runId, format));
  }
}

/** The trail's transactions, read only when asked: all of them, or a page (decision 1830). */
@Authorized()
@Resolver(() => ReconciliationDifferenceTrail)
export class ReconciliationTrailResolver {
  @Authorized()
  @FieldResolver(() => [TrailTransaction], {
    description: 'Every ledger transaction of the trail (up to 10,000 of the municipality’s); transactionPage reads them a page at a time',
    deprecationReason: 'Use transactionPage: a large trail is a large answer',
  })
  transactions(@Ctx() ctx: RequestContext, @Root() trail: ReconciliationDifferenceTrail) {
    return service.trailTransactions(ctx, trail.source);
  }

  @Authorized()
  @FieldResolver(() => [String], { description: 'The frozen inputs behind the difference, as JSON fragments' })
  inputs(@Root() trail: ReconciliationDifferenceTrail): Promise<string[]> {
    return trail.inputs();
  }

  @Authorized()
  @FieldResolver(() => TrailTransactionConnection, {
    description: 'The ledger transactions touching the difference, recorded by the run asOf, in chain order, a page at a time',
  })
  transactionPage(@Ctx() ctx: RequestContext, @Root() trail: ReconciliationDifferenceTrail, @Args(() => PageArgs) page: PageArgs) {
    return service.trailTransactionPage(ctx, trail.source, page.first, page.after);
  }
}
