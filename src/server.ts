import http from 'node:http';
import crypto from 'node:crypto';
import express, { type Request, type Response, type NextFunction } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import depthLimit from 'graphql-depth-limit';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { RequestContext } from './context';
import type { JobQueue } from './common/jobs';
import type { TokenVerifier } from './common/auth/tokens';
import type { Actor } from './common/auth/actor';
import { DomainError, httpStatusFor } from './common/errors/domain-error';
import { formatError, isPoolExhausted } from './common/graphql/format-error';
import { complexityPlugin } from './common/graphql/limits';
import { checkDocumentLimits } from './common/graphql/document-limits';
import { errorEnrichmentPlugin } from './common/graphql/error-enrichment.plugin';
import { BODY_LIMIT, clientBodyErrors, httpStatusPlugin } from './common/graphql/http-status.plugin';
import { jitGateway, type ExecutionCounts } from './common/graphql/jit-executor';
import { logger } from './common/logger';
import { getSchema } from './schema';
import { auditPlugin } from './modules/audit';
import { httpRoutes } from './modules/http-routes';
import { createInbound, raadplegingClient, type Inbound } from './modules/chain';
import { consoleRoutes } from './modules/console';
import { municipalityRegister, onRegisterChange } from './modules/municipalities';
import { controllerMunicipalityCheck } from './common/auth/controller-municipality';
import { anonymousSchemaPlugin } from './common/graphql/anonymous-schema.plugin';
import { isConnectionLost } from './common/db/connection-loss';

export interface AppOptions {
  config: Config;
  dataSource: DataSource;
  verifier: TokenVerifier;
  /** Offered as sign-in buttons by the console (development only). */
  devTokens?: Record<string, string>;
  /** The process's job queue (src/common/jobs), handed to every request's context. */
  jobs?: JobQueue;
  /**
   * The start-up passes that run after the banner (the job workers and what they book or recover at
   * start, decision 1840): until it settles /readyz answers 503 `starting`, and if it fails 503
   * `start-up passes failed`. Without it the server is ready as soon as it listens.
   */
  startupPasses?: Promise<void>;
  /**
   * Compile the chain inbound's OpenAPI validator in the background once the start-up passes ran
   * (default true, as `npm start` does, decision 1840). In-process tests pass false: a file that
   * posts no notification would spend about a second of CPU on it (decision 1920); the first
   * notification compiles it either way.
   */
  warmUpInbound?: boolean;
}

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  /** Builds the context the HTTP layer would build, for in-process tests (`executeOperation`). */
  contextFor(token: string | null, requestId?: string): Promise<RequestContext>;
  isShuttingDown(): boolean;
  beginShutdown(): void;
  /** How many operations graphql-jit ran, and how many fell back to graphql-js. */
  executionCounts: Readonly<ExecutionCounts>;
}

