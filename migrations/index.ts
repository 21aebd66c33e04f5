import { Foundation1795528163170 } from './1795528163170-Foundation';
import { People1795528849534 } from './1795528849534-People';
import { Ledger1795528959243 } from './1795528959243-Ledger';
import { Verantwoording1795529052414 } from './1795529052414-Verantwoording';
import { Allocation1795529214065 } from './1795529214065-Allocation';
import { Advances1795529615893 } from './1795529615893-Advances';
import { EducationRouteRule1795529874208 } from './1795529874208-EducationRouteRule';
import { Settlements1795530085801 } from './1795530085801-Settlements';
import { Forecasts1795530750080 } from './1795530750080-Forecasts';
import { Reconciliation1795530862202 } from './1795530862202-Reconciliation';
import { AdvanceSuspensionOverdueYears1795531369694 } from './1795531369694-AdvanceSuspensionOverdueYears';
import { AllocationIntegrity1795531609145 } from './1795531609145-AllocationIntegrity';
import { LedgerStatementChecks1795531800000 } from './1795531800000-LedgerStatementChecks';
import { IdempotencyRequestHashes1796100000000 } from './1796100000000-IdempotencyRequestHashes';
import { JobQueue1796200000000 } from './1796200000000-JobQueue';
import { FixtureLoads1796300000000 } from './1796300000000-FixtureLoads';
import { ForecastDistributions1796400000000 } from './1796400000000-ForecastDistributions';
import { Chain1796600000000 } from './1796600000000-Chain';
import { ChainDelivery1796600000001 } from './1796600000001-ChainDelivery';
import { CountUnits1796700000000 } from './1796700000000-CountUnits';
import { MergerRegistrations1796700100000 } from './1796700100000-MergerRegistrations';
import { JournalCheckpoints1796800000000 } from './1796800000000-JournalCheckpoints';
import { HousingTask1796900000000 } from './1796900000000-HousingTask';
import { InterimEstimates1797000000000 } from './1797000000000-InterimEstimates';
import { KeyComparisons1797000100000 } from './1797000100000-KeyComparisons';
import { Alerts1797050000000 } from './1797050000000-Alerts';
import { AlertSubscriptionCancellations1797250000000 } from './1797250000000-AlertSubscriptionCancellations';
import { PersonEventsSourceRecordedIndex1797250000001 } from './1797250000001-PersonEventsSourceRecordedIndex';
import { PersonPeriods1797310000000 } from './1797310000000-PersonPeriods';
import { PersonEventState1797320000000 } from './1797320000000-PersonEventState';
import { PersonEventsMunicipalityIndexes1797330000000 } from './1797330000000-PersonEventsMunicipalityIndexes';
import { PersonReceptionPeriods1797400000000 } from './1797400000000-PersonReceptionPeriods';
import { ChainNotificationsOccurredIndex1797400000001 } from './1797400000001-ChainNotificationsOccurredIndex';
import { LedgerAppendOneCall1797420000000 } from './1797420000000-LedgerAppendOneCall';
import { LedgerBalancesOutOfTheAppend1797500000000 } from './1797500000000-LedgerBalancesOutOfTheAppend';
import { LedgerCompactionLockTimeout1797500000001 } from './1797500000001-LedgerCompactionLockTimeout';
import { AlertSubscriptionResumptions1797510000000 } from './1797510000000-AlertSubscriptionResumptions';
import { LedgerAppendTriggers1797520000000 } from './1797520000000-LedgerAppendTriggers';
import { LedgerAppendBeginReadsFirst1797540000000 } from './1797540000000-LedgerAppendBeginReadsFirst';
import { LedgerBalancesOfAccounts1797550000000 } from './1797550000000-LedgerBalancesOfAccounts';
import { PostingsCarryTransactionSequence1797560000000 } from './1797560000000-PostingsCarryTransactionSequence';
import { LedgerAppendExpect1797570000000 } from './1797570000000-LedgerAppendExpect';
import { PostingsCheckedBySequenceRange1797580000000 } from './1797580000000-PostingsCheckedBySequenceRange';

/** Every migration in order. Never edit one that has landed; add a new one. */
export const migrations: Function[] = [
  Foundation1795528163170,
  People1795528849534,
  Ledger1795528959243,
  Verantwoording1795529052414,
  Allocation1795529214065,
  Advances1795529615893,
  EducationRouteRule1795529874208,
  Settlements1795530085801,
  Forecasts1795530750080,
  Reconciliation1795530862202,
  AdvanceSuspensionOverdueYears1795531369694,
  AllocationIntegrity1795531609145,
  LedgerStatementChecks1795531800000,
  IdempotencyRequestHashes1796100000000,
  JobQueue1796200000000,
  FixtureLoads1796300000000,
  ForecastDistributions1796400000000,
  Chain1796600000000,
  ChainDelivery1796600000001,
  CountUnits1796700000000,
  MergerRegistrations1796700100000,
  JournalCheckpoints1796800000000,
  HousingTask1796900000000,
  InterimEstimates1797000000000,
  KeyComparisons1797000100000,
  Alerts1797050000000,
  AlertSubscriptionCancellations1797250000000,
  PersonEventsSourceRecordedIndex1797250000001,
  PersonPeriods1797310000000,
  PersonEventState1797320000000,
  PersonEventsMunicipalityIndexes1797330000000,
  PersonReceptionPeriods1797400000000,
  ChainNotificationsOccurredIndex1797400000001,
  LedgerAppendOneCall1797420000000,
  LedgerBalancesOutOfTheAppend1797500000000,
  LedgerCompactionLockTimeout1797500000001,
  AlertSubscriptionResumptions1797510000000,
  LedgerAppendTriggers1797520000000,
  LedgerAppendBeginReadsFirst1797540000000,
  LedgerBalancesOfAccounts1797550000000,
  PostingsCarryTransactionSequence1797560000000,
  LedgerAppendExpect1797570000000,
  PostingsCheckedBySequenceRange1797580000000,
];
