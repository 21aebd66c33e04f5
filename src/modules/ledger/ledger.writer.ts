import crypto from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { conflict } from '../../common/errors/domain-error';
import { RerunCommand } from '../../common/db/run-command';
import { isUniqueViolation, keyReused } from '../../common/idempotency/idempotency';
import { canonicalAmount, canonicalFromParts, GENESIS_HASH, jsonString, sha256Hex } from './journal-hash';
import type { PostedTransaction, TransactionKind } from './ledger.model';
import type { PreparedPosting, PreparedTransaction } from './ledger.validation';
import type { ParsedAccount } from './account-address';
import { compactionAfterAppend } from './ledger.compaction';
import { CopyInPipelined, type CopyIn } from './copy-in';
import { rememberAfterCommit, rememberClock, takeHead, type RememberedHead } from './append-memory';

/**
 * Key of the advisory lock that serialises appends. One chain, one lock: every append reads the
 * head and writes the next link under it, so the chain stays linear and the sequence gapless.
 */
export const CHAIN_LOCK_KEY = '7331004001';

export interface StoredTransactionRow {
  id: string;
  sequence: string;
  hash: string;
  kind: string;
  effective_date: string;
  recorded_at: Date;
  idempotency_key: string;
  request_hash: string;
}

export const STORED_COLUMNS = `id, sequence::text AS sequence, hash, kind, effective_date::text AS effective_date, recorded_at,
  idempotency_key, request_hash`;

export function toPosted(row: StoredTransactionRow, replayed: boolean): PostedTransaction {
  return {
    id: row.id,
    sequence: row.sequence,
    hash: row.hash,
    kind: row.kind as TransactionKind,
    effectiveDate: row.effective_date,
    recordedAt: row.recorded_at,
    idempotencyKey: row.idempotency_key,
    replayed,
  };
}

/** Takes the chain lock for the rest of the database transaction (re-entrant). */
export async function lockChain(tx: RequestContext): Promise<void> {
  await tx.em.query('SELECT pg_advisory_xact_lock($1::bigint)', [CHAIN_LOCK_KEY]);
}

/**
 * Appends validated transactions in one go: under the chain lock, replays known idempotency keys,
 * refuses reused ones, creates missing accounts, computes each hash in TypeScript, and writes all
 * rows with one COPY (or INSERT … unnest) per table; the statement triggers keep the daily balances
 * and check the balance (decisions 0600, 1730, 1850). Lock, key lookup, accounts, head and clock
 * are one call (`ledger_append_begin`) when the batch is all new and reverses nothing.
 *
 * Must run inside runCommand. Under READ COMMITTED every statement after the lock sees the
 * previous append, so no race reaches the unique indexes; a caller on a stale snapshot
 * (REPEATABLE READ) can still hit one: it is turned into a serialization failure so that
 * runCommand re-runs the whole command, which then reads the winner and replays it.
 */
export async function appendPrepared(tx: RequestContext, prepared: PreparedTransaction[]): Promise<PostedTransaction[]> {
  if (prepared.length === 0) {
    return [];
  }
  try {
    return await appendLocked(tx, prepared);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new RerunCommand('ledger append lost a race; re-run the command', error);
    }
    throw error;
  }
}

