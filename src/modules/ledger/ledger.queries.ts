import type { RequestContext } from '../../context';
import { municipalityScope, visiblePostingMunicipalities } from '../../common/auth/scope';
import { badInput, notFound } from '../../common/errors/domain-error';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { parseIsoDate } from '../../common/dates';
import type { JournalTransaction, LedgerAccount } from './ledger.type';
import type { JournalTransactionFilter, LedgerAccountFilter } from './ledger.inputs';

/*
 * Read side for GraphQL. Scoping happens here, once per path: a controller's scope is its own
 * municipality; it sees that municipality's accounts, the transactions touching them, and of
 * those only its own and the ministry's postings (never another municipality's).
 */

const CODE = /^GM\d{4}$/;

function checkCode(code: string | null | undefined, field: string): string | null {
  if (code === null || code === undefined) {
    return null;
  }
  if (!CODE.test(code)) {
    throw badInput(field, 'is not a municipality code');
  }
  return code;
}

function optionalDate(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : parseIsoDate(value, field);
}

function positiveKey(cursor: string | null): string | null {
  if (cursor !== null && !/^\d+$/.test(cursor)) {
    throw badInput('after', 'not a cursor returned by this API');
  }
  return cursor;
}

/** Accounts ordered by address; a controller sees only its municipality's. */
export async function listLedgerAccounts(
  ctx: RequestContext,
  filter: LedgerAccountFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<LedgerAccount>> {
  const code = checkCode(filter?.municipalityCode, 'filter.municipalityCode');
  const scope = municipalityScope(ctx, code ? [code] : null);
  const afterAddress = decodeCursor(after);
  const prefix = filter?.addressPrefix ?? null;
  const where = `($1::text[] IS NULL OR municipality_code = ANY($1::text[])) AND ($2::text IS NULL OR starts_with(address, $2::text))`;
  const rows: {
    address: string;
    kind: string;
    normal_side: string;
    municipality_code: string | null;
    scheme_code: string | null;
    year: number | null;
  }[] = await ctx.em.query(
    `SELECT address, kind, normal_side, municipality_code, scheme_code, year FROM ledger_accounts
        WHERE ${where} AND ($3::text IS NULL OR address > $3::text) ORDER BY address LIMIT $4`,
    [scope, prefix, afterAddress, first + 1],
  );
  const [{ n }] = await ctx.em.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ledger_accounts WHERE ${where}`, [scope, prefix]);
  return toPage(
    rows.map((r) => ({
      address: r.address,
      kind: r.kind,
      normalSide: r.normal_side,
      municipalityCode: r.municipality_code,
      schemeCode: r.scheme_code,
      year: r.year,
    })),
    first,
    (a) => a.address,
    n,
  );
}

interface TransactionRow {
  id: string;
  sequence: string;
  kind: string;
  effective_date: string;
  recorded_at: Date;
  actor: string;
  reason: string;
  cause_type: string | null;
  cause_id: string | null;
  reverses_id: string | null;
  reversed_by_id: string | null;
  prev_hash: string;
  hash: string;
}

const TRANSACTION_SELECT = `SELECT t.id, t.sequence::text AS sequence, t.kind, t.effective_date::text AS effective_date, t.recorded_at,
    t.actor, t.reason, t.cause_type, t.cause_id, t.reverses_id, r.id AS reversed_by_id, t.prev_hash, t.hash
  FROM journal_transactions t LEFT JOIN journal_transactions r ON r.reverses_id = t.id`;

/** Attaches postings (one query for the page), hiding other municipalities' from a controller. */
async function withPostings(ctx: RequestContext, rows: TransactionRow[]): Promise<JournalTransaction[]> {
  const visible = visiblePostingMunicipalities(ctx);
  const postings: { transaction_id: string; line: number; address: string; direction: string; amount: string }[] = rows.length
    ? await ctx.em.query(
        `SELECT p.transaction_id, p.line, a.address, p.direction, p.amount::text AS amount
           FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
          WHERE p.transaction_id = ANY($1::uuid[])
            AND ($2::text[] IS NULL OR a.municipality_code IS NULL OR a.municipality_code = ANY($2::text[]))
          ORDER BY p.transaction_id, p.line`,
        [rows.map((r) => r.id), visible],
      )
    : [];
  const byTx = new Map<string, JournalTransaction['postings']>();
  for (const p of postings) {
    const list = byTx.get(p.transaction_id) ?? [];
    list.push({ line: p.line, account: p.address, direction: p.direction, amount: p.amount });
    byTx.set(p.transaction_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    sequence: r.sequence,
    kind: r.kind,
    effectiveDate: r.effective_date,
    recordedAt: r.recorded_at.toISOString(),
    actor: r.actor,
    reason: r.reason,
    causeType: r.cause_type,
    causeId: r.cause_id,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id,
    prevHash: r.prev_hash,
    hash: r.hash,
    postings: byTx.get(r.id) ?? [],
  }));
}

const TOUCHES = `($1::text[] IS NULL OR EXISTS (SELECT 1 FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
                   WHERE p.transaction_id = t.id AND a.municipality_code = ANY($1::text[])))`;

/** Journal transactions in chain order, filtered; a controller sees only those touching its municipality. */
export async function listJournalTransactions(
  ctx: RequestContext,
  filter: JournalTransactionFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Page<JournalTransaction>> {
  const code = checkCode(filter?.municipalityCode, 'filter.municipalityCode');
  const scope = municipalityScope(ctx, code ? [code] : null);
  const from = optionalDate(filter?.from, 'filter.from');
  const to = optionalDate(filter?.to, 'filter.to');
  const afterSequence = positiveKey(decodeCursor(after));
  const where = `${TOUCHES} AND ($2::text IS NULL OR t.kind = $2::text) AND ($3::date IS NULL OR t.effective_date >= $3::date)
    AND ($4::date IS NULL OR t.effective_date <= $4::date) AND ($5::text IS NULL OR t.cause_type = $5::text)
    AND ($6::text IS NULL OR t.cause_id = $6::text)`;
  const params = [scope, filter?.kind ?? null, from, to, filter?.causeType ?? null, filter?.causeId ?? null];
  const rows: TransactionRow[] = await ctx.em.query(
    `${TRANSACTION_SELECT} WHERE ${where} AND ($7::bigint IS NULL OR t.sequence > $7::bigint) ORDER BY t.sequence LIMIT $8`,
    [...params, afterSequence, first + 1],
  );
  const [{ n }] = await ctx.em.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM journal_transactions t WHERE ${where}`, params);
  const nodes = await withPostings(ctx, rows);
  return toPage(nodes, first, (x) => x.sequence, n);
}

