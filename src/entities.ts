import { BaseAmountEntity, FundingSchemeEntity, RateEntity } from './modules/schemes/scheme.entity';
import { CountBatchEntity, CountEntity } from './modules/counts/count.entity';
import { AllocationLineEntity, AllocationRuleEntity, AllocationRunEntity } from './modules/allocations/allocation.entity';
import { AuditLogEntity } from './modules/audit/audit.entity';
import {
  JournalPostingEntity,
  JournalTransactionEntity,
  LedgerAccountEntity,
  LedgerDailyBalanceEntity,
} from './modules/ledger/ledger.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { verantwoordingEntities } from './modules/verantwoording/verantwoording.entity';
import { advanceEntities } from './modules/advances/advance.entity';
import { settlementEntities } from './modules/settlements/settlement.entity';
import { forecastEntities } from './modules/forecasts/forecast.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [
  MunicipalityEntity,
  MunicipalityMergerEntity,
  AuditLogEntity,
  LedgerAccountEntity,
  JournalTransactionEntity,
  JournalPostingEntity,
  LedgerDailyBalanceEntity,
  FundingSchemeEntity,
  RateEntity,
  BaseAmountEntity,
  CountBatchEntity,
  CountEntity,
  AllocationRuleEntity,
  AllocationRunEntity,
  AllocationLineEntity,
  ...verantwoordingEntities,
  ...advanceEntities,
  ...settlementEntities,
  ...forecastEntities,
];