async function appendLocked(tx: RequestContext, all: PreparedTransaction[]): Promise<PostedTransaction[]> {
  // The same key twice in one batch: one transaction if the content is the same, else a conflict.
  const byKey = new Map<string, PreparedTransaction>();
  for (const p of all) {
    const seen = byKey.get(p.idempotencyKey);
    if (seen && seen.requestHash !== p.requestHash) {
      throw transactionKeyReused(p);
    }
    byKey.set(p.idempotencyKey, seen ?? p);
  }
  const unique = [...byKey.values()];
  // An append is under way: the head remembered before it is not the one its commit leaves (decision 2110).
  void takeHead(tx.dataSource);
  // Lock, "any key known?", accounts, head and clock in one round trip (decision 1850). On the COPY
  // path the call goes out on the pg client at once, and the request hashes are made while the
  // server answers (they need no head; decision 1950).
  const copy = await copyClient(tx);
  const begin = beginAppend(tx, unique, copy);
  for (const p of unique) {
    void p.requestHash;
  }
  const begun = await begin;
  const results = new Map<string, PostedTransaction>();
  let fresh = unique;
  if (begun.known) {
    const existing: StoredTransactionRow[] = await tx.em.query(
      `SELECT ${STORED_COLUMNS} FROM journal_transactions WHERE idempotency_key = ANY($1::text[])`,
      [[...byKey.keys()]],
    );
    for (const row of existing) {
      const p = byKey.get(row.idempotency_key) as PreparedTransaction;
      if (row.request_hash !== p.requestHash) {
        throw transactionKeyReused(p);
      }
      results.set(row.idempotency_key, toPosted(row, true));
    }
    fresh = unique.filter((p) => !results.has(p.idempotencyKey));
  }
  // What the commit leaves, for the next append to start from (decision 2110).
  let head: RememberedHead | undefined =
    begun.head.sequence === null || begun.head.hash === null || begun.head.recorded_at === null
      ? undefined
      : { sequence: BigInt(begun.head.sequence), hash: begun.head.hash, recordedAt: begun.head.recorded_at };
  let accountIds = new Map<string, string>();
  if (fresh.length > 0) {
    // Replays or reversals in the batch: checked first, accounts created for the fresh ones only.
    if (begun.accountIds === undefined) {
      await assertReversible(tx, fresh);
    }
    accountIds = begun.accountIds ?? (await ensureAccounts(tx, fresh));
    const posted = await insertFresh(tx, fresh, accountIds, begun.head, copy);
    for (const t of posted) {
      results.set(t.idempotencyKey, t);
    }
    const last = posted[posted.length - 1] as PostedTransaction;
    head = { sequence: BigInt(last.sequence), hash: last.hash, recordedAt: last.recordedAt };
  }
  rememberAfterCommit(tx, { head, accountIds });
  return all.map((p) => results.get(p.idempotencyKey) as PostedTransaction);
}

interface BeginRow {
  now: Date;
  head_sequence: string | null;
  head_hash: string | null;
  head_recorded_at: Date | null;
  known: boolean;
  account_ids: (string | null)[] | null;
}

interface BegunAppend {
  /** Some key of the batch is already stored (replay or conflict). */
  known: boolean;
  /** Every account of the batch by address, created if missing; undefined when known or a reversal is in the batch. */
  accountIds: Map<string, string> | undefined;
  head: ChainHead;
}

/** All accounts a batch posts on, once each. */
function accountsOf(batch: PreparedTransaction[]) {
  return [...new Map(batch.flatMap((p) => p.postings.map((q) => [q.account.address, q.account] as const))).values()];
}

/** The accounts as the column arrays `unnest` reads: address, kind, side, template, municipality, scheme, year. */
function accountColumns(list: ReturnType<typeof accountsOf>) {
  return [
    list.map((a) => a.address),
    list.map((a) => a.kind),
    list.map((a) => a.normalSide),
    list.map((a) => a.template),
    list.map((a) => a.municipalityCode),
    list.map((a) => a.schemeCode),
    list.map((a) => a.year),
  ];
}

/**
 * `ledger_append_begin`: the chain lock, whether any key is stored, the batch's accounts (only when
 * no key is known and nothing is reversed: a refused batch creates nothing), the head and the clock.
 */
