import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from './common/logger';
import type { Actor } from './common/auth/actor';
import type { JobQueue } from './common/jobs';

/**
 * Threaded through every service call as the first argument. Never mutated: `runCommand` hands
 * the work a copy whose `em` is the transaction's manager.
 */
export interface RequestContext {
  readonly requestId: string;
  /** Null only for unauthenticated requests; resolvers behind `@Authorized` never see null. */
  readonly actor: Actor | null;
  readonly dataSource: DataSource;
  /** The manager to use: the transaction's inside `runCommand`, the pool's outside. */
  readonly em: EntityManager;
  readonly inTransaction: boolean;
  /** True inside a dry run's transaction (rolled back at its end): a nested dry run may join it. */
  readonly dryRun?: boolean;
  /**
   * Inside `runCommand`: work to do once the outermost transaction has committed (never on
   * rollback or in a dry run), such as waking the workers of a queue a job was written to.
   */
  readonly afterCommit?: (() => void)[];
  readonly log: Logger;
  /**
   * The job queue, where the process runs one (the server does; CLIs and most tests do not). Work
   * too long for a request is enqueued here and polled by the client.
   */
  readonly jobs?: JobQueue;
}

export function requireActor(ctx: RequestContext): Actor {
  if (ctx.actor === null) {
    // Resolvers are @Authorized; reaching here means a service was called outside GraphQL without one.
    throw new Error('requireActor(): no actor in context');
  }
  return ctx.actor;
}