/**
 * Which of `ids` the actor may see, by the rule of `journalTransactions`: everyone's for the
 * ministry and auditors, for a controller only those touching its municipality's accounts. For
 * lists of transaction ids that other modules show (a settlement's bookings), so a controller
 * never learns the ids of another municipality's transactions. One statement; none for an actor
 * who sees everything.
 */
export async function visibleTransactionIds(ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
  const scope = municipalityScope(ctx, null);
  if (scope === null || ids.length === 0) {
    return new Set(ids);
  }
  const rows: { id: string }[] = await ctx.em.query(
    `SELECT t.id::text AS id FROM journal_transactions t WHERE t.id = ANY($2::uuid[]) AND ${TOUCHES}`,
    [scope, [...new Set(ids)]],
  );
  return new Set(rows.map((r) => r.id));
}

/** One transaction; NOT_FOUND when it does not exist or (for a controller) does not touch its municipality. */
export async function getJournalTransaction(ctx: RequestContext, id: string): Promise<JournalTransaction> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw badInput('id', 'is not a transaction id');
  }
  const scope = municipalityScope(ctx, null);
  const rows: TransactionRow[] = await ctx.em.query(`${TRANSACTION_SELECT} WHERE t.id = $2 AND ${TOUCHES}`, [scope, id]);
  if (rows.length === 0) {
    throw notFound('journal transaction', id);
  }
  const [tx] = await withPostings(ctx, rows);
  return tx as JournalTransaction;
}

