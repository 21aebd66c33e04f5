import type { RequestContext } from '../../context';
import { municipalityScope, visiblePostingMunicipalities } from '../../common/auth/scope';
import { GENESIS_HASH } from './journal-hash';

/** The ledger as recorded at a moment: what a reconciliation run freezes besides balances. */
export interface LedgerSnapshot {
  /** Sequence of the last transaction recorded at or before the moment ('0' for none). */
  headSequence: string;
  /** Its hash (the genesis constant for an empty journal). */
  headHash: string;
  /** Σ debits − Σ credits over every posting recorded by then: '0.00' when the trial balance nets out. */
  trialBalanceNet: string;
  /** Net (debit − credit) per account of every MANUAL_CORRECTION transaction recorded by then. */
  manualCorrections: { transactionId: string; sequence: string; account: string; net: string }[];
  /** Net (debit − credit) per account of every MERGER_TRANSFER transaction (herindeling) recorded by then. */
  mergerTransfers: { transactionId: string; sequence: string; account: string; net: string }[];
}

/** One set-based read of the journal's head, trial balance, manual corrections and merger transfers as recorded at `recordedAt`. */
export async function ledgerSnapshot(ctx: RequestContext, recordedAt: Date): Promise<LedgerSnapshot> {
  const at = recordedAt.toISOString();
  const head: { sequence: string; hash: string }[] = await ctx.em.query(
    // Order by the bigint column, not the text alias of the same name ("999" > "1000" as text).
    `SELECT t.sequence::text AS sequence, t.hash FROM journal_transactions t WHERE t.recorded_at <= $1::timestamptz ORDER BY t.sequence DESC LIMIT 1`,
    [at],
  );
  const [tb] = await ctx.em.query<[{ net: string | null }]>(
    `SELECT SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::numeric(20,2)::text AS net
       FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id WHERE t.recorded_at <= $1::timestamptz`,
    [at],
  );
  const byKind: { kind: string; id: string; sequence: string; address: string; net: string }[] = await ctx.em.query(
    `SELECT t.kind, t.id::text AS id, t.sequence::text AS sequence, a.address,
            SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::text AS net
       FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE t.kind IN ('MANUAL_CORRECTION', 'MERGER_TRANSFER') AND t.recorded_at <= $1::timestamptz
      GROUP BY t.kind, t.id, t.sequence, a.address ORDER BY t.sequence, a.address`,
    [at],
  );
  const of = (kind: string) =>
    byKind.filter((m) => m.kind === kind).map((m) => ({ transactionId: m.id, sequence: m.sequence, account: m.address, net: m.net }));
  return {
    headSequence: head[0]?.sequence ?? '0',
    headHash: head[0]?.hash ?? GENESIS_HASH,
    trialBalanceNet: tb?.net ?? '0.00',
    manualCorrections: of('MANUAL_CORRECTION'),
    mergerTransfers: of('MERGER_TRANSFER'),
  };
}

/** Addresses of the accounts a transaction posts to (for pointing a broken chain link at its municipality). */
export async function transactionAccounts(ctx: RequestContext, transactionId: string): Promise<string[]> {
  const rows: { address: string }[] = await ctx.em.query(
    `SELECT DISTINCT a.address FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = $1::uuid ORDER BY 1`,
    [transactionId],
  );
  return rows.map((r) => r.address);
}

/**
 * Codes of the municipalities that have an account of a scheme-year (or a year-less account of
 * the scheme, such as the receivable), sorted. Not scoped: the caller decides what it may show.
 */
export async function accountMunicipalities(ctx: RequestContext, input: { schemeCode: string; year: number }): Promise<string[]> {
  const rows: { m: string }[] = await ctx.em.query(
    `SELECT DISTINCT municipality_code AS m FROM ledger_accounts WHERE municipality_code IS NOT NULL AND scheme_code = $1 AND (year IS NULL OR year = $2) ORDER BY 1`,
    [input.schemeCode, input.year],
  );
  return rows.map((r) => r.m);
}

export interface JournalExportRow {
  id: string;
  sequence: string;
  kind: string;
  effectiveDate: string;
  recordedAt: string;
  reason: string;
  causeType: string | null;
  causeId: string | null;
  hash: string;
  /** The postings the caller may see, with their line numbers in the transaction. */
  postings: { line: number; account: string; direction: string; amount: string }[];
}

