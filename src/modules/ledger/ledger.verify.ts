import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { GENESIS_HASH } from './journal-hash';
import {
  batchText,
  checkBatch,
  defaultWorkers,
  inlineChecker,
  verifierPool,
  workerScript,
  type BatchChecker,
  type BatchResult,
  type BatchRow,
  type ChainProblem,
  type PostingRow,
} from './verify-hasher';

export type { ChainProblem };

export interface JournalVerification {
  ok: boolean;
  /** Transactions verified intact (before the break, if any; after `from` when given). */
  count: number;
  /** Sequence of the last intact transaction ('0' for none). */
  headSequence: string;
  /** Hash of the last intact transaction (the genesis constant for an empty journal). */
  headHash: string;
  /** The first broken link, when not ok. */
  brokenAt: {
    transactionId: string;
    sequence: string;
    problem: ChainProblem;
    expected: string;
    actual: string;
  } | null;
}

// Two statements per batch (decision 1720): the transactions by keyset, then their postings by id
// with the accounts joined once (a sub-select per transaction made PostgreSQL hash the accounts
// table once per transaction). Both are read as raw text (decision 1780): every column as
// PostgreSQL sent it, no per-column decoding on the main thread; the batch goes on to the checker
// as one string. Both run in the verification's transaction; postings are append-only and
// committed with their transaction, so the postings of a transaction already read are complete.
const TRANSACTIONS_SQL = `SELECT id, sequence, prev_hash, idempotency_key, request_hash, kind, effective_date, recorded_at, actor,
        actor_role, reason, currency, cause_type, cause_id, reverses_id, hash
   FROM journal_transactions WHERE sequence > $1::bigint ORDER BY sequence LIMIT $2`;
const POSTINGS_SQL = `SELECT p.transaction_id, p.line, a.address, p.direction, p.amount
   FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = ANY($1::uuid[])`;

/** Every column as the text PostgreSQL sent (null stays null): what `BatchRow` and `PostingRow` describe. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

interface RawClient {
  query(config: { text: string; values: unknown[]; rowMode: 'array'; types: typeof RAW_TEXT }): Promise<{ rows: unknown[][] }>;
}

/** Rows as arrays of raw text on the transaction's own connection (the pg client under TypeORM's query runner). */
async function rawRows<T>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = em.queryRunner;
  if (runner === undefined) {
    throw new Error('journal verification: needs the connection of a transaction');
  }
  const client = (await runner.connect()) as RawClient;
  return (await client.query({ text, values, rowMode: 'array', types: RAW_TEXT })).rows as T[];
}

interface Batch {
  n: number;
  /** Sequence and stored hash of the batch's last transaction (where the next batch continues). */
  last: { sequence: string; hash: string } | null;
  text: string;
}

/** One batch: the transactions after `after` with their postings, as one string for the checker. */
async function readBatch(em: EntityManager, after: string, batchSize: number): Promise<Batch> {
  const rows = await rawRows<BatchRow>(em, TRANSACTIONS_SQL, [after, batchSize]);
  const postings = rows.length === 0 ? [] : await rawRows<PostingRow>(em, POSTINGS_SQL, [rows.map((r) => r[0])]);
  const last = rows[rows.length - 1];
  return { n: rows.length, last: last === undefined ? null : { sequence: last[1], hash: last[15] }, text: batchText(rows, postings) };
}

/**
 * Walks the chain in sequence order, in batches (keyset pagination, so memory stays flat however
 * long the journal), recomputing every hash with the same canonical form the writer uses. Stops
 * at the first broken link: a gap in the sequence, a prev_hash that is not the previous hash, or
 * a hash that does not match the content (a changed row or posting).
 *
 * Each batch is read as raw text and handed on as one string (decision 1780). The next batch is
 * requested as soon as this one has arrived (decision 0660), so PostgreSQL reads while Node
 * checks. When the journal fills more than one batch, the batches are decoded and checked in
 * worker threads, one per core (decisions 1720, 1780): batch k+1 starts from the sequence and
 * stored hash of batch k's last row, so batches are checked in parallel and their results added
 * up in order: the first broken link of the first broken batch is the walk's, exactly as a walk
 * row by row would find it.
 */
export interface VerifyFrom {
  /** Verify only the transactions after this sequence ('0': the whole chain). */
  sequence: string;
  /** The hash of the transaction at `sequence` (the genesis constant for '0'). */
  hash: string;
}

