import type { NonEmptyArray } from 'type-graphql';
import { MunicipalityResolver } from './municipalities';
import { AuditResolver } from './audit/audit.resolver';
import { SystemResolver } from './system/system.resolver';
import { PeopleResolver } from './people';

/** Every resolver of the API. Modules add theirs here. */
export const resolvers: NonEmptyArray<Function> = [SystemResolver, MunicipalityResolver, AuditResolver, PeopleResolver];