export interface JournalExportFilter {
  /** Transactions touching this municipality's accounts. */
  municipalityCode?: string | null;
  /** Transactions touching an account of this scheme (and year, when given). */
  schemeCode?: string | null;
  year?: number | null;
  from?: string | null;
  to?: string | null;
}

/**
 * The journal in chain order, batch by batch (keyset pagination, so memory stays flat). Scoped
 * here, with the same helpers as GraphQL, so no download can forget it: a controller gets only the
 * transactions touching its own municipality (asking for another is FORBIDDEN, logged) and, inside
 * them, only its own and the ministry's postings (decision 0105). Everyone else gets every posting,
 * so each transaction is balanced.
 */
export function journalBatches(ctx: RequestContext, requested: JournalExportFilter, batchSize = 2000): AsyncGenerator<JournalExportRow[]> {
  // Not a generator itself: a refusal is thrown here, before the caller starts a response.
  const scope = municipalityScope(ctx, requested.municipalityCode ? [requested.municipalityCode] : null);
  const visible = visiblePostingMunicipalities(ctx);
  return scopedBatches(ctx, { ...requested, municipalityCode: scope?.[0] ?? null }, visible, batchSize);
}

async function* scopedBatches(
  ctx: RequestContext,
  filter: JournalExportFilter,
  visible: string[] | null,
  batchSize: number,
): AsyncGenerator<JournalExportRow[]> {
  let after = '0';
  for (;;) {
    // One round trip per batch: the next transactions (keyset on the sequence) with their visible
    // postings, one row per posting (a transaction without a visible posting comes once, with nulls).
    const rows: {
      id: string;
      sequence: string;
      kind: string;
      effective_date: string;
      recorded_at: Date;
      reason: string;
      cause_type: string | null;
      cause_id: string | null;
      hash: string;
      line: number | null;
      address: string | null;
      direction: string | null;
      amount: string | null;
    }[] = await ctx.em.query(
      `WITH t AS (
         SELECT t.id, t.sequence, t.kind, t.effective_date, t.recorded_at, t.reason, t.cause_type, t.cause_id, t.hash
           FROM journal_transactions t
          WHERE t.sequence > $1::bigint
            AND ($2::date IS NULL OR t.effective_date >= $2::date) AND ($3::date IS NULL OR t.effective_date <= $3::date)
            AND ($4::text IS NULL AND $5::text IS NULL OR EXISTS (
                  SELECT 1 FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
                   WHERE p.transaction_id = t.id
                     AND ($4::text IS NULL OR a.municipality_code = $4::text)
                     AND ($5::text IS NULL OR (a.scheme_code = $5::text AND ($6::int IS NULL OR a.year IS NULL OR a.year = $6::int)))))
          ORDER BY t.sequence LIMIT $7)
       SELECT t.id::text AS id, t.sequence::text AS sequence, t.kind, t.effective_date::text AS effective_date, t.recorded_at,
              t.reason, t.cause_type, t.cause_id, t.hash, v.line, v.address, v.direction, v.amount::text AS amount
         FROM t
         LEFT JOIN LATERAL (
           SELECT p.line, a.address, p.direction, p.amount
             FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
            WHERE p.transaction_id = t.id
              AND ($8::text[] IS NULL OR a.municipality_code IS NULL OR a.municipality_code = ANY($8::text[]))) v ON true
        ORDER BY t.sequence, v.line`,
      [
        after,
        filter.from ?? null,
        filter.to ?? null,
        filter.municipalityCode ?? null,
        filter.schemeCode ?? null,
        filter.year ?? null,
        batchSize,
        visible,
      ],
    );
    if (rows.length === 0) {
      return;
    }
    const batch: JournalExportRow[] = [];
    let current: JournalExportRow | undefined;
    for (const r of rows) {
      if (current?.id !== r.id) {
        current = {
          id: r.id,
          sequence: r.sequence,
          kind: r.kind,
          effectiveDate: r.effective_date,
          recordedAt: r.recorded_at.toISOString(),
          reason: r.reason,
          causeType: r.cause_type,
          causeId: r.cause_id,
          hash: r.hash,
          postings: [],
        };
        batch.push(current);
      }
      if (r.line !== null) {
        current.postings.push({ line: r.line, account: r.address as string, direction: r.direction as string, amount: r.amount as string });
      }
    }
    yield batch;
    after = batch[batch.length - 1]!.sequence;
  }
}
