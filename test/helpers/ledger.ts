import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { money } from '../../src/common/money/money';
import type { PostInput } from '../../src/modules/ledger';

/**
 * md5 of every ledger table's full content in a fixed order: equal means byte-identical. Daily
 * balances as readers see them (`ledger_balances_by_day`), so a compaction in between changes nothing.
 */
export async function ledgerChecksum(ds: DataSource): Promise<string> {
  const [row] = await ds.query<[{ sum: string }]>(`SELECT
    (SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t.id), '')) FROM ledger_accounts t) ||
    (SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t.sequence), '')) FROM journal_transactions t) ||
    (SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t.id), '')) FROM journal_postings t) ||
    (SELECT md5(COALESCE(string_agg(t::text, '|' ORDER BY t.account_id, t.effective_date), '')) FROM ledger_balances_by_day t)
    AS sum`);
  return row.sum;
}

/**
 * Every write to the ledger's tables since an earlier mark: each table's row count and its newest
 * row version's writer (`xmin`). An INSERT or UPDATE gives a row a new xmin and a DELETE changes a
 * count, so an equal mark means nothing was written, not even a value written over with itself.
 * Cheaper than `ledgerChecksum` (no row text, no sort): for a harness that asks after every
 * operation. Daily balances are derived from these tables.
 */
export async function ledgerWriteMark(ds: DataSource): Promise<string> {
  const tables = ['ledger_accounts', 'journal_transactions', 'journal_postings', 'ledger_daily_balances', 'ledger_balance_watermark'];
  const [row] = await ds.query<[{ mark: string }]>(
    `SELECT concat_ws('|', ${tables
      .map((table) => `(SELECT count(*) || ':' || COALESCE(max(xmin::text::bigint), 0) FROM ${table})`)
      .join(', ')}) AS mark`,
  );
  return row.mark;
}

/**
 * A raw posting's `transaction_sequence` (decision 2050), for tests that insert postings by hand:
 * its transaction's, looked up in the statement (which sees the transaction's row written before
 * it), or 0 when there is none, so the postings trigger names the missing transaction.
 */
export const sequenceOf = (uuid: string): string =>
  `COALESCE((SELECT sequence FROM journal_transactions WHERE id = '${uuid.replace(/'/g, "''")}'), 0)`;

/** A simple balanced two-posting transaction: debit `debit`, credit `credit`. */
export function simplePost(key: string, debit: string, credit: string, amount: string, effectiveDate = '2026-01-15'): PostInput {
  return {
    idempotencyKey: key,
    kind: 'ADVANCE_TRANCHE',
    effectiveDate,
    reason: 'test',
    cause: { type: 'TEST', id: key },
    postings: [
      { account: debit, direction: 'DEBIT', amount: money(amount) },
      { account: credit, direction: 'CREDIT', amount: money(amount) },
    ],
  };
}

/** Net balance of an address recomputed from every posting (the slow, obvious way). */
export async function recomputedBalance(ds: DataSource, address: string, asOf?: string): Promise<string> {
  const [row] = await ds.query<[{ net: string }]>(
    `SELECT COALESCE(SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END), 0)::numeric(20,2)::text AS net
       FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id JOIN ledger_accounts a ON a.id = p.account_id
      WHERE a.address = $1 AND ($2::date IS NULL OR t.effective_date <= $2::date)`,
    [address, asOf ?? null],
  );
  return row.net;
}

/** Runs SQL as superuser with triggers off (session_replication_role = replica): a tamperer. */
export async function tamper(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}
