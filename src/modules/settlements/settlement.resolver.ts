import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { selectedFieldNames } from '../../common/graphql/selection';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import {
  MunicipalityAdvanceStatement,
  OverrunViewType,
  SettlementOutcome,
  SettlementRecoveryType,
  SettlementType,
} from './settlement.type';
import { DraftSettlementInput, FinaliseSettlementInput, RecoveryInput, RecoveryReceivedInput } from './settlement.inputs';
import * as queries from './settlement.queries';
import * as mutations from './settlement.mutations';
import { municipalityAdvanceStatement } from './settlement.statement';

/** The fields of a settlement computed from its lines. */
const LINE_FIELDS = ['lines', 'payees', 'totalFinalEntitlement', 'totalAmount'];

@Authorized()
@Resolver(() => SettlementType)
export class SettlementResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => SettlementOutcome, { description: 'Compute and store a draft settlement (step one of two)' })
  draftSettlement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DraftSettlementInput) input: DraftSettlementInput,
  ): Promise<SettlementOutcome> {
    return mutations.draftSettlementOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => SettlementOutcome, { description: 'Four-eyes: a second officer finalises and books a draft' })
  finaliseSettlement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FinaliseSettlementInput) input: FinaliseSettlementInput,
  ): Promise<SettlementOutcome> {
    return mutations.finaliseSettlementOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => SettlementRecoveryType, { description: 'Invoice what remains of a recovery after offsets' })
  invoiceRecovery(@Ctx() ctx: RequestContext, @Arg('input', () => RecoveryInput) input: RecoveryInput): Promise<SettlementRecoveryType> {
    return mutations.invoiceRecoveryOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => SettlementRecoveryType, { description: 'Record a recovery received in cash' })
  recordRecoveryReceived(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecoveryReceivedInput) input: RecoveryReceivedInput,
  ): Promise<SettlementRecoveryType> {
    return mutations.recordRecoveryReceivedOutcome(ctx, input);
  }

  @Authorized()
  @Query(() => SettlementType, { description: 'A settlement; controllers see their own lines' })
  settlement(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<SettlementType> {
    return queries.getSettlement(ctx, id);
  }

  @Authorized()
  @Query(() => [SettlementType], { description: 'Settlements of a scheme-year, newest first' })
  settlements(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SettlementType[]> {
    // A list of headers (the overrun page's picker) does not read every line of every settlement.
    const selected = selectedFieldNames(info);
    const withLines = LINE_FIELDS.some((f) => selected.has(f));
    return queries.listSettlements(ctx, schemeCode, year, undefined, { withLines });
  }

  @Authorized()
  @Query(() => OverrunViewType, { description: 'Σ final entitlements against the budget, with the pro-rata cut in an overrun' })
  overrunView(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('allocationRunId', () => ID, { nullable: true }) allocationRunId?: string | null,
    @Arg('settlementId', () => ID, { nullable: true }) settlementId?: string | null,
  ): Promise<OverrunViewType> {
    return queries.overrunView(ctx, { schemeCode, year, allocationRunId, settlementId });
  }

  @Authorized()
  @Query(() => MunicipalityAdvanceStatement, { description: "A municipality's forecast, tranches and settlement, explained" })
  municipalityAdvanceStatement(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('municipalityCode', () => String) municipalityCode: string,
  ): Promise<MunicipalityAdvanceStatement> {
    return municipalityAdvanceStatement(ctx, { schemeCode, year, municipalityCode });
  }
}
