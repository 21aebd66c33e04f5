import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { PageArgs } from '../../common/graphql/connection';
import { Municipality, MunicipalityConnection } from './municipality.type';
import { MunicipalityFilter } from './municipality.inputs';
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
    // The API lists today's register unless asked for history (decision 1650); internal callers
    // that pass no filter see every code ever registered.
    return service.listMunicipalities(ctx, { ...filter, includeEnded: filter?.includeEnded ?? false }, page.first, page.after);
  }
}
