import type { DataSource, EntityManager } from 'typeorm';
import { Client } from 'pg';
import type { RequestContext } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { appendPath } from './ledger.writer';
import { GENESIS_HASH } from './journal-hash';
import { checkAny, inlineChecker } from './verify-bytes';
import { copyOutBytes, copyOutRows, gatheredInto } from './copy-out';
import { readerConnection, type ReaderConnection } from './reader-connections';

export { copyOutBytes };
import {
  batchText,
  defaultWorkers,
  verifierPool,
  workerScript,
  type BatchChecker,
  type BatchResult,
  type BatchRow,
  type ChainProblem,
  type CopyBytes,
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
// and sequence (decision 2050: a posting belongs to the transaction whose id and sequence it carries)
// with the accounts joined once (a sub-select per transaction made PostgreSQL hash the accounts
// table once per transaction). Both are read as raw text (decision 1780): every column as
// PostgreSQL sent it, no per-column decoding on the main thread; the batch goes on to the checker
// as one string. Both run in the verification's transaction; postings are append-only and
// committed with their transaction, so the postings of a transaction already read are complete.
const TRANSACTIONS_SQL = `SELECT id, sequence, prev_hash, idempotency_key, request_hash, kind, effective_date, recorded_at, actor,
        actor_role, reason, currency, cause_type, cause_id, reverses_id, hash
   FROM journal_transactions WHERE sequence > $1::bigint ORDER BY sequence LIMIT $2`;
const POSTINGS_SQL = `SELECT p.transaction_id, p.line, a.address, p.direction, p.amount
   FROM unnest($1::uuid[], $2::bigint[]) AS k(id, sequence)
   JOIN journal_postings p ON p.transaction_id = k.id AND p.transaction_sequence = k.sequence
   JOIN ledger_accounts a ON a.id = p.account_id`;

/** Every column as the text PostgreSQL sent (null stays null): what `BatchRow` and `PostingRow` describe. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

interface RawClient {
  query(config: { text: string; values: unknown[]; rowMode: 'array'; types: typeof RAW_TEXT }): Promise<{ rows: unknown[][] }>;
}

/** The pg client under the transaction's query runner (its own connection). */
async function ownClient(em: EntityManager): Promise<RawClient> {
  const runner = em.queryRunner;
  if (runner === undefined) {
    throw new Error('journal verification: needs the connection of a transaction');
  }
  return (await runner.connect()) as RawClient;
}

/** Rows as arrays of raw text. */
async function rawRows<T>(client: RawClient, text: string, values: unknown[]): Promise<T[]> {
  return (await client.query({ text, values, rowMode: 'array', types: RAW_TEXT })).rows as T[];
}

interface Batch {
  n: number;
  /** Sequence and stored hash of the batch's last transaction (where the next batch continues). */
  last: { sequence: string; hash: string } | null;
  /** JSON text (keyset walk) or the snapshot readers' COPY bytes (decision 1930). */
  text: string | CopyBytes;
  /** Postings read with the batch (decision 2050: the walk's count of them is checked at its end). */
  postings: number;
  /** Called once the batch has been checked: its buffers may be gathered into again. */
  release?: () => void;
}

/** One batch: the transactions after `after` with their postings, as one string for the checker. */
async function readBatch(client: RawClient, after: string, batchSize: number): Promise<Batch> {
  return batchOf(client, await rawRows<BatchRow>(client, TRANSACTIONS_SQL, [after, batchSize]));
}

/** The postings of `rows`, and the batch they make. */
async function batchOf(client: RawClient, rows: BatchRow[]): Promise<Batch> {
  const postings = rows.length === 0 ? [] : await rawRows<PostingRow>(client, POSTINGS_SQL, [rows.map((r) => r[0]), rows.map((r) => r[1])]);
  const last = rows[rows.length - 1];
  return {
    n: rows.length,
    last: last === undefined ? null : { sequence: last[1], hash: last[15] },
    text: batchText(rows, postings),
    postings: postings.length,
  };
}

const EMPTY_BATCH: Batch = { n: 0, last: null, text: '', postings: 0 };

/** Where the walk's batches come from, in sequence order; the one after the last is empty. */
interface BatchSource {
  next(): Promise<Batch>;
  /** Waits for reads still running and lets go of what the source opened. */
  close(): Promise<void>;
  /**
   * The snapshot readers' count of every posting the walk must account for (after `from`; from
   * genesis, all), made in the walk's snapshot while it reads (decision 2100).
   */
  postingsInScope?: Promise<number>;
}

/**
 * Keyset batches on the verification's own connection; the next batch is requested as soon as one
 * has arrived (decision 0660), so PostgreSQL reads while Node checks.
 */
function keysetSource(client: RawClient, from: string, batchSize: number): BatchSource {
  const fetch = (after: string): Promise<Batch> => {
    const p = readBatch(client, after, batchSize);
    // Handled here too, so a prefetch left behind by an early return never surfaces as unhandled.
    p.catch(() => undefined);
    return p;
  };
  let pending: Promise<Batch> = fetch(from);
  return {
    async next() {
      const batch = await pending;
      pending = batch.n < batchSize || batch.last === null ? Promise.resolve(EMPTY_BATCH) : fetch(batch.last.sequence);
      return batch;
    },
    async close() {
      // A prefetch still running when the walk stops early is awaited: the transaction is not left mid-statement.
      await pending.catch(() => undefined);
    },
  };
}

// The snapshot readers' two statements per batch, by sequence range (bigint literals: COPY takes no
// parameters). COPY TO sends each row as one line of text: the main thread only joins the chunks
// (no rows or values made), the worker decodes them (decision 1851).
export const rangeTransactionsCopy = (
  lo: bigint,
  hi: bigint,
): string => `COPY (SELECT id, sequence, prev_hash, idempotency_key, request_hash, kind,
    effective_date, recorded_at, actor, actor_role, reason, currency, cause_type, cause_id, reverses_id, hash
   FROM journal_transactions WHERE sequence > ${lo.toString()} AND sequence <= ${hi.toString()} ORDER BY sequence) TO STDOUT`;
// The postings of the range's transactions by one range scan of the (transaction_sequence, line)
// index, in that order, each joined to the transaction whose sequence and id it carries (decision
// 2050: a posting belongs to that transaction; the join reads the range's transactions by their
// sequence index, so no index is probed per transaction as by the LATERAL sub-select of decision
// 1851, which cost the reader twice as much). A posting whose id is not that of the transaction at
// its sequence is left out here as on the keyset walk, and its own transaction misses it or the
// walk's count of postings finds it (`postingsAccounted`). Each posting carries its transaction's
// sequence (decision 1930: the checker groups a transaction's postings by it) and its account's
// id, not its address: the accounts are read once per walk (`ACCOUNTS_COPY`, in the same snapshot)
// and the checker maps the ids (decision 1901; the accounts hash-joined to every batch cost the
// reader 140–240 ms of CPU per 40,000 transactions, decision 1900).
export const rangePostingsCopy = (
  lo: bigint,
  hi: bigint,
): string => `COPY (SELECT p.transaction_sequence, p.line, p.account_id, p.direction, p.amount
   FROM journal_postings p JOIN journal_transactions t ON t.sequence = p.transaction_sequence AND t.id = p.transaction_id
  WHERE p.transaction_sequence > ${lo.toString()} AND p.transaction_sequence <= ${hi.toString()}
    AND t.sequence > ${lo.toString()} AND t.sequence <= ${hi.toString()}
  ORDER BY p.transaction_sequence, p.line) TO STDOUT`;
/** Every account's id and address, read once per walk by the first reader (decision 1901). */
export const ACCOUNTS_COPY = 'COPY (SELECT id, address FROM ledger_accounts) TO STDOUT';

/**
 * The readers' plan settings, local to their transactions: jit off (decision 1780), and
 * index-driven reads only: a batch's range is small, the journal is not, and with statistics from
 * when it was smaller the planner hashed the whole postings table for every batch (a parallel
 * sequential scan per batch, found at 200,000; decision 1851). Bitmap scans off too (decision
 * 1900): each transaction's postings by a plain index scan, not a bitmap built per transaction
 * (7 ms instead of 16 ms per batch of 2,000 in EXPLAIN ANALYZE). Merge joins, not hash joins
 * (decision 2050): the postings' statement merges the range's postings and transactions, both read
 * in sequence order by their indexes, so its rows come out in that order without a sort (a hash
 * join of the range's transactions needed one: 7.6 against 6.1 ms per batch in EXPLAIN ANALYZE).
 * Nested loops off too (decision 2100): on a journal not yet analysed (just written, as in the
 * benchmark) the planner took the range for a few rows and probed the postings per transaction,
 * then sorted them (4.7 against 1.6 ms per batch of 2,000).
 */
export const READER_SETTINGS = `SELECT set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true),
  set_config('enable_hashjoin', 'off', true), set_config('enable_bitmapscan', 'off', true),
  set_config('enable_nestloop', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/**
 * Batches read by several connections at once, all in the snapshot the verification's transaction
 * exported (decision 1851): batch k holds the sequences (from + k·size, from + (k+1)·size], read by
 * connection k mod readers, each connection one batch after the other, at most `window` batches
 * read ahead of the walk. Only for a journal whose sequences after `from` are exactly
 * from+1 … max in that snapshot (count = max − from), so every batch is full and the ranges are the
 * keyset walk's batches; anything else walks by keyset, which finds the gap.
 */
async function snapshotSource(
  dataSource: DataSource,
  url: string,
  snapshot: string,
  from: bigint,
  max: bigint,
  batchSize: number,
  readers: number,
  window: number,
): Promise<BatchSource> {
  // Each reader's transaction begins in the exported snapshot, in one round trip.
  const begin = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'; ${READER_SETTINGS}`;
  const connections: Promise<ReaderConnection>[] = [];
  /** Readers whose connection may be mid-statement (a statement on it failed): closed, not kept. */
  const broken = new Set<number>();
  const on = async <T>(r: number, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      broken.add(r);
      throw error;
    }
  };
  const connect = (r: number): Promise<Client> => {
    const connection = readerConnection(dataSource, url);
    connections[r] = connection;
    return connection.then(({ client }) =>
      on(r, async () => {
        await client.query(begin);
        return client;
      }),
    );
  };
  const opened = Array.from({ length: readers }, (_, r) => connect(r));
  // One more connection in the snapshot counts the postings the walk must account for (decision
  // 2100), while the readers read: every posting after `from` (from genesis, every posting).
  const counter = readers;
  const where = from === 0n ? '' : ` WHERE transaction_sequence > ${from.toString()}`;
  const postingsInScope = connect(counter).then((client) =>
    on(counter, async () => {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM journal_postings${where}`);
      return Number((rows[0] as { n: string }).n);
    }),
  );
  postingsInScope.catch(() => undefined);
  const total = Number((max - from + BigInt(batchSize) - 1n) / BigInt(batchSize));
  const reads: Promise<Batch>[] = [];
  const chains: Promise<unknown>[] = opened.map((c) => c.catch(() => undefined));
  // The accounts, once, in the snapshot, before the first reader's first batch (decision 1901).
  const accounts = (opened[0] as Promise<Client>).then((client) => on(0, () => copyOutBytes(client, ACCOUNTS_COPY)));
  accounts.catch(() => undefined);
  chains[0] = accounts.catch(() => undefined);
  // Buffers of batches already checked, gathered into again (decision 1930): a walk allocates about
  // window × 2 of them instead of two per batch, so the garbage collector is not pressed by 20 MB of
  // new buffers per 40,000 transactions.
  const free: Buffer[] = [];
  const schedule = (k: number) => {
    if (k >= total || reads[k] !== undefined) {
      return;
    }
    const r = k % readers;
    const lo = from + BigInt(k) * BigInt(batchSize);
    const hi = lo + BigInt(batchSize) < max ? lo + BigInt(batchSize) : max;
    const read = (async (): Promise<Batch> => {
      await chains[r];
      const client = await (opened[r] as Promise<Client>);
      const { transactions, postings, rows } = await on(r, async () => {
        const t = await copyOutBytes(client, rangeTransactionsCopy(lo, hi), free.pop() ?? 1 << 20);
        const p = await copyOutRows(client, rangePostingsCopy(lo, hi), free.pop() ?? 1 << 20);
        return { transactions: t, postings: p.bytes, rows: p.rows };
      });
      // Every batch is full (the span was checked): its last row is the range's end, and its stored
      // hash the last line's last column.
      const lastTab = transactions.lastIndexOf(9, transactions.length - 2);
      return {
        n: Number(hi - lo),
        last: { sequence: hi.toString(), hash: transactions.toString('utf8', lastTab + 1, transactions.length - 1) },
        text: { accounts: await accounts, transactions, postings },
        postings: rows,
        release: () => free.push(gatheredInto(transactions), gatheredInto(postings)),
      };
    })();
    read.catch(() => undefined);
    chains[r] = read.catch(() => undefined);
    reads[k] = read;
  };
  let next = 0;
  for (let k = 0; k < window; k += 1) {
    schedule(k);
  }
  return {
    async next() {
      if (next >= total) {
        return EMPTY_BATCH;
      }
      const batch = await (reads[next] as Promise<Batch>);
      next += 1;
      schedule(next + window - 1);
      return batch;
    },
    postingsInScope,
    async close() {
      await Promise.all([...chains, postingsInScope.catch(() => undefined)]);
      // Every read has ended: the connections are let go without waiting (decision 2050: waiting
      // for them to close cost the walk about 15 ms), each kept for the next walk once its
      // read-only transaction has ended, or closed if a read on it failed (decision 2100).
      connections.forEach((connection, r) => {
        connection.then(
          (c) => c.release(broken.has(r)),
          () => undefined,
        );
      });
    },
  };
}

/**
 * The source of the walk's batches: several readers in one exported snapshot when there are
 * enough batches for them (decision 1851), else the keyset walk on the transaction's connection.
 */
async function batchSource(
  em: EntityManager,
  ctx: RequestContext,
  from: VerifyFrom,
  batchSize: number,
  readers: number,
  window: number,
): Promise<BatchSource> {
  const own = await ownClient(em);
  const url = (ctx.dataSource.options as { url?: string }).url;
  // The embedded database takes one connection (and has no snapshot export): keyset walk.
  if (readers > 1 && url !== undefined && (await appendPath(ctx)) === 'copy') {
    // The snapshot and the span in one statement, so both are the same. A transaction that wrote
    // something (an xid assigned) would see rows its readers cannot: it walks on its own.
    const [span] = await rawRows<[string | null, string | null, string]>(
      own,
      `SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL THEN pg_export_snapshot() END,
              max(sequence)::text, count(*)::text
         FROM journal_transactions WHERE sequence > $1::bigint`,
      [from.sequence],
    );
    const [snapshot, maxText, countText] = span as [string | null, string | null, string];
    if (snapshot !== null && maxText !== null) {
      const start = BigInt(from.sequence);
      const max = BigInt(maxText);
      if (max - start === BigInt(countText) && max - start > BigInt(batchSize)) {
        return snapshotSource(ctx.dataSource, url, snapshot, start, max, batchSize, readers, window);
      }
    }
  }
  return keysetSource(own, from.sequence, batchSize);
}

/**
 * Walks the chain in sequence order, in batches (keyset pagination, so memory stays flat however
 * long the journal), recomputing every hash with the same canonical form the writer uses. Stops
 * at the first broken link: a gap in the sequence, a prev_hash that is not the previous hash, or
 * a hash that does not match the content (a changed row or posting).
 *
 * Each batch is read as raw text and handed on as one string (decision 1780). A gapless journal
 * longer than one batch is read by several connections at once in the snapshot this transaction
 * exports, by COPY TO (decision 1851); otherwise the next batch is requested as soon as this one
 * has arrived (decision 0660). Either way PostgreSQL reads while Node checks. When the journal fills more than one batch, the batches are decoded and checked in
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

/** Connections reading at once: two keep PostgreSQL reading on both cores while Node checks. */
const DEFAULT_READERS = 2;

export async function verifyJournal(
  ctx: RequestContext,
  options: {
    batchSize?: number;
    from?: VerifyFrom;
    /**
     * Check in worker threads when the journal is longer than one batch: true (default) for
     * `defaultWorkers()` (none on two cores or fewer, else one per core, at most 4), a number for
     * that many, false for none. Needs the compiled build (or `workerScript`).
     */
    threads?: boolean | number;
    /** The compiled worker entry (tests running from TypeScript sources point at dist/). */
    workerScript?: string;
    /**
     * Connections reading batches at once in one exported snapshot (decision 1851; default 2; 1
     * reads on the verification's own connection only). The embedded database always reads with one.
     */
    readers?: number;
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
    const batchSize = options.batchSize ?? 2000;
    const from = options.from ?? { sequence: '0', hash: GENESIS_HASH };
    const readers = Math.max(1, Math.floor(options.readers ?? DEFAULT_READERS));
    // Batches read ahead of the walk: enough to keep every reader and every checker busy.
    const source = await batchSource(tx.em, tx, from, batchSize, readers, readers + Math.max(1, workers) + 1);
    const walked = await walk(source, batchSize, from, workers, options.workerScript);
    const result = walked.verification.ok ? await postingsAccounted(tx.em, from, walked, source.postingsInScope) : walked.verification;
    if (ctx.inTransaction) {
      await tx.em.query(`SELECT set_config('jit', $1, true)`, [jit]);
    }
    return result;
  });
}

/** A walk's answer and the postings it read with the transactions it checked. */
interface Walked {
  verification: JournalVerification;
  postings: number;
}

async function walk(
  source: BatchSource,
  batchSize: number,
  from: VerifyFrom,
  workers: number,
  script: string | undefined,
): Promise<Walked> {
  let checker: BatchChecker | undefined;
  try {
    let batch = await source.next();
    if (batch.n < batchSize) {
      // One batch (or none): checked here, a worker would cost more to start than it saves.
      const r = checkAny(batch.text, { sequence: (BigInt(from.sequence) + 1n).toString(), prevHash: from.hash });
      return { verification: { ok: r.brokenAt === null, ...r }, postings: batch.postings };
    }
    const entry = workers > 0 ? (script ?? workerScript()) : undefined;
    checker = entry === undefined ? inlineChecker : verifierPool(entry, workers);
    // Batches being checked, in sequence order; at most `workers + 1`, so memory stays flat.
    const inFlight: Promise<BatchResult>[] = [];
    const limit = Math.max(1, workers) + 1;
    let start = { sequence: (BigInt(from.sequence) + 1n).toString(), prevHash: from.hash };
    let count = 0;
    let postings = 0;
    let head = { sequence: from.sequence, hash: from.hash };
    for (;;) {
      // Batch by batch in order: the first broken batch ends the walk with its first broken link.
      while (inFlight.length >= limit || (batch.n === 0 && inFlight.length > 0)) {
        const r = await (inFlight.shift() as Promise<BatchResult>);
        count += r.count;
        if (r.brokenAt !== null) {
          return { verification: { ok: false, count, headSequence: r.headSequence, headHash: r.headHash, brokenAt: r.brokenAt }, postings };
        }
        head = { sequence: r.headSequence, hash: r.headHash };
      }
      if (batch.n === 0) {
        return { verification: { ok: true, count, headSequence: head.sequence, headHash: head.hash, brokenAt: null }, postings };
      }
      const last = batch.last as { sequence: string; hash: string };
      const checking = checker.check(batch.text, start);
      postings += batch.postings;
      checking.then(batch.release, () => undefined);
      inFlight.push(checking);
      // The next batch continues the chain from this one's last row as stored: if this one is
      // broken, its result ends the walk before the next one's is looked at.
      start = { sequence: (BigInt(last.sequence) + 1n).toString(), prevHash: last.hash };
      batch = await source.next();
    }
  } finally {
    await source.close();
    await checker?.close();
  }
}

/** The first posting in `range` (in sequence and line order) whose id and sequence name no journal transaction. */
const ORPHAN_SQL = (range: string): string => `SELECT p.transaction_id::text AS id, p.transaction_sequence::text AS sequence, p.line
   FROM journal_postings p
  WHERE ${range}
    AND NOT EXISTS (SELECT 1 FROM journal_transactions t WHERE t.id = p.transaction_id AND t.sequence = p.transaction_sequence)
  ORDER BY p.transaction_sequence, p.line LIMIT 1`;

/**
 * Every posting of the walked range is one the walk read, and no posting beyond it lacks its
 * transaction (decision 2050). The walk reads postings by their transaction's sequence and checks
 * each one's id against the transaction there, so a posting it never read would pass unseen: one
 * whose sequence names no transaction (beyond the head, or below 1 for a walk from genesis), or,
 * on the keyset walk (postings by id and sequence), one whose id and sequence name different
 * transactions. The postings of the range are counted (one index range) against those read; the
 * postings beyond the head are searched for one without its transaction (postings appended since
 * the walk's snapshot come with theirs). A walk from a checkpoint leaves postings at or below the
 * checkpoint to the full walk, as it leaves the transactions there.
 */
async function postingsAccounted(
  em: EntityManager,
  from: VerifyFrom,
  walked: Walked,
  inScope: Promise<number> | undefined,
): Promise<JournalVerification> {
  const v = walked.verification;
  // Counted in the walk's snapshot while it read (decision 2100): the walk's postings are a part of
  // the range's, which are a part of those in scope, so as many as in scope means the range's are
  // all read and none lies beyond the head (or below 1). Otherwise, or if the count failed, the
  // range is counted and the orphan looked for, as below.
  if (inScope !== undefined && (await inScope.catch(() => undefined)) === walked.postings) {
    return v;
  }
  const client = await ownClient(em);
  const head = BigInt(v.headSequence).toString();
  const after = BigInt(from.sequence).toString();
  const [row] = await rawRows<[string]>(
    client,
    `SELECT count(*)::text FROM journal_postings WHERE transaction_sequence > ${after} AND transaction_sequence <= ${head}`,
    [],
  );
  const counted = Number((row as [string])[0]);
  // Where to look: the range when its count is off, else beyond the head (and below 1 from genesis).
  const ranges =
    counted !== walked.postings
      ? [`p.transaction_sequence > ${after} AND p.transaction_sequence <= ${head}`]
      : [`p.transaction_sequence > ${head}`, ...(after === '0' ? ['p.transaction_sequence < 1'] : [])];
  let orphan: [string, string, string] | undefined;
  for (const range of ranges) {
    orphan ??= (await rawRows<[string, string, string]>(client, ORPHAN_SQL(range), []))[0];
  }
  if (orphan === undefined) {
    if (counted === walked.postings) {
      return v;
    }
    throw new Error(
      `journal verification: ${counted} postings after sequence ${after}, ${walked.postings} read, none without its transaction`,
    );
  }
  const [id, sequence, line] = orphan;
  return {
    ...v,
    ok: false,
    brokenAt: {
      transactionId: id,
      sequence,
      problem: 'ORPHAN_POSTING',
      expected: `a journal transaction ${id} at sequence ${sequence}`,
      actual: `posting line ${line} without it`,
    },
  };
}