async function beginAppend(tx: RequestContext, batch: PreparedTransaction[], client: PoolClient | undefined): Promise<BegunAppend> {
  const list = accountsOf(batch);
  const sql = `SELECT now, head_sequence, head_hash, head_recorded_at, known, account_ids::text[] AS account_ids
       FROM ledger_append_begin($1::text[], $2::int, $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])`;
  const params = [batch.map((p) => p.idempotencyKey), batch.filter((p) => p.reversesId !== null).length, ...accountColumns(list)];
  // On the pg client itself the statement is sent before this function first awaits (TypeORM's
  // query() awaits twice before it sends).
  const [row] = client === undefined ? await tx.em.query<[BeginRow]>(sql, params) : (await client.query<BeginRow>(sql, params)).rows;
  if (row === undefined) {
    throw new Error('ledger_append_begin returned no row');
  }
  rememberClock(tx.dataSource, row.now);
  const head: ChainHead = { now: row.now, sequence: row.head_sequence, hash: row.head_hash, recorded_at: row.head_recorded_at };
  if (row.account_ids === null) {
    return { known: row.known, accountIds: undefined, head };
  }
  const ids = row.account_ids;
  if (ids.length !== list.length || ids.some((id) => id === null)) {
    // Created by a transaction this snapshot cannot see (only on a stale REPEATABLE READ snapshot).
    throw new RerunCommand('ledger account created concurrently; re-run the command');
  }
  return { known: row.known, accountIds: new Map(list.map((a, i) => [a.address, ids[i] as string])), head };
}

function transactionKeyReused(p: PreparedTransaction) {
  return keyReused(p.idempotencyKey, 'transaction', { field: p.keyField, line: p.line });
}

/** A reversal must point at an existing, not yet reversed transaction that is no reversal itself. */
async function assertReversible(tx: RequestContext, fresh: PreparedTransaction[]): Promise<void> {
  const targets = fresh.filter((p) => p.reversesId !== null).map((p) => p.reversesId as string);
  if (targets.length === 0) {
    return;
  }
  if (new Set(targets).size !== targets.length) {
    throw conflict('a transaction can be reversed only once', { reason: 'ALREADY_REVERSED' });
  }
  const rows: { id: string; kind: string; reversed_by: string | null }[] = await tx.em.query(
    `SELECT t.id, t.kind, r.id AS reversed_by FROM journal_transactions t
       LEFT JOIN journal_transactions r ON r.reverses_id = t.id
      WHERE t.id = ANY($1::uuid[])`,
    [targets],
  );
  for (const row of rows) {
    if (row.kind === 'REVERSAL') {
      throw conflict(`transaction ${row.id} is a reversal and cannot be reversed`, {
        reason: 'REVERSAL_OF_REVERSAL',
        transactionId: row.id,
      });
    }
    if (row.reversed_by !== null) {
      throw conflict(`transaction ${row.id} was already reversed by ${row.reversed_by}`, {
        reason: 'ALREADY_REVERSED',
        transactionId: row.id,
        reversedBy: row.reversed_by,
      });
    }
  }
}

/** Creates the accounts a batch needs (kind and side from the template) and returns their ids. */
async function ensureAccounts(tx: RequestContext, fresh: PreparedTransaction[]): Promise<Map<string, string>> {
  const list = accountsOf(fresh);
  // One round trip: insert the missing ones, read all. (The outer SELECT runs on the statement's
  // snapshot and does not see what `created` inserts, hence the UNION.)
  const rows: { id: string; address: string }[] = await tx.em.query(
    `WITH wanted AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
         AS w(address, kind, normal_side, template, municipality_code, scheme_code, year)),
     known AS (SELECT a.id, a.address FROM ledger_accounts a WHERE a.address = ANY($1::text[])),
     created AS (
       INSERT INTO ledger_accounts (address, kind, normal_side, template, municipality_code, scheme_code, year)
       SELECT w.* FROM wanted w WHERE w.address NOT IN (SELECT address FROM known)
       ON CONFLICT (address) DO NOTHING
       RETURNING id, address)
     SELECT id::text AS id, address FROM known UNION ALL SELECT id::text AS id, address FROM created`,
    [...accountColumns(list)],
  );
  if (rows.length !== list.length) {
    // Created by a transaction this snapshot cannot see (only on a stale REPEATABLE READ snapshot).
    throw new RerunCommand('ledger account created concurrently; re-run the command');
  }
  return new Map(rows.map((r) => [r.address, r.id]));
}

/** The head of the chain and the clock, read after the lock (by `ledger_append_begin`). */
interface ChainHead {
  now: Date;
  sequence: string | null;
  hash: string | null;
  recorded_at: Date | null;
}

