import { AuditLogEntity } from './modules/audit/audit.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { verantwoordingEntities } from './modules/verantwoording/verantwoording.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [MunicipalityEntity, MunicipalityMergerEntity, AuditLogEntity, ...verantwoordingEntities];
