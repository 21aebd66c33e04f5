import { Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';

@ObjectType('Viewer', { description: 'Who the bearer of the token is' })
export class Viewer {
  @Field(() => String)
  subject!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;
}

@Authorized()
@Resolver()
export class SystemResolver {
  @Authorized()
  @Query(() => Viewer, { description: 'The authenticated actor' })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const actor = ctx.actor;
    if (actor === null) {
      throw new Error('unreachable: @Authorized');
    }
    return { subject: actor.subject, role: actor.role, municipalityCode: actor.municipalityCode };
  }
}
