import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import { Municipality, MunicipalityConnection, MunicipalityMerger } from './municipality.type';
import { MunicipalityFilter, RegisterMergerInput } from './municipality.inputs';
import * as service from './municipality.service';

@Authorized()
@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Authorized()
  @Query(() => Municipality, { description: 'One municipality by CBS code' })
  municipality(@Ctx() ctx: RequestContext, @Arg('code', () => String) code: string): Promise<Municipality> {
    return service.getMunicipality(ctx, code);
  }

  @Authorized()
  @Query(() => MunicipalityConnection, { description: 'Municipalities ordered by code; a controller sees only its own' })
  municipalities(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MunicipalityFilter, { nullable: true }) filter?: MunicipalityFilter,
  ) {
    return service.listMunicipalities(ctx, filter, page.first, page.after);
  }

  @Authorized()
  @Query(() => [MunicipalityMerger], { description: 'Registered mergers (herindelingen)' })
  municipalityMergers(@Ctx() ctx: RequestContext): Promise<MunicipalityMerger[]> {
    return service.listMergers(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => [MunicipalityMerger], { description: 'Register a herindeling on 1 January' })
  registerMerger(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterMergerInput) input: RegisterMergerInput,
  ): Promise<MunicipalityMerger[]> {
    return service.registerMerger(ctx, input);
  }
}
