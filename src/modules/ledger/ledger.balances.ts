import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { badInput } from '../../common/errors/domain-error';
import { parseIsoDate } from '../../common/dates';
import { money, ZERO } from '../../common/money/money';
import { parseAccount } from './account-address';
import type { BalanceAt } from './ledger.model';

function checkAt(at: BalanceAt | undefined): { asOf: string | null; recordedAt: string | null } {
  const asOf = at?.asOf !== undefined && at.asOf !== null ? parseIsoDate(at.asOf, 'asOf') : null;
  let recordedAt: string | null = null;
  if (at?.recordedAt !== undefined && at.recordedAt !== null) {
    if (!(at.recordedAt instanceof Date) || Number.isNaN(at.recordedAt.getTime())) {
      throw badInput('recordedAt', 'is not a moment');
    }
    recordedAt = at.recordedAt.toISOString();
  }
  return { asOf, recordedAt };
}

/**
 * Net balances (Σ debits − Σ credits, signed) by address id, for account ids. As of an effective
 * date only: from the daily aggregates up to the compaction watermark plus the postings after it
 * (decision 1890), by `ledger_balances_of`, which reads only the accounts asked for (decision 2010;
 * the view `ledger_balances_by_day` gives the same sums for every account). As recorded at a moment:
 * from the postings of transactions recorded by then, the audit path (docs/decisions/0101).
 */
export async function balancesByAccountId(ctx: RequestContext, accountIds: string[], at?: BalanceAt): Promise<Map<string, Decimal>> {
  const { asOf, recordedAt } = checkAt(at);
  if (accountIds.length === 0) {
    return new Map();
  }
  const rows: { account_id: string; net: string }[] =
    recordedAt === null
      ? await ctx.em.query(`SELECT account_id::text AS account_id, net::text AS net FROM ledger_balances_of($1::bigint[], $2::date)`, [
          accountIds,
          asOf,
        ])
      : await ctx.em.query(
          `SELECT p.account_id::text AS account_id,
                  SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::text AS net
             FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
            WHERE p.account_id = ANY($1::bigint[]) AND t.recorded_at <= $3::timestamptz
              AND ($2::date IS NULL OR t.effective_date <= $2::date)
            GROUP BY p.account_id`,
          [accountIds, asOf, recordedAt],
        );
  const result = new Map<string, Decimal>(accountIds.map((id) => [id, ZERO]));
  for (const r of rows) {
    result.set(r.account_id, money(r.net));
  }
  return result;
}

/**
 * Balances of accounts by address, as of an effective date (inclusive) and/or as recorded at a
 * moment. An address that is valid but never booked has balance 0; an invalid one is
 * BAD_USER_INPUT. Amounts are signed: positive = debit balance.
 */
export async function getBalances(ctx: RequestContext, addresses: string[], at?: BalanceAt): Promise<Map<string, Decimal>> {
  addresses.forEach((a, i) => parseAccount(a, `accounts[${i}]`));
  checkAt(at);
  const rows: { id: string; address: string }[] =
    addresses.length === 0
      ? []
      : await ctx.em.query('SELECT id::text AS id, address FROM ledger_accounts WHERE address = ANY($1::text[])', [addresses]);
  const byId = await balancesByAccountId(
    ctx,
    rows.map((r) => r.id),
    at,
  );
  const idOf = new Map(rows.map((r) => [r.address, r.id]));
  return new Map(addresses.map((a) => [a, byId.get(idOf.get(a) ?? '') ?? ZERO]));
}

/** The balance of one account; see getBalances. */
export async function getBalance(ctx: RequestContext, account: string, at?: BalanceAt): Promise<Decimal> {
  const balances = await getBalances(ctx, [account], at);
  return balances.get(account) ?? ZERO;
}