export async function createApp({
  config,
  dataSource,
  verifier,
  devTokens,
  jobs,
  startupPasses,
  warmUpInbound = true,
}: AppOptions): Promise<App> {
  const schema = await getSchema();
  const app = express();
  const httpServer = http.createServer(app);
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s, browsers about
  // 60 s behind a proxy), so the server never closes one at the moment a client reuses it (the
  // client would see a reset with no answer; seen under load). Headers must come in before that.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  let shuttingDown = false;
  let startup: 'starting' | 'done' | 'failed' = startupPasses === undefined ? 'done' : 'starting';
  startupPasses?.then(
    () => {
      startup = 'done';
    },
    () => {
      startup = 'failed';
    },
  );

  // A controller's token must name a municipality that exists and is not dissolved (issue 20 item 3):
  // the register is read now and again after a merger, so requests pay no query for it.
  const checkController = controllerMunicipalityCheck(() =>
    municipalityRegister({ requestId: 'auth', actor: null, dataSource, em: dataSource.manager, inTransaction: false, log: logger }),
  );
  await checkController.prime();
  const stopListening = onRegisterChange(() => checkController.invalidate());
  const contextFor = async (token: string | null, requestId: string = crypto.randomUUID()): Promise<RequestContext> => {
    let actor: Actor | null = null;
    if (token !== null) {
      actor = await verifier.verify(token);
      await checkController(actor).catch((error: unknown) => {
        if (isConnectionLost(error) || isPoolExhausted(error)) {
          throw new DomainError('SERVICE_UNAVAILABLE', 'the database is unavailable: send the request again', { retryable: true });
        }
        throw error;
      });
    }
    const log = logger.child({ requestId, subject: actor?.subject });
    return { requestId, actor, dataSource, em: dataSource.manager, inTransaction: false, log, jobs };
  };

  // The operation each GraphQL request resolved to, by request id, for its request log line (Apollo
  // hands plugins a shallow copy of the context, so the context object itself is no key).
  const operations = new Map<string, { name: string | null; type: string }>();

  // graphql-jit executes operations (decision 0650); Apollo 5 takes an executor only from a gateway.
  const jit = jitGateway(schema);
  const apollo = new ApolloServer<RequestContext>({
    gateway: jit.gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // Any caller's document: refused while parsing past this many tokens (decision 1151).
    parseOptions: { maxTokens: config.maxDocumentTokens },
    // main.ts owns signal handling: it stops Apollo, then the pool, then the embedded database.
    stopOnTerminationSignals: false,
    validationRules: [depthLimit(config.maxQueryDepth)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Both wrap every field resolver (willResolveField) for features we do not use (HTTP cache
      // hints, Apollo Studio traces): on a 342-line page that was several thousand calls per request.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      complexityPlugin(schema, config.maxQueryComplexity),
      errorEnrichmentPlugin,
      httpStatusPlugin,
      anonymousSchemaPlugin(config.anonymousIntrospection),
      {
        async serverWillStart() {
          return {
            async serverWillStop() {
              stopListening();
            },
          };
        },
      },
      auditPlugin(dataSource),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation, operationName }) {
              operations.set(contextValue.requestId, { name: operationName ?? null, type: operation?.operation ?? 'unknown' });
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  // No ETag computed over every answer that `res.send` gives (GraphQL's among them): a hash of each
  // body, 2 % of a list read's CPU, for answers that are never asked for conditionally (decision
  // 2060). The console's files keep theirs (express.static sets its own).
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.on('close', () => operations.delete(requestId));
    res.on('finish', () => {
      // Who asked for what: the actor (set once the token is verified) and, for GraphQL, the operation.
      const actor = (res.locals.ctx as RequestContext | undefined)?.actor ?? null;
      const operation = operations.get(requestId);
      operations.delete(requestId);
      logger.info(
        {
          requestId,
          method: req.method,
          // originalUrl: inside a mounted router (/graphql) req.path is relative to the mount.
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          ...(operation === undefined ? {} : { operationName: operation.name, operationType: operation.type }),
          ...(actor === null ? {} : { actor: { subject: actor.subject, role: actor.role, municipality: actor.municipalityCode } }),
        },
        'request',
      );
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    if (startup !== 'done') {
      res.status(503).json({ status: startup === 'starting' ? 'starting' : 'start-up passes failed' });
      return;
    }
    try {
      await dataSource.query('SELECT 1');
      const pending = await dataSource.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready', migrations: dataSource.migrations.length });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const header = req.header('authorization');
        let token: string | null = null;
        if (header !== undefined) {
          const m = /^Bearer\s+(\S+)$/i.exec(header);
          if (!m || m[1] === undefined) {
            throw unauthenticated('the Authorization header must be "Bearer <token>"');
          }
          token = m[1];
        }
        if (token === null) {
          // Before Apollo parses anything: an anonymous caller's document is bounded (decision 1151).
          const body: unknown = req.body;
          const documents = req.method === 'GET' ? [req.query.query] : Array.isArray(body) ? body.map(queryOf) : [queryOf(body)];
          for (const query of documents) {
            checkDocumentLimits(query, config.anonymousDocumentLimits);
          }
        }
        try {
          const ctx = await contextFor(token, String(res.locals.requestId));
          res.locals.ctx = ctx;
          return ctx;
        } catch (error) {
          if (error instanceof DomainError && error.code === 'SERVICE_UNAVAILABLE') {
            (error.extensions as Record<string, unknown>).http = { status: 503 };
            throw error;
          }
          if (error instanceof DomainError) {
            throw unauthenticated(error.message, error.extensions.reason);
          }
          throw error;
        }
      },
    }),
  );

  // The chain's inbound service (POST /notificaties). Its OpenAPI validator is compiled in the
  // background once the start-up passes ran (after the banner, decision 1840), or on the first
  // notification if that comes first (or when CHAIN_INBOUND_WARM_UP=false).
  const inbound: Promise<Inbound> = createInbound({
    dataSource,
    config: config.chain,
    raadpleging: raadplegingClient(config.chain.sourceUrl ?? 'http://127.0.0.1:9', config.chain.engineOin),
    jobs,
  });
  void (startupPasses ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => inbound)
    .then(async (service) => {
      if (!warmUpInbound) {
        return;
      }
      const started = performance.now();
      await service.warmUp();
      logger.info({ ms: Math.round(performance.now() - started) }, 'chain inbound validator compiled');
    })
    .catch((error: unknown) => logger.error({ err: error }, 'chain inbound could not start'));
  httpRoutes(app, { contextFor, inbound });
  consoleRoutes(app, { devTokens });

  // A body the client got wrong (malformed JSON, wrong charset, too large): its 4xx, never a 500.
  app.use(clientBodyErrors);
  // Errors thrown by plain routes: a code and a message, never a stack.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof DomainError) {
      res
        .status(httpStatusFor(error.code))
        .json({ error: { code: error.code, message: error.message, requestId: String(res.locals.requestId) } });
      return;
    }
    logger.error({ err: error, requestId: String(res.locals.requestId) }, 'unexpected error in route');
    res
      .status(500)
      .json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', requestId: String(res.locals.requestId) } });
  });

  return {
    httpServer,
    apollo,
    contextFor,
    isShuttingDown: () => shuttingDown,
    executionCounts: jit.counts,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}

function unauthenticated(message: string, reason?: unknown): DomainError {
  // Apollo turns a context error into this response; `http.status` sets the status code.
  const error = new DomainError('UNAUTHENTICATED', message, typeof reason === 'string' ? { reason } : {});
  (error.extensions as Record<string, unknown>).http = { status: 401 };
  return error;
}

function queryOf(body: unknown): unknown {
  return body !== null && typeof body === 'object' ? (body as { query?: unknown }).query : undefined;
}