export interface ChainedRow {
  id: string;
  sequence: string;
  prevHash: string;
  hash: string;
  prepared: PreparedTransaction;
}

/**
 * Hashes the batch link by link from the head. Lazy: the COPY path pulls rows while PostgreSQL is
 * still writing the previous chunk, so hashing overlaps the server's work (decision 1730). The
 * canonical text is assembled from JSON texts (`canonicalFromParts`, as the verifier does), never
 * through an intermediate object (decision 1950); ledger.writer.spec checks it against
 * `canonicaliseAt` byte for byte.
 */
export function* chainRows(
  fresh: Iterable<PreparedTransaction>,
  head: { sequence: string | null; hash: string | null },
  recordedAt: Date,
  actor: { subject: string; role: string },
): Generator<ChainedRow> {
  let sequence = BigInt(head.sequence ?? '0');
  let prevHash = head.hash ?? GENESIS_HASH;
  const at = jsonString(recordedAt.toISOString());
  const who = `${jsonString(actor.subject)},${jsonString(actor.role)}`;
  for (const p of fresh) {
    sequence += 1n;
    const id = crypto.randomUUID();
    const seq = sequence.toString();
    // id, sequence, prevHash and requestHash are UUID, digits and hex: their JSON text is the plain quoted text.
    const fields =
      `"${id}","${seq}","${prevHash}",${jsonString(p.idempotencyKey)},"${p.requestHash}",${jsonString(p.kind)},` +
      `${jsonString(p.effectiveDate)},${at},${who},${jsonString(p.reason)},"EUR",${jsonString(p.causeType)},` +
      `${jsonString(p.causeId)},${jsonString(p.reversesId)}`;
    const hash = sha256Hex(canonicalFromParts(fields, canonicalPostings(p)));
    yield { id, sequence: seq, prevHash, hash, prepared: p };
    prevHash = hash;
  }
}

/** The canonical JSON texts of a transaction's postings in line order, joined by commas. */
function canonicalPostings(p: PreparedTransaction): string {
  const inOrder = p.postings.every((q, i) => i === 0 || (p.postings[i - 1] as PreparedPosting).line < q.line);
  let text = '';
  for (const q of inOrder ? p.postings : [...p.postings].sort((a, b) => a.line - b.line)) {
    if (!canonicalAmount(q.amount)) {
      throw new Error(`canonical posting: amount ${q.amount} is not in the form 0.00`);
    }
    text += `${text === '' ? '' : ','}[${q.line},${jsonString(q.account.address)},${jsonString(q.direction)},"${q.amount}"]`;
  }
  return text;
}

async function insertFresh(
  tx: RequestContext,
  fresh: PreparedTransaction[],
  accountIds: Map<string, string>,
  head: ChainHead,
  copy: PoolClient | undefined,
): Promise<PostedTransaction[]> {
  const actor = requireActor(tx);
  // Millisecond precision so the stored value and the hashed ISO text are the same instant; never
  // before the head's, so recorded_at grows with the sequence.
  const recordedAt = head.recorded_at !== null && head.recorded_at > head.now ? head.recorded_at : head.now;
  const chained = chainRows(fresh, head, recordedAt, actor);
  const rows =
    copy === undefined
      ? await insertRows(tx, [...chained], accountIds, recordedAt, actor)
      : await copyRows(copy, chained, accountIds, recordedAt, actor);

  // Daily balances are not written here: readers add the postings after the compaction watermark
  // to ledger_daily_balances (the view ledger_balances_by_day, decision 1890); a long tail asks for
  // a compaction.
  const before = BigInt(head.sequence ?? '0');
  await compactionAfterAppend(tx, before, before + BigInt(rows.length));
  return postedRows(rows, recordedAt);
}

/** What an append answers for the rows it wrote. */
export function postedRows(rows: readonly ChainedRow[], recordedAt: Date): PostedTransaction[] {
  return rows.map((r) => ({
    id: r.id,
    sequence: r.sequence,
    hash: r.hash,
    kind: r.prepared.kind,
    effectiveDate: r.prepared.effectiveDate,
    recordedAt,
    idempotencyKey: r.prepared.idempotencyKey,
    replayed: false,
  }));
}

