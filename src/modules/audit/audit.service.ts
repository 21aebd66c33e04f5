import type { RequestContext } from '../../context';
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
