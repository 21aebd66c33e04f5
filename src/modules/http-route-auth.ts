import type { NextFunction, Request, Response } from 'express';
import type { RequestContext } from '../context';
import { DomainError } from '../common/errors/domain-error';
import { scrub, writeAuditRecord } from './audit';

export interface RouteDeps {
  contextFor(token: string | null, requestId?: string): Promise<RequestContext>;
}

/** What a module's route handler gets: the request's context, already authenticated. */
export type AuthenticatedHandler = (ctx: RequestContext, req: Request, res: Response) => Promise<void>;

/** Bearer token → RequestContext; no or a bad token is UNAUTHENTICATED (as on /graphql). */
async function authenticate(deps: RouteDeps, req: Request, res: Response): Promise<RequestContext> {
  const header = req.header('authorization');
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!m || m[1] === undefined) {
    throw new DomainError('UNAUTHENTICATED', 'a "Bearer <token>" Authorization header is required');
  }
  let ctx: RequestContext;
  try {
    ctx = await deps.contextFor(m[1], String(res.locals.requestId ?? ''));
  } catch (error) {
    throw error instanceof DomainError ? error : new DomainError('UNAUTHENTICATED', 'the token is not valid');
  }
  if (ctx.actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'the token is not valid');
  }
  // The request log line names the actor (src/server.ts).
  res.locals.ctx = ctx;
  return ctx;
}

/**
 * Wraps a plain route: authenticates like /graphql and, when the service refuses (FORBIDDEN), logs
 * and audits the refusal as the GraphQL audit plugin does, so a download is no side door
 * (decision 0002). Scoping itself stays in the services, through src/common/auth/scope.ts.
 */
export function authenticated(deps: RouteDeps, handler: AuthenticatedHandler) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let ctx: RequestContext | undefined;
    try {
      ctx = await authenticate(deps, req, res);
      await handler(ctx, req, res);
    } catch (error) {
      if (ctx !== undefined && error instanceof DomainError && error.code === 'FORBIDDEN') {
        const route = `${req.method} ${req.baseUrl}${String((req.route as { path?: unknown } | undefined)?.path ?? req.path)}`;
        ctx.log.warn({ event: 'access_denied', route, query: req.query, reason: error.message }, 'plain route refused');
        await writeAuditRecord(ctx.dataSource, {
          requestId: ctx.requestId,
          actor: ctx.actor,
          operationType: 'http',
          operationName: route,
          fields: [req.path],
          arguments: scrub({ params: req.params, query: req.query }),
          outcome: 'FORBIDDEN',
        }).catch((auditError: unknown) => ctx?.log.error({ err: auditError }, 'could not write audit record'));
      }
      if (res.headersSent) {
        // Failed mid-stream: the client sees a cut download, never a half body with a 200 and a JSON tail.
        ctx?.log.error({ err: error }, 'plain route failed while streaming');
        res.destroy(error as Error);
        return;
      }
      next(error);
    }
  };
}
