export { auditPlugin, scrub } from './audit.plugin';
export { writeAuditRecord, listAuditRecords, type AuditRecord } from './audit.service';
