import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { RouteDeps } from '../http-route-auth';
import { logger } from '../../common/logger';
import { NOTIFICATIE_API_VERSION } from './openapi';
import type { Inbound } from './inbound.service';

/**
 * POST /notificaties (DUO's Notificatie API). Not behind `authenticated`: the caller is the chain
 * gateway with CHAIN_INBOUND_SECRET, not a user with a token; the service checks it and answers
 * 401 as the spec says (decision 1501). Every answer carries `API-Version`.
 */
export function chainRoutes(app: Express, deps: RouteDeps & { inbound: Promise<Inbound> }): void {
  app.post(
    '/notificaties',
    (_req: Request, res: Response, next: NextFunction) => {
      // Before the body parser, so that a malformed body's 400 carries it too.
      res.setHeader('API-Version', NOTIFICATIE_API_VERSION);
      next();
    },
    express.json({ limit: '16kb' }),
    async (req: Request, res: Response) => {
      try {
        const inbound = await deps.inbound;
        const answer = await inbound.receive({ headers: req.headers, body: req.body as unknown });
        if (answer.fouttekst === undefined) {
          res.status(answer.status).end();
        } else {
          res.status(answer.status).json({ fouttekst: answer.fouttekst });
        }
      } catch (error) {
        // Never the body: it holds a BSN.
        logger.error(
          { err: { name: (error as Error).name, code: (error as { code?: string }).code }, requestId: String(res.locals.requestId) },
          'notification failed',
        );
        const unavailable = (error as { code?: string }).code === 'SERVICE_UNAVAILABLE';
        res.status(unavailable ? 503 : 500).json({ fouttekst: unavailable ? 'tijdelijk niet beschikbaar' : 'interne fout' });
      }
    },
  );
}
