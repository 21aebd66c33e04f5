import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { Actor } from '../../common/auth/actor';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { AuditLogEntity } from './audit.entity';

/** The audit trail, newest first (finance officers and auditors only). */
export async function listAuditRecords(
  ctx: RequestContext,
  first: number,
  after: string | null | undefined,
): Promise<Page<AuditLogEntity>> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const before = decodeCursor(after);
  const qb = ctx.em.getRepository(AuditLogEntity).createQueryBuilder('a');
  const totalCount = await qb.getCount();
  if (before !== null) {
    qb.where('a.id < :before', { before });
  }
  const rows = await qb
    .orderBy('a.id', 'DESC')
    .limit(first + 1)
    .getMany();
  return toPage(rows, first, (r) => r.id, totalCount);
}

/** One row of the append-only audit trail. */
export interface AuditRecord {
  requestId: string;
  actor: Actor | null;
  /** `mutation`, `query` (GraphQL) or `http` (a plain route). */
  operationType: string;
  operationName: string | null;
  fields: string[];
  /** Already scrubbed of secrets. */
  arguments: unknown;
  /** `OK`, or the error codes joined by commas. */
  outcome: string;
}

/**
 * Writes one audit row outside any command's transaction (decision 0003), so a refused or failed
 * request is recorded too. The GraphQL audit plugin and the plain HTTP routes both write here.
 */
export async function writeAuditRecord(dataSource: DataSource, record: AuditRecord): Promise<void> {
  await dataSource.query(
    `INSERT INTO audit_log (request_id, subject, role, municipality_code, operation_type, operation_name, fields, arguments, outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      record.requestId,
      record.actor?.subject ?? null,
      record.actor?.role ?? null,
      record.actor?.municipalityCode ?? null,
      record.operationType,
      record.operationName,
      record.fields,
      JSON.stringify(record.arguments),
      record.outcome.slice(0, 100),
    ],
  );
}
