import { AuditLogEntity } from './modules/audit/audit.entity';
import { MunicipalityEntity, MunicipalityMergerEntity } from './modules/municipalities/municipality.entity';
import { PersonEventBatchEntity, PersonEventEntity, PersonEventSourceEntity } from './modules/people/person-event.entity';
import { AttributionResultEntity, AttributionRunEntity } from './modules/people/attribution.entity';

/** Every TypeORM entity, for the one DataSource. Modules add theirs here. */
export const entities = [
  MunicipalityEntity,
  MunicipalityMergerEntity,
  AuditLogEntity,
  PersonEventSourceEntity,
  PersonEventBatchEntity,
  PersonEventEntity,
  AttributionRunEntity,
  AttributionResultEntity,
];
