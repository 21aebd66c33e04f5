import type { DataSource } from 'typeorm';
import { closeWithDataSource } from '../../common/db/data-source';
import type { RequestContext } from '../../context';

/** The chain's head as this process last wrote it. */
export interface RememberedHead {
  sequence: bigint;
  hash: string;
  recordedAt: Date;
}

/**
 * What a data source's appends remember between commands, so that the next append can be written
 * in one round trip (decision 2110): the head the last committed append left, the id of every
 * account an append has used, and how far the database's clock is from this process's.
 *
 * - **Only what committed.** Everything enters through `afterCommit`, so a rolled-back append (or
 *   a dry run) leaves nothing behind.
 * - **The head is taken, not read.** An append that uses it clears it, and only its own commit
 *   puts the next one back, so two appends of this process never chain from the same head. The
 *   database checks the head anyway (`ledger_append_expect`, under the chain lock): a head another
 *   process moved makes the append fall back to the usual path.
 * - **Account ids** are sound to keep: an account is never deleted, its address never changes
 *   (`ledger_accounts_guard`) and a sequence never hands an id out twice. The postings' statement
 *   trigger still refuses an id `ledger_accounts` does not hold.
 * - **It ends with its data source** (`closeWithDataSource`), so a database made again under the
 *   same name starts with nothing remembered.
 */
interface Memory {
  head: RememberedHead | undefined;
  accountIds: Map<string, string>;
  /** The database's clock minus this process's, in ms, as the last begin call read it. */
  clockOffsetMs: number | undefined;
  counts: OneRoundTripCounts;
}

/** How this data source's appends went in one round trip (decision 2110): for the logs and the tests. */
export interface OneRoundTripCounts {
  /** Committed in one round trip. */
  written: number;
  /** Sent, refused by the database (then appended the usual way), by SQLSTATE. */
  refused: Record<string, number>;
  /** Sent, and failed by an input found invalid as its row was pulled (decision 2140): rolled back, that error thrown. */
  invalid: number;
}

const byDataSource = new WeakMap<DataSource, Memory>();

/** Addresses kept per data source at most; past it the map starts over (a national ledger has a few thousand). */
const MAX_ACCOUNTS = 50_000;

function memoryOf(dataSource: DataSource): Memory | undefined {
  let memory = byDataSource.get(dataSource);
  if (memory === undefined) {
    // Only where it can end with the data source.
    if (!dataSource.isInitialized || !closeWithDataSource(dataSource, async () => void byDataSource.delete(dataSource))) {
      return undefined;
    }
    memory = { head: undefined, accountIds: new Map(), clockOffsetMs: undefined, counts: { written: 0, refused: {}, invalid: 0 } };
    byDataSource.set(dataSource, memory);
  }
  return memory;
}

/** The remembered head, cleared: the caller chains from it (or from nothing, when undefined). */
export function takeHead(dataSource: DataSource): RememberedHead | undefined {
  const memory = byDataSource.get(dataSource);
  const head = memory?.head;
  if (memory !== undefined) {
    memory.head = undefined;
  }
  return head;
}

/** The remembered account ids by address (empty before the first committed append). */
export function rememberedAccountIds(dataSource: DataSource): ReadonlyMap<string, string> {
  return byDataSource.get(dataSource)?.accountIds ?? EMPTY;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** The database's clock as this process estimates it, or undefined before a begin call has read it. */
export function databaseNow(dataSource: DataSource): number | undefined {
  const offset = byDataSource.get(dataSource)?.clockOffsetMs;
  return offset === undefined ? undefined : Date.now() + offset;
}

/** Records the database's clock as a begin call read it just now. */
export function rememberClock(dataSource: DataSource, databaseTime: Date): void {
  const memory = memoryOf(dataSource);
  if (memory !== undefined) {
    memory.clockOffsetMs = databaseTime.getTime() - Date.now();
  }
}

/** What an append wrote, remembered once its command commits (nothing if it rolls back or is a dry run). */
export function rememberAfterCommit(
  tx: RequestContext,
  wrote: { head: RememberedHead | undefined; accountIds: ReadonlyMap<string, string> },
): void {
  if (tx.afterCommit === undefined) {
    return;
  }
  const dataSource = tx.dataSource;
  tx.afterCommit.push(() => remember(dataSource, wrote));
}

/** Remembers what an append that has committed wrote. */
export function remember(
  dataSource: DataSource,
  wrote: { head: RememberedHead | undefined; accountIds: ReadonlyMap<string, string> },
): void {
  const memory = memoryOf(dataSource);
  if (memory === undefined) {
    return;
  }
  if (wrote.head !== undefined && (memory.head === undefined || memory.head.sequence < wrote.head.sequence)) {
    memory.head = wrote.head;
  }
  if (memory.accountIds.size + wrote.accountIds.size > MAX_ACCOUNTS) {
    memory.accountIds.clear();
  }
  for (const [address, id] of wrote.accountIds) {
    memory.accountIds.set(address, id);
  }
}

/** Forgets the account ids (one the database refused). */
export function forgetAccountIds(dataSource: DataSource): void {
  byDataSource.get(dataSource)?.accountIds.clear();
}

/** The data source's one-round-trip counts so far (zeros before its first committed append). */
export function oneRoundTripCounts(dataSource: DataSource): OneRoundTripCounts {
  const counts = byDataSource.get(dataSource)?.counts;
  return { written: counts?.written ?? 0, refused: { ...counts?.refused }, invalid: counts?.invalid ?? 0 };
}

/** Counts an append written in one round trip, or one the database refused with `code`. */
export function countOneRoundTrip(dataSource: DataSource, outcome: { refused: string } | 'written' | 'invalid'): void {
  const counts = memoryOf(dataSource)?.counts;
  if (counts === undefined) {
    return;
  }
  if (outcome === 'written') {
    counts.written += 1;
  } else if (outcome === 'invalid') {
    counts.invalid += 1;
  } else {
    counts.refused[outcome.refused] = (counts.refused[outcome.refused] ?? 0) + 1;
  }
}
