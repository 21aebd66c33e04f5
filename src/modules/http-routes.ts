import type { Express } from 'express';
import type { RequestContext } from '../context';

export interface RouteDeps {
  contextFor(token: string | null, requestId?: string): Promise<RequestContext>;
}

/** Plain HTTP routes beside /graphql (downloads). Modules add theirs here. */
export function httpRoutes(_app: Express, _deps: RouteDeps): void {
  // Exports land with the reconciliation issue.
}
