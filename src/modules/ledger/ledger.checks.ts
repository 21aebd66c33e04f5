import type { RequestContext } from '../../context';

/**
 * Named consistency checks over the ledger tables. Each is one SQL query returning the offending
 * rows: an empty result means the check passes. Run by `npm run check:ledger` (and CI).
 */
export const LEDGER_CHECKS: Readonly<Record<string, string>> = {
  unbalanced_transactions: `
    SELECT t.id AS transaction_id, t.sequence::text AS sequence,
           COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)::text AS debit,
           COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)::text AS credit
      FROM journal_transactions t LEFT JOIN journal_postings p ON p.transaction_id = t.id
     GROUP BY t.id, t.sequence
    HAVING COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)
        <> COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
     ORDER BY t.sequence`,
  transactions_with_fewer_than_two_postings: `
    SELECT t.id AS transaction_id, t.sequence::text AS sequence, count(p.id)::int AS postings
      FROM journal_transactions t LEFT JOIN journal_postings p ON p.transaction_id = t.id
     GROUP BY t.id, t.sequence HAVING count(p.id) < 2 ORDER BY t.sequence`,
  postings_without_transaction: `
    SELECT p.id::text AS posting_id, p.transaction_id
      FROM journal_postings p LEFT JOIN journal_transactions t ON t.id = p.transaction_id
     WHERE t.id IS NULL ORDER BY p.id`,
  non_positive_or_non_eur: `
    SELECT p.id::text AS posting_id, p.transaction_id, p.amount::text AS amount, t.currency
      FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
     WHERE p.amount <= 0 OR t.currency <> 'EUR' ORDER BY p.id`,
  reversals_of_reversals: `
    SELECT r.id AS transaction_id, r.reverses_id
      FROM journal_transactions r JOIN journal_transactions o ON o.id = r.reverses_id
     WHERE o.kind = 'REVERSAL' ORDER BY r.sequence`,
  reversed_twice: `
    SELECT reverses_id AS transaction_id, count(*)::int AS reversals
      FROM journal_transactions WHERE reverses_id IS NOT NULL
     GROUP BY reverses_id HAVING count(*) > 1 ORDER BY reverses_id`,
  reversal_kind_mismatch: `
    SELECT id AS transaction_id, kind, reverses_id FROM journal_transactions
     WHERE (kind = 'REVERSAL') <> (reverses_id IS NOT NULL) ORDER BY sequence`,
  reversal_not_mirroring: `
    SELECT r.id AS transaction_id, r.reverses_id
      FROM journal_transactions r
     WHERE r.reverses_id IS NOT NULL AND EXISTS (
       (SELECT p.account_id, p.direction, p.amount FROM journal_postings p WHERE p.transaction_id = r.id
        EXCEPT ALL
        SELECT o.account_id, CASE o.direction WHEN 'DEBIT' THEN 'CREDIT' ELSE 'DEBIT' END, o.amount
          FROM journal_postings o WHERE o.transaction_id = r.reverses_id)
       UNION ALL
       (SELECT o.account_id, CASE o.direction WHEN 'DEBIT' THEN 'CREDIT' ELSE 'DEBIT' END, o.amount
          FROM journal_postings o WHERE o.transaction_id = r.reverses_id
        EXCEPT ALL
        SELECT p.account_id, p.direction, p.amount FROM journal_postings p WHERE p.transaction_id = r.id))
     ORDER BY r.sequence`,
  // The compacted snapshot against the postings it covers (up to the watermark, decision 1890);
  // readers add the postings after the watermark from the journal itself.
  daily_balances_differ_from_postings: `
    WITH recomputed AS (
      SELECT p.account_id, t.effective_date,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debit,
             COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credit
        FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
       WHERE t.sequence <= (SELECT w.sequence FROM ledger_balance_watermark w)
       GROUP BY p.account_id, t.effective_date)
    SELECT COALESCE(r.account_id, d.account_id)::text AS account_id,
           COALESCE(r.effective_date, d.effective_date)::text AS effective_date,
           r.debit::text AS recomputed_debit, d.debit::text AS stored_debit,
           r.credit::text AS recomputed_credit, d.credit::text AS stored_credit
      FROM recomputed r FULL OUTER JOIN ledger_daily_balances d
        ON d.account_id = r.account_id AND d.effective_date = r.effective_date
     WHERE r.debit IS DISTINCT FROM d.debit OR r.credit IS DISTINCT FROM d.credit
     ORDER BY 1, 2`,
  sequence_gaps: `
    SELECT id AS transaction_id, sequence::text AS sequence, expected::text AS expected
      FROM (SELECT id, sequence, row_number() OVER (ORDER BY sequence) AS expected FROM journal_transactions) s
     WHERE sequence <> expected ORDER BY sequence`,
  prev_hash_mismatch: `
    SELECT id AS transaction_id, sequence::text AS sequence, prev_hash, expected
      FROM (SELECT id, sequence, prev_hash,
                   COALESCE(lag(hash) OVER (ORDER BY sequence), repeat('0', 64)) AS expected
              FROM journal_transactions) s
     WHERE prev_hash <> expected ORDER BY sequence`,
  recorded_at_decreasing: `
    SELECT id AS transaction_id, sequence::text AS sequence, recorded_at, previous
      FROM (SELECT id, sequence, recorded_at, lag(recorded_at) OVER (ORDER BY sequence) AS previous
              FROM journal_transactions) s
     WHERE recorded_at < previous ORDER BY sequence`,
};

export interface CheckResult {
  name: string;
  rows: Record<string, unknown>[];
}

/** Runs every check (or the named ones); returns each with its offending rows. */
export async function runLedgerChecks(ctx: RequestContext, names?: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, sql] of Object.entries(LEDGER_CHECKS)) {
    if (names && !names.includes(name)) {
      continue;
    }
    results.push({ name, rows: await ctx.em.query<Record<string, unknown>[]>(sql) });
  }
  return results;
}