/** How appends write their rows: `COPY FROM STDIN` (PostgreSQL) or `INSERT … unnest` (PGlite). */
export type AppendPath = 'copy' | 'insert';

const pathByDataSource = new WeakMap<object, Promise<AppendPath>>();

/**
 * The path this data source's appends take: COPY, unless the server is PGlite, whose socket server
 * (pglite-socket) loses protocol synchronisation on `COPY FROM STDIN` (decision 1730). Asked once
 * per data source (`version()` names PGlite), or set with `setAppendPath`.
 */
export function appendPath(tx: RequestContext): Promise<AppendPath> {
  let known = pathByDataSource.get(tx.dataSource);
  if (known === undefined) {
    known = tx.em
      .query<[{ version: string }]>('SELECT version() AS version')
      .then(([row]) => (/PGlite/i.test(row.version) ? 'insert' : 'copy'));
    // A failed probe (connection lost) is asked again next time.
    known.catch(() => pathByDataSource.delete(tx.dataSource));
    pathByDataSource.set(tx.dataSource, known);
  }
  return known;
}

/** Pins the path of a data source's appends (the benchmark and the tests measure and check both). */
export function setAppendPath(dataSource: RequestContext['dataSource'], path: AppendPath): void {
  pathByDataSource.set(dataSource, Promise.resolve(path));
}

/** The transaction's pg client when its rows go in by COPY, else undefined (the INSERT path). */
async function copyClient(tx: RequestContext): Promise<PoolClient | undefined> {
  const runner = tx.em.queryRunner;
  if (runner === undefined || (await appendPath(tx)) !== 'copy') {
    return undefined;
  }
  return (await runner.connect()) as PoolClient;
}

/** A value in COPY's text format: `\N` for null; backslash, tab, line feed and carriage return escaped. */
function copyField(v: string | null): string {
  if (v === null) {
    return '\\N';
  }
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] as string) : v;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Rows per chunk handed to the COPY stream: big enough to keep the socket busy, small enough to overlap. */
const COPY_CHUNK = 50;

const TX_COPY = `COPY journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date,
  recorded_at, reason, currency, cause_type, cause_id, reverses_id, prev_hash, hash) FROM STDIN`;
const POSTINGS_COPY = `COPY journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) FROM STDIN`;

/** The text `line` gives each item, yielded in chunks of COPY_CHUNK items, as the stream pulls them. */
function* inChunks<T>(items: Iterable<T>, line: (item: T) => string): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const item of items) {
    chunk += line(item);
    n += 1;
    if (n === COPY_CHUNK) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk !== '') {
    yield chunk;
  }
}

/**
 * Writes the rows with two `COPY … FROM STDIN` in the command's transaction (decision 1730), sent
 * as one pipelined query (decision 1990): the postings' COPY and its data go out right behind the
 * transactions' data, so PostgreSQL goes from one to the other without a round trip while Node
 * makes the postings' text. The statement triggers with transition tables (decision 0600) fire for
 * COPY as for INSERT: references, daily balances and the balance check at commit stay in the
 * database. Transactions are hashed as their chunks are written, while PostgreSQL writes the chunk
 * before.
 */
async function copyRows(
  client: PoolClient,
  chained: Iterable<ChainedRow>,
  accountIds: Map<string, string>,
  recordedAt: Date,
  actor: { subject: string; role: string },
): Promise<ChainedRow[]> {
  const { copies, rows } = appendCopies(chained, accountIds, recordedAt, actor);
  const copy = new CopyInPipelined(copies);
  client.query(copy);
  await copy.result;
  return rows;
}

/**
 * The two `COPY … FROM STDIN` of an append and their text, made as the stream pulls it: the
 * transactions' lines, hashed as they are written, then the postings' (pulled after the
 * transactions' text is done, so `rows` is whole by then).
 */
