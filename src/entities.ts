import {
  AdvanceClosureEntity,
  AdvancePlanEntity,
  AdvancePlanLineEntity,
  AdvancePlanTrancheEntity,
  AdvanceSuspensionEntity,
  TranchePaymentEntity,
  TranchePaymentRunEntity,
} from './modules/advances/advance.entity';
import { AllocationLineEntity, AllocationRuleEntity, AllocationRunEntity } from './modules/allocations/allocation.entity';
import { AuditLogEntity } from './modules/audit/audit.entity';
import { ChainDeliveryStateEntity, ChainEndpointEntity, ChainInboxEntity, ChainNotificationEntity } from './modules/chain/chain.entity';
import { FixtureLoadEntity } from './common/db/fixture-load.entity';
import { CountBatchEntity, CountEntity } from './modules/counts/count.entity';
import { ForecastBacktestEntity, ForecastEntity, ForecastLineEntity } from './modules/forecasts/forecast.entity';
import {
  InterimDecisionEntity,
  InterimEstimateEntity,
  InterimEstimateLineEntity,
  KeyComparisonEntity,
} from './modules/forecasts/interim.entity';
import {
  JournalPostingEntity,
  JournalTransactionEntity,
  LedgerAccountEntity,
  LedgerDailyBalanceEntity,
  LedgerBalanceWatermarkEntity,
} from './modules/ledger/ledger.entity';
import { JournalCheckpointEntity } from './modules/ledger/checkpoint.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { AttributionResultEntity, AttributionRunEntity, PersonEventStateEntity } from './modules/people/attribution.entity';
import { PersonEventBatchEntity, PersonEventEntity, PersonEventSourceEntity } from './modules/people/person-event.entity';
import { PersonPeriodEntity, PersonPeriodsStateEntity, PersonReceptionPeriodEntity } from './modules/people/person-period.entity';
import {
  ReconciliationDifferenceEntity,
  ReconciliationExportEntity,
  ReconciliationReproductionEntity,
  ReconciliationRunEntity,
} from './modules/reconciliation/reconciliation.entity';
import { BaseAmountEntity, FundingSchemeEntity, RateEntity } from './modules/schemes/scheme.entity';
import {
  SettlementEntity,
  SettlementFinalisationEntity,
  SettlementLineEntity,
  SettlementRecoveryEntity,
} from './modules/settlements/settlement.entity';
import {
  AccountabilityReopeningEntity,
  AccountabilityReportEntity,
  AccountabilityToleranceEntity,
  ReportAttachmentEntity,
  ReportCountLineEntity,
  ReportDifferenceEntity,
  ReportExpenditureLineEntity,
} from './modules/verantwoording/verantwoording.entity';

import { MergerRegistrationEntity } from './modules/mergers/merger.entity';
import {
  AlertEntity,
  AlertStateEntity,
  AlertSubscriptionCancellationEntity,
  AlertSubscriptionEntity,
  AlertSubscriptionResumptionEntity,
} from './modules/alerts/alert.entity';
import { HousingTaskRunEntity } from './modules/housingtask/housing-task.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [
  AdvancePlanEntity,
  AdvancePlanLineEntity,
  AdvancePlanTrancheEntity,
  TranchePaymentRunEntity,
  TranchePaymentEntity,
  AdvanceSuspensionEntity,
  AdvanceClosureEntity,
  AllocationRuleEntity,
  AllocationRunEntity,
  AllocationLineEntity,
  AuditLogEntity,
  FixtureLoadEntity,
  CountBatchEntity,
  CountEntity,
  ForecastEntity,
  ForecastLineEntity,
  ForecastBacktestEntity,
  InterimEstimateEntity,
  InterimEstimateLineEntity,
  InterimDecisionEntity,
  KeyComparisonEntity,
  LedgerAccountEntity,
  JournalTransactionEntity,
  JournalCheckpointEntity,
  JournalPostingEntity,
  LedgerDailyBalanceEntity,
  LedgerBalanceWatermarkEntity,
  MunicipalityEntity,
  MunicipalityMergerEntity,
  MergerRegistrationEntity,
  AttributionRunEntity,
  AttributionResultEntity,
  PersonEventStateEntity,
  PersonEventSourceEntity,
  PersonEventBatchEntity,
  PersonEventEntity,
  PersonPeriodEntity,
  PersonPeriodsStateEntity,
  PersonReceptionPeriodEntity,
  ReconciliationRunEntity,
  ReconciliationDifferenceEntity,
  ReconciliationReproductionEntity,
  ReconciliationExportEntity,
  FundingSchemeEntity,
  RateEntity,
  BaseAmountEntity,
  SettlementEntity,
  SettlementLineEntity,
  SettlementFinalisationEntity,
  SettlementRecoveryEntity,
  AccountabilityReportEntity,
  ReportCountLineEntity,
  ReportExpenditureLineEntity,
  ReportAttachmentEntity,
  ReportDifferenceEntity,
  AccountabilityToleranceEntity,
  AccountabilityReopeningEntity,
  ChainInboxEntity,
  ChainNotificationEntity,
  ChainEndpointEntity,
  ChainDeliveryStateEntity,
  AlertSubscriptionEntity,
  AlertStateEntity,
  AlertEntity,
  AlertSubscriptionCancellationEntity,
  AlertSubscriptionResumptionEntity,
  HousingTaskRunEntity,
];
