import { Args, Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { ConnectionType, PageArgs } from '../../common/graphql/connection';
import { listAuditRecords } from './audit.service';

@ObjectType('AuditRecord', { description: 'One recorded mutation or refused access' })
export class AuditRecord {
  @Field(() => String)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  requestId!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;

  @Field(() => String)
  operationType!: string;

  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Field(() => [String])
  fields!: string[];

  @Field(() => GraphQLJSONObject)
  arguments!: Record<string, unknown>;

  @Field(() => String)
  outcome!: string;
}

const AuditRecordConnection = ConnectionType(AuditRecord, 'AuditRecord');

@Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
@Resolver()
export class AuditResolver {
  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => AuditRecordConnection, { description: 'The audit trail, newest first' })
  auditLog(@Ctx() ctx: RequestContext, @Args(() => PageArgs) page: PageArgs) {
    return listAuditRecords(ctx, page.first, page.after);
  }
}
