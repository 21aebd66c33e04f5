import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import { Count, CountBatch, CountConnection } from './count.type';
import { CountFilterInput, ImportCountsInput } from './count.inputs';
import * as service from './count.service';

@Authorized()
@Resolver(() => Count)
export class CountResolver {
  @Authorized()
  @Query(() => CountConnection, { description: 'Counts ordered by id; a controller sees only its own municipality' })
  counts(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CountFilterInput, { nullable: true }) filter?: CountFilterInput,
  ) {
    return service.listCountsFiltered(ctx, filter, page.first, page.after);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => CountBatch, { description: 'Record a batch of counts: all or nothing, idempotent by batch key' })
  importCounts(@Ctx() ctx: RequestContext, @Arg('input', () => ImportCountsInput) input: ImportCountsInput): Promise<CountBatch> {
    return service.recordCounts(ctx, input);
  }
}
