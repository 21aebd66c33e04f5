import type { NonEmptyArray } from 'type-graphql';
import { MunicipalityResolver } from './municipalities';
import { SchemeResolver } from './schemes';
import { CountResolver } from './counts';
import { AllocationResolver } from './allocations';
import { AuditResolver } from './audit/audit.resolver';
import { SystemResolver } from './system/system.resolver';
import { VerantwoordingResolver } from './verantwoording';
import { LedgerResolver } from './ledger';
import { AdvanceResolver } from './advances';
import { SettlementResolver } from './settlements';
import { ForecastResolver } from './forecasts';

/** Every resolver of the API. Modules add theirs here. */
export const resolvers: NonEmptyArray<Function> = [
  SystemResolver,
  MunicipalityResolver,
  AuditResolver,
  LedgerResolver,
  SchemeResolver,
  CountResolver,
  AllocationResolver,
  VerantwoordingResolver,
  AdvanceResolver,
  SettlementResolver,
  ForecastResolver,
];
