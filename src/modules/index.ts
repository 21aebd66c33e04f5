import type { NonEmptyArray } from 'type-graphql';
import { SystemResolver } from './system/system.resolver';
import { MunicipalityResolver } from './municipalities/municipality.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { AlertResolver } from './alerts/alert.resolver';
import { ChainResolver } from './chain/chain.resolver';
import { AdvanceResolver } from './advances/advance.resolver';
import { AllocationResolver } from './allocations/allocation.resolver';
import { CountResolver } from './counts/count.resolver';
import { ForecastBacktestResolver, ForecastResolver } from './forecasts/forecast.resolver';
import { HousingTaskResolver } from './housingtask/housing-task.resolver';
import { LedgerResolver } from './ledger/ledger.resolver';
import { MergerResolver } from './mergers/merger.resolver';
import { PeopleResolver } from './people/people.resolver';
import { ReconciliationResolver, ReconciliationTrailResolver } from './reconciliation/reconciliation.resolver';
import { RegistrationResolver } from './registration/registration.resolver';
import { SchemeResolver } from './schemes/scheme.resolver';
import { SettlementResolver } from './settlements/settlement.resolver';
import { VerantwoordingResolver } from './verantwoording/verantwoording.resolver';

/** Every resolver of the API. Modules add theirs here. */
export const resolvers: NonEmptyArray<Function> = [
  SystemResolver,
  MunicipalityResolver,
  AuditResolver,
  AlertResolver,
  ChainResolver,
  AdvanceResolver,
  AllocationResolver,
  CountResolver,
  ForecastResolver,
  ForecastBacktestResolver,
  HousingTaskResolver,
  LedgerResolver,
  MergerResolver,
  PeopleResolver,
  ReconciliationResolver,
  ReconciliationTrailResolver,
  RegistrationResolver,
  SchemeResolver,
  SettlementResolver,
  VerantwoordingResolver,
];
