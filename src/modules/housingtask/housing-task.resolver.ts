import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { DistributeHousingTaskInput, HousingTaskRunType } from './housing-task.type';
import * as service from './housing-task.service';

/** The half-year housing task computed in the engine (decision 1613). */
@Authorized()
@Resolver()
export class HousingTaskResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => HousingTaskRunType, {
    description: 'Distribute a national half-year housing task by population, carry the backlog, record TAAKSTELLING counts',
  })
  distributeHousingTask(@Ctx() ctx: RequestContext, @Arg('input', () => DistributeHousingTaskInput) input: DistributeHousingTaskInput) {
    return service.distributeHousingTaskCommand(ctx, { ...input });
  }

  @Authorized()
  @Query(() => HousingTaskRunType, { description: 'The distributed housing task of a half-year; a controller: its own line only' })
  housingTask(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('half', () => Int) half: number,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ) {
    return service.housingTask(ctx, { year, half, municipalityCodes });
  }
}