export function appendCopies(
  chained: Iterable<ChainedRow>,
  accountIds: ReadonlyMap<string, string>,
  recordedAt: Date,
  actor: { subject: string; role: string },
): { copies: CopyIn[]; rows: ChainedRow[] } {
  const rows: ChainedRow[] = [];
  const at = recordedAt.toISOString();
  const who = `${copyField(actor.subject)}\t${copyField(actor.role)}`;
  const txText = inChunks(chained, (r) => {
    rows.push(r);
    const p = r.prepared;
    return (
      `${r.id}\t${r.sequence}\t${copyField(p.idempotencyKey)}\t${p.requestHash}\t${p.kind}\t${who}\t${p.effectiveDate}\t${at}\t` +
      `${copyField(p.reason)}\tEUR\t${copyField(p.causeType)}\t${copyField(p.causeId)}\t${copyField(p.reversesId)}\t${r.prevHash}\t${r.hash}\n`
    );
  });
  const postingText = inChunks(rows, (r) =>
    r.prepared.postings
      .map((q) => `${r.id}\t${r.sequence}\t${q.line}\t${accountIds.get(q.account.address) as string}\t${q.direction}\t${q.amount}\n`)
      .join(''),
  );
  return {
    copies: [
      { statement: TX_COPY, chunks: txText },
      { statement: POSTINGS_COPY, chunks: postingText },
    ],
    rows,
  };
}

/**
 * The `COPY` that opens accounts an append in one round trip posts on for the first time, with
 * the ids reserved for them (decision 2150), in the same columns `ensureAccounts` inserts.
 */
export function accountsCopy(accounts: readonly { id: string; account: Readonly<ParsedAccount> }[]): CopyIn {
  const text = accounts
    .map(
      ({ id, account: a }) =>
        `${id}\t${copyField(a.address)}\t${a.kind}\t${a.normalSide}\t${copyField(a.template)}\t${copyField(a.municipalityCode)}\t` +
        `${copyField(a.schemeCode)}\t${a.year === null ? '\\N' : String(a.year)}\n`,
    )
    .join('');
  return {
    statement: `COPY ledger_accounts (id, address, kind, normal_side, template, municipality_code, scheme_code, year) FROM STDIN`,
    chunks: [text],
  };
}

/** The same rows by one `INSERT … unnest` per table (the embedded database's path). */
async function insertRows(
  tx: RequestContext,
  rows: ChainedRow[],
  accountIds: Map<string, string>,
  recordedAt: Date,
  actor: { subject: string; role: string },
): Promise<ChainedRow[]> {
  await tx.em.query(
    `INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date,
       recorded_at, reason, currency, cause_type, cause_id, reverses_id, prev_hash, hash)
     SELECT id, seq, key, rh, kind, $6, $7, eff, $9::timestamptz, reason, 'EUR', ct, ci, rev, prev, hash
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $8::date[], $10::text[], $11::text[],
                   $12::text[], $13::uuid[], $14::text[], $15::text[])
         AS u(id, seq, key, rh, kind, eff, reason, ct, ci, rev, prev, hash)
      ORDER BY seq`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.sequence),
      rows.map((r) => r.prepared.idempotencyKey),
      rows.map((r) => r.prepared.requestHash),
      rows.map((r) => r.prepared.kind),
      actor.subject,
      actor.role,
      rows.map((r) => r.prepared.effectiveDate),
      recordedAt.toISOString(),
      rows.map((r) => r.prepared.reason),
      rows.map((r) => r.prepared.causeType),
      rows.map((r) => r.prepared.causeId),
      rows.map((r) => r.prepared.reversesId),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  );

  const postings = rows.flatMap((r) =>
    r.prepared.postings.map((q) => ({
      tx: r.id,
      sequence: r.sequence,
      line: q.line,
      account: accountIds.get(q.account.address) as string,
      direction: q.direction,
      amount: q.amount,
    })),
  );
  await tx.em.query(
    `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::smallint[], $4::bigint[], $5::text[], $6::numeric[])`,
    [
      postings.map((p) => p.tx),
      postings.map((p) => p.sequence),
      postings.map((p) => p.line),
      postings.map((p) => p.account),
      postings.map((p) => p.direction),
      postings.map((p) => p.amount),
    ],
  );
  return rows;
}
