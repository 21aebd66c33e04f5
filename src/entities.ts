import { AuditLogEntity } from './modules/audit/audit.entity';
import {
  JournalPostingEntity,
  JournalTransactionEntity,
  LedgerAccountEntity,
  LedgerDailyBalanceEntity,
} from './modules/ledger/ledger.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { verantwoordingEntities } from './modules/verantwoording/verantwoording.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [
  MunicipalityEntity,
  MunicipalityMergerEntity,
  AuditLogEntity,
  LedgerAccountEntity,
  JournalTransactionEntity,
  JournalPostingEntity,
  LedgerDailyBalanceEntity,
  ...verantwoordingEntities,
];
