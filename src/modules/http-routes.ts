import type { Express } from 'express';
import type { RouteDeps } from './http-route-auth';
import { reconciliationRoutes } from './reconciliation/reconciliation.routes';
import { chainRoutes, type Inbound } from './chain';

export type { RouteDeps } from './http-route-auth';

/**
 * Plain HTTP routes beside /graphql (downloads). Modules add theirs here, each wrapped in
 * `authenticated` (src/modules/http-route-auth.ts); the security matrix reads the routes from the
 * Express app itself, so a new route without a row there fails the tests.
 */
/** What the server hands the routes: the context builder and the chain's inbound service. */
export interface AppRouteDeps extends RouteDeps {
  inbound: Promise<Inbound>;
}

export function httpRoutes(app: Express, deps: AppRouteDeps): void {
  reconciliationRoutes(app, deps);
  chainRoutes(app, deps);
}
