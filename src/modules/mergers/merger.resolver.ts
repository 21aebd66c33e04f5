import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { MunicipalityMerger, RegisterMergerInput } from '../municipalities';
import * as service from './merger.service';

/** Herindelingen: registering one moves its money on its date (decision 1601). */
@Authorized()
@Resolver(() => MunicipalityMerger)
export class MergerResolver {
  @Authorized()
  @Query(() => [MunicipalityMerger], { description: 'Registered mergers (herindelingen) with their transfer of balances' })
  municipalityMergers(@Ctx() ctx: RequestContext): Promise<MunicipalityMerger[]> {
    return service.listMergersWithTransfers(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => [MunicipalityMerger], {
    description: 'Register a herindeling on 1 January; when its date has come, the balances move to the successor in the same transaction',
  })
  registerMerger(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterMergerInput) input: RegisterMergerInput,
  ): Promise<MunicipalityMerger[]> {
    return service.registerMergerAndBook(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => [MunicipalityMerger], {
    description: 'Book the transfer of every registered merger whose date is on or before asOf (default today) and not yet booked',
  })
  bookDueMergerTransfers(
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string | null,
  ): Promise<MunicipalityMerger[]> {
    return service.bookDueMergerTransfers(ctx, { asOf });
  }
}
