import type { RequestContext } from '../../context';
import { DomainError } from '../errors/domain-error';
import { Role } from './actor';

/**
 * The single answer to "may this actor see or touch municipality `code`?". Every service method
 * that returns or changes municipality data calls this (or `municipalityScope`), so no query path
 * can forget it. A refusal is logged; the audit plugin records it too.
 */
export function assertMunicipalityAccess(ctx: RequestContext, code: string, operation = 'read'): void {
  const actor = ctx.actor;
  if (actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  if (actor.role !== Role.MUNICIPAL_CONTROLLER) {
    return;
  }
  if (actor.municipalityCode !== code) {
    ctx.log.warn(
      { event: 'access_denied', subject: actor.subject, own: actor.municipalityCode, requested: code, operation },
      'controller refused access to another municipality',
    );
    throw new DomainError('FORBIDDEN', `you may only ${operation} data of municipality ${actor.municipalityCode ?? '?'}`, {
      municipalityCode: code,
    });
  }
}

/**
 * Restricts a set of requested municipality codes to what the actor may see. For a controller,
 * asking for nothing in particular means its own; asking for any other code is FORBIDDEN (not
 * silently dropped, so a client learns it asked for something it may not have).
 * Returns null for "no restriction".
 */
export function municipalityScope(ctx: RequestContext, requested: readonly string[] | null | undefined): string[] | null {
  const actor = ctx.actor;
  if (actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  if (actor.role !== Role.MUNICIPAL_CONTROLLER) {
    return requested && requested.length > 0 ? [...requested] : null;
  }
  for (const code of requested ?? []) {
    assertMunicipalityAccess(ctx, code);
  }
  return [actor.municipalityCode ?? '-'];
}

/**
 * Inside a journal transaction the actor may see, whose postings it may see (decision 0105): null
 * means every posting; a controller sees its own municipality's postings and the ministry's (no
 * municipality), never another municipality's. GraphQL (`journalTransactions`) and the journal
 * downloads both ask this, so the two cannot drift apart.
 */
export function visiblePostingMunicipalities(ctx: RequestContext): string[] | null {
  const actor = ctx.actor;
  if (actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  return actor.role === Role.MUNICIPAL_CONTROLLER ? [actor.municipalityCode ?? '-'] : null;
}

/** Refuses anyone but the given roles (for service-level checks beyond the resolver's). */
export function assertRole(ctx: RequestContext, ...roles: Role[]): void {
  if (ctx.actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  if (!roles.includes(ctx.actor.role)) {
    throw new DomainError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
  }
}
