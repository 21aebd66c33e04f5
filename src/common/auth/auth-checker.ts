import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../../context';
import { DomainError } from '../errors/domain-error';
import type { Role } from './actor';

/**
 * Roles only; municipality scoping is the services' job (`assertMunicipalityAccess`).
 * Throws instead of returning false so UNAUTHENTICATED and FORBIDDEN stay distinct.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (context.actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required: send a bearer token');
  }
  if (roles.length > 0 && !roles.includes(context.actor.role)) {
    throw new DomainError('FORBIDDEN', `this operation needs the role ${roles.join(' or ')}`, {
      role: context.actor.role,
    });
  }
  return true;
};
