import { AllocationLineEntity, AllocationRuleEntity, AllocationRunEntity } from './modules/allocations/allocation.entity';
import { AuditLogEntity } from './modules/audit/audit.entity';
import { CountBatchEntity, CountEntity } from './modules/counts/count.entity';
import {
  JournalPostingEntity,
  JournalTransactionEntity,
  LedgerAccountEntity,
  LedgerDailyBalanceEntity,
} from './modules/ledger/ledger.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { AttributionResultEntity, AttributionRunEntity } from './modules/people/attribution.entity';
import { PersonEventBatchEntity, PersonEventEntity, PersonEventSourceEntity } from './modules/people/person-event.entity';
import { BaseAmountEntity, FundingSchemeEntity, RateEntity } from './modules/schemes/scheme.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [
  AllocationRuleEntity,
  AllocationRunEntity,
  AllocationLineEntity,
  AuditLogEntity,
  CountBatchEntity,
  CountEntity,
  LedgerAccountEntity,
  JournalTransactionEntity,
  JournalPostingEntity,
  LedgerDailyBalanceEntity,
  MunicipalityEntity,
  MunicipalityMergerEntity,
  AttributionRunEntity,
  AttributionResultEntity,
  PersonEventSourceEntity,
  PersonEventBatchEntity,
  PersonEventEntity,
  FundingSchemeEntity,
  RateEntity,
  BaseAmountEntity,
];