interface DifferenceTransactionsOptions {
  municipalityCode: string;
  account: string | null;
  refs: readonly string[];
  recordedBy: Date;
  limit: number;
}

/**
 * The statement behind `transactionsOfDifference(Page)`: $1 scope, $2 limit, $3 recordedBy,
 * $4 account, $5 refs, $6 visible municipalities; paged, also $7 the sequence after which the page
 * starts (null: first page) and $8 its size, with `total` (every row of the trail) on each row.
 */
function differenceTransactionsSql(paged: boolean): string {
  return `WITH touching AS (
       SELECT t.id, t.sequence FROM journal_transactions t
        WHERE t.id IN (SELECT p.transaction_id FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
                        WHERE a.municipality_code = ANY($1::text[]))
        ORDER BY t.sequence LIMIT $2),
     trail AS (
       SELECT m.id, m.sequence FROM touching m JOIN journal_transactions t ON t.id = m.id
        WHERE date_trunc('milliseconds', t.recorded_at) <= date_trunc('milliseconds', $3::timestamptz)
          AND ($4::text IS NULL OR t.id::text = ANY($5::text[])
               OR EXISTS (SELECT 1 FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
                           WHERE p.transaction_id = t.id AND a.address = $4::text
                             AND ($6::text[] IS NULL OR a.municipality_code IS NULL OR a.municipality_code = ANY($6::text[]))))),
     page AS (
       SELECT id, ${paged ? '(SELECT count(*) FROM trail)::int' : 'NULL::int'} AS total FROM trail
        ${paged ? 'WHERE $7::bigint IS NULL OR sequence > $7::bigint ORDER BY sequence LIMIT $8' : ''})
     ${TRANSACTION_SELECT.replace('SELECT t.id,', 'SELECT page.total, t.id,')} JOIN page ON page.id = t.id
      ORDER BY t.sequence`;
}

function differenceTransactionsParams(ctx: RequestContext, options: DifferenceTransactionsOptions): unknown[] {
  const code = checkCode(options.municipalityCode, 'municipalityCode') as string;
  return [
    municipalityScope(ctx, [code]),
    options.limit,
    options.recordedBy,
    options.account,
    [...options.refs],
    visiblePostingMunicipalities(ctx),
  ];
}

/**
 * The transactions a reconciliation difference's trail shows, in one statement (decision 1771):
 * of the first `limit` transactions touching the municipality (chain order), those recorded by
 * `recordedBy` (to the millisecond, as the trail compared them) that post to `account` (any, when
 * null; among the postings the actor may see) or whose id is one of `refs`. Scoped like
 * `journalTransactions` with a municipality filter (a controller only its own: FORBIDDEN else).
 */
export async function transactionsOfDifference(ctx: RequestContext, options: DifferenceTransactionsOptions): Promise<JournalTransaction[]> {
  const rows: TransactionRow[] = await ctx.em.query(differenceTransactionsSql(false), differenceTransactionsParams(ctx, options));
  return withPostings(ctx, rows);
}

/**
 * The same transactions a page at a time, in chain order (decision 1830): `first` after the
 * sequence in `after`, with the number of them all; postings are read for the page only.
 */
export async function transactionsOfDifferencePage(
  ctx: RequestContext,
  options: DifferenceTransactionsOptions & { first: number; after?: string | null },
): Promise<Page<JournalTransaction>> {
  const after = positiveKey(decodeCursor(options.after));
  const rows: (TransactionRow & { total: number })[] = await ctx.em.query(differenceTransactionsSql(true), [
    ...differenceTransactionsParams(ctx, options),
    after,
    options.first + 1,
  ]);
  const total = rows[0]?.total ?? (after === null ? 0 : await countDifferenceTransactions(ctx, options));
  return toPage(await withPostings(ctx, rows), options.first, (t) => t.sequence, total);
}

/** How many transactions the trail has (for a page past its end, which carries no row to count on). */
async function countDifferenceTransactions(ctx: RequestContext, options: DifferenceTransactionsOptions): Promise<number> {
  const rows: unknown[] = await ctx.em.query(differenceTransactionsSql(false), differenceTransactionsParams(ctx, options));
  return rows.length;
}
