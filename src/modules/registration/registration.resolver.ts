import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { AttributionRule } from '../schemes';
import { AttributionSideBySide, PublishedAttributionType, SideBySideArgs } from './registration.type';
import { publishAttribution, sideBySide } from './registration.service';

@Authorized()
@Resolver()
export class RegistrationResolver {
  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => PublishedAttributionType, { description: 'Attribute a year from the person events and publish it as REGISTERED counts' })
  publishRegisteredCounts(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('rule', () => AttributionRule) rule: AttributionRule,
  ): Promise<PublishedAttributionType> {
    return publishAttribution(ctx, { year, rule });
  }

  @Authorized()
  @Query(() => AttributionSideBySide, {
    description: 'Allocation under the taakstelling and each attribution rule, side by side (computed, never stored)',
  })
  attributionSideBySide(@Ctx() ctx: RequestContext, @Args(() => SideBySideArgs) args: SideBySideArgs): Promise<AttributionSideBySide> {
    return sideBySide(ctx, args);
  }
}
