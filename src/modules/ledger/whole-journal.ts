import type { RequestContext } from '../../context';
import { InFlight } from '../../common/in-flight';
import { verifyJournal, type JournalVerification } from './ledger.verify';

/**
 * Below this many transactions the whole walk checks its batches on the main thread: starting the
 * worker threads costs more than they save (decision 1880: 8,499 transactions, load ~7 on two
 * cores: 235–471 ms inline against 769–1,065 ms with two workers).
 */
export const WHOLE_WALK_WORKERS_FROM = 50_000;

const wholeWalks = new InFlight<JournalVerification>();

/**
 * The whole chain verified from genesis, for the requests that ask for it (a kept checkpoint
 * checked, the console's full verification): requests that arrive while a walk runs share it
 * (decision 1880, as 1811 and 1830); nothing is kept once it has answered, so the next request
 * walks again and finds whatever changed since. Callers check the role first. Inside a caller's
 * transaction (which may see rows no other connection sees) it walks on its own.
 */
export function verifyWholeJournal(ctx: RequestContext): Promise<JournalVerification> {
  if (ctx.inTransaction) {
    return verifyJournal(ctx);
  }
  return wholeWalks.share('genesis', async () => {
    const [{ head }] = await ctx.em.query<[{ head: string }]>(`SELECT COALESCE(max(sequence), 0)::text AS head FROM journal_transactions`);
    return verifyJournal(ctx, { threads: BigInt(head) >= BigInt(WHOLE_WALK_WORKERS_FROM) });
  });
}

/** Read by tests: how many whole walks were made rather than shared. */
export const wholeJournalWalks = (): number => wholeWalks.computed;
