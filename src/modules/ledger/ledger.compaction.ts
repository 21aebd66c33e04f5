import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';

/**
 * Daily balances out of the append (decision 1890): `ledger_daily_balances` holds every posting up
 * to the watermark; readers (`ledger_balances_by_day`) add the postings after it from the journal.
 * A compaction moves them into the snapshot: every minute (cron), and as soon as an append crosses
 * a multiple of COMPACT_EVERY sequences, so the tail a balance read adds stays short under bulk
 * appends as well. Balances are exact with or without it.
 */
export const LEDGER_BALANCE_COMPACTION_QUEUE = 'ledger-balance-compaction';
export const LEDGER_BALANCE_COMPACTION_KEY = 'balances';
/** Every minute. */
export const LEDGER_BALANCE_COMPACTION_CRON = '* * * * *';
/** An append that crosses a multiple of this many sequences asks for a compaction. */
export const COMPACT_EVERY = 5000;

/** Tries of one compaction whose wait for the watermark row timed out (100 ms each, decision 1890). */
const ATTEMPTS = 5;

/**
 * One compaction in its own READ COMMITTED transaction (the function refuses any other level): the
 * range of sequences it moved into the snapshot, or null when there was nothing after the watermark
 * or the watermark row stayed locked by uncommitted postings statements through every attempt (the
 * next compaction takes them; balances are exact meanwhile).
 */
export async function compactDailyBalances(dataSource: DataSource): Promise<{ from: string; to: string } | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [row] = await dataSource.query<[{ from_sequence: string; to_sequence: string }]>(
        `SELECT from_sequence::text AS from_sequence, to_sequence::text AS to_sequence FROM ledger_compact_balances()`,
      );
      return row.from_sequence === row.to_sequence ? null : { from: row.from_sequence, to: row.to_sequence };
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (code !== '55P03' || attempt >= ATTEMPTS) {
        if (code === '55P03') {
          return null;
        }
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Whether an append from head `before` to `after` asks for a compaction (it crosses a multiple of COMPACT_EVERY in a process with a job queue). */
export function asksForCompaction(ctx: RequestContext, before: bigint, after: bigint): boolean {
  const every = BigInt(COMPACT_EVERY);
  return ctx.jobs !== undefined && before / every !== after / every;
}

/**
 * Inside the append's command: queues one compaction (a waiting one is reused) when the sequences
 * `after` the head `before` cross a multiple of COMPACT_EVERY. Without a job queue in the process
 * (CLIs, benchmarks) the cron of the server does it.
 */
export async function compactionAfterAppend(tx: RequestContext, before: bigint, after: bigint): Promise<void> {
  if (tx.jobs === undefined || !asksForCompaction(tx, before, after)) {
    return;
  }
  await tx.jobs.enqueue(tx, LEDGER_BALANCE_COMPACTION_QUEUE, {}, { singletonKey: LEDGER_BALANCE_COMPACTION_KEY });
}
