import type { Express } from 'express';
import type { RequestContext } from '../context';
import { reconciliationRoutes } from './reconciliation/reconciliation.routes';

export interface RouteDeps {
  contextFor(token: string | null, requestId?: string): Promise<RequestContext>;
}

/** Plain HTTP routes beside /graphql (downloads). Modules add theirs here. */
export function httpRoutes(app: Express, deps: RouteDeps): void {
  reconciliationRoutes(app, deps);
}