export async function verifyJournal(
  ctx: RequestContext,
  options: {
    batchSize?: number;
    from?: VerifyFrom;
    /**
     * Check in worker threads when the journal is longer than one batch: true (default) for one per
     * core, a number for that many, false for none. Needs the compiled build (or `workerScript`).
     */
    threads?: boolean | number;
    /** The compiled worker entry (tests running from TypeScript sources point at dist/). */
    workerScript?: string;
  } = {},
): Promise<JournalVerification> {
  // The batch statement is cheap, but before the journal's statistics exist its estimated cost is
  // high enough for PostgreSQL to JIT-compile it every time (~240 ms per batch for a 15 ms query),
  // so the walk runs with jit off, local to its transaction: one of its own through runCommand, or
  // the caller's, where the setting is restored afterwards.
  const threads = options.threads ?? true;
  const workers = threads === false ? 0 : threads === true ? defaultWorkers() : Math.max(0, Math.floor(threads));
  return runCommand(ctx, async (tx) => {
    const [{ jit }] = await tx.em.query<[{ jit: string }]>(`SELECT current_setting('jit') AS jit`);
    await tx.em.query(`SELECT set_config('jit', 'off', true)`);
    const result = await walk(
      tx.em,
      options.batchSize ?? 2000,
      options.from ?? { sequence: '0', hash: GENESIS_HASH },
      workers,
      options.workerScript,
    );
    if (ctx.inTransaction) {
      await tx.em.query(`SELECT set_config('jit', $1, true)`, [jit]);
    }
    return result;
  });
}

async function walk(
  em: EntityManager,
  batchSize: number,
  from: VerifyFrom,
  workers: number,
  script: string | undefined,
): Promise<JournalVerification> {
  const fetch = (after: string): Promise<Batch> => {
    const p = readBatch(em, after, batchSize);
    // Handled here too, so a prefetch left behind by an early return never surfaces as unhandled.
    p.catch(() => undefined);
    return p;
  };
  let batch = await fetch(from.sequence);
  if (batch.n < batchSize) {
    // One batch (or none): checked here, a worker would cost more to start than it saves.
    const r = checkBatch(batch.text, { sequence: (BigInt(from.sequence) + 1n).toString(), prevHash: from.hash });
    return { ok: r.brokenAt === null, ...r };
  }
  const entry = workers > 0 ? (script ?? workerScript()) : undefined;
  const checker: BatchChecker = entry === undefined ? inlineChecker : verifierPool(entry, workers);
  // Batches being checked, in sequence order; at most `workers + 1`, so memory stays flat.
  const inFlight: Promise<BatchResult>[] = [];
  const limit = Math.max(1, workers) + 1;
  let start = { sequence: (BigInt(from.sequence) + 1n).toString(), prevHash: from.hash };
  let count = 0;
  let head = { sequence: from.sequence, hash: from.hash };
  let pending: Promise<Batch> | null = null;
  try {
    for (;;) {
      // Batch by batch in order: the first broken batch ends the walk with its first broken link.
      while (inFlight.length >= limit || (batch.n === 0 && inFlight.length > 0)) {
        const r = await (inFlight.shift() as Promise<BatchResult>);
        count += r.count;
        if (r.brokenAt !== null) {
          return { ok: false, count, headSequence: r.headSequence, headHash: r.headHash, brokenAt: r.brokenAt };
        }
        head = { sequence: r.headSequence, hash: r.headHash };
      }
      if (batch.n === 0) {
        return { ok: true, count, headSequence: head.sequence, headHash: head.hash, brokenAt: null };
      }
      const last = batch.last as { sequence: string; hash: string };
      pending = batch.n < batchSize ? Promise.resolve({ n: 0, last: null, text: '' }) : fetch(last.sequence);
      const checking = checker.check(batch.text, start);
      checking.catch(() => undefined);
      inFlight.push(checking);
      // The next batch continues the chain from this one's last row as stored: if this one is
      // broken, its result ends the walk before the next one's is looked at.
      start = { sequence: (BigInt(last.sequence) + 1n).toString(), prevHash: last.hash };
      batch = await pending;
      pending = null;
    }
  } finally {
    // A prefetch still running when the walk stops early is awaited: the transaction is not left mid-statement.
    await pending?.catch(() => undefined);
    await checker.close();
  }
}
