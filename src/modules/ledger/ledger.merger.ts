import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { money } from '../../common/money/money';
import { runCommand } from '../../common/db/run-command';
import { badInput } from '../../common/errors/domain-error';
import { parseIsoDate } from '../../common/dates';
import { resolveSuccessor } from '../municipalities';
import type { PostedTransaction, PostingInput } from './ledger.model';
import { balancesByAccountId } from './ledger.balances';
import { prepareTransaction } from './ledger.validation';
import { appendPrepared, lockChain, STORED_COLUMNS, toPosted, type StoredTransactionRow } from './ledger.writer';

const CODE = /^GM\d{4}$/;

export interface MergerTransferInput {
  dissolvedCode: string;
  successorCode: string;
  /** The merger date (herindeling, normally 1 January). */
  effectiveDate: string;
}

/**
 * Moves every non-zero balance of the dissolved municipality's accounts, as of the merger date
 * (inclusive), to the successor's same account, in one MERGER_TRANSFER transaction dated on the
 * merger date: a debit balance is debited to the successor and credited to the dissolved account,
 * a credit balance the other way. Idempotent under key `merger:{old}:{date}`: a second call
 * returns the first transfer (replayed), even though the balances are zero by then. Returns null
 * when there was nothing to move. The merger must be registered (municipalities module).
 */
export async function transferMergerBalances(ctx: RequestContext, input: MergerTransferInput): Promise<PostedTransaction | null> {
  if (!CODE.test(input.dissolvedCode ?? '')) {
    throw badInput('input.dissolvedCode', 'is not a municipality code');
  }
  if (!CODE.test(input.successorCode ?? '') || input.successorCode === input.dissolvedCode) {
    throw badInput('input.successorCode', 'is not another municipality code');
  }
  const effectiveDate = parseIsoDate(input.effectiveDate, 'input.effectiveDate');
  const idempotencyKey = mergerTransferKey(input.dissolvedCode, effectiveDate);
  return runCommand(ctx, async (tx) => {
    if ((await resolveSuccessor(tx, input.dissolvedCode, effectiveDate)) !== input.successorCode) {
      throw badInput(
        'input.successorCode',
        `no merger of ${input.dissolvedCode} into ${input.successorCode} is registered by ${effectiveDate}`,
      );
    }
    // Under the chain lock the balances cannot move between reading and booking them.
    await lockChain(tx);
    const done: StoredTransactionRow[] = await tx.em.query(
      `SELECT ${STORED_COLUMNS} FROM journal_transactions WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    const accountRows: { id: string; address: string }[] = await tx.em.query(
      `SELECT id::text AS id, address FROM ledger_accounts WHERE municipality_code = $1 ORDER BY address`,
      [input.dissolvedCode],
    );
    let main: PostedTransaction | null = done[0] ? toPosted(done[0], true) : null;
    if (!done[0]) {
      const balances = await balancesByAccountId(
        tx,
        accountRows.map((a) => a.id),
        { asOf: effectiveDate },
      );
      main = await bookTransfer(tx, input, accountRows, balances, effectiveDate, idempotencyKey, effectiveDate);
    }
    await followLaterBookings(tx, input, accountRows, effectiveDate);
    return main;
  });
}

/**
 * Bookings dated after the merger that are (still) on the dissolved municipality's accounts — made
 * before the merger was registered, or recorded on the old code since — follow it too: per later
 * effective date with a net movement, one more MERGER_TRANSFER dated on that day moves it to the
 * successor, so the dissolved accounts are zero on every day from the merger date on and the
 * balances as of any earlier date are unchanged (decision 1651). Idempotent by construction: once
 * moved, a day's net movement is zero; a later booking on the same day gets its own key (the
 * sequence of the newest posting it moves).
 */
async function followLaterBookings(
  tx: RequestContext,
  input: MergerTransferInput,
  accountRows: { id: string; address: string }[],
  effectiveDate: string,
): Promise<void> {
  if (accountRows.length === 0) {
    return;
  }
  const rows: { account_id: string; day: string; net: string; last: string }[] = await tx.em.query(
    `SELECT p.account_id::text AS account_id, t.effective_date::text AS day,
            SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END)::text AS net,
            max(t.sequence)::text AS last
       FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
      WHERE p.account_id = ANY($1::bigint[]) AND t.effective_date > $2::date
      GROUP BY p.account_id, t.effective_date
      ORDER BY t.effective_date`,
    [accountRows.map((a) => a.id), effectiveDate],
  );
  const byDay = new Map<string, { nets: Map<string, Decimal>; last: bigint }>();
  for (const r of rows) {
    const net = money(r.net);
    if (net.isZero()) {
      continue;
    }
    const day = byDay.get(r.day) ?? { nets: new Map<string, Decimal>(), last: 0n };
    day.nets.set(r.account_id, net);
    day.last = BigInt(r.last) > day.last ? BigInt(r.last) : day.last;
    byDay.set(r.day, day);
  }
  for (const [day, { nets, last }] of byDay) {
    const key = `${mergerTransferKey(input.dissolvedCode, effectiveDate)}:${day}:${last}`;
    await bookTransfer(tx, input, accountRows, nets, effectiveDate, key, day);
  }
}

/** One MERGER_TRANSFER dated `day`: each non-zero net of the dissolved accounts to the successor's same account. */
async function bookTransfer(
  tx: RequestContext,
  input: MergerTransferInput,
  accountRows: { id: string; address: string }[],
  nets: Map<string, Decimal>,
  effectiveDate: string,
  idempotencyKey: string,
  day: string,
): Promise<PostedTransaction | null> {
  const prefix = `municipality:${input.dissolvedCode}:`;
  const postings: PostingInput[] = [];
  for (const a of accountRows) {
    const net = nets.get(a.id);
    if (net === undefined || net.isZero()) {
      continue;
    }
    const successor = `municipality:${input.successorCode}:${a.address.slice(prefix.length)}`;
    const debitSuccessor = net.gt(0);
    postings.push(
      { account: successor, direction: debitSuccessor ? 'DEBIT' : 'CREDIT', amount: net.abs() },
      { account: a.address, direction: debitSuccessor ? 'CREDIT' : 'DEBIT', amount: net.abs() },
    );
  }
  if (postings.length === 0) {
    return null;
  }
  const prepared = prepareTransaction(
    {
      idempotencyKey,
      kind: 'MERGER_TRANSFER',
      effectiveDate: day,
      reason:
        day === effectiveDate
          ? `herindeling: balances of ${input.dissolvedCode} move to ${input.successorCode} on ${effectiveDate}`
          : `herindeling of ${input.dissolvedCode} into ${input.successorCode} on ${effectiveDate}: bookings of ${day} on the old accounts follow`,
      cause: { type: 'MERGER', id: `${input.dissolvedCode}:${effectiveDate}` },
      postings,
    },
    'input',
    1,
  );
  const [posted] = await appendPrepared(tx, [prepared]);
  return posted as PostedTransaction;
}

/** The idempotency key of the transfer of `dissolvedCode`'s balances on `effectiveDate`. */
export const mergerTransferKey = (dissolvedCode: string, effectiveDate: string): string => `merger:${dissolvedCode}:${effectiveDate}`;

/**
 * Ids of the MERGER_TRANSFER transactions booked for these mergers, keyed by
 * `mergerTransferKey` (one query for a list). A merger with nothing to move has none.
 */
export async function mergerTransferIds(
  ctx: RequestContext,
  mergers: readonly { dissolvedCode: string; effectiveDate: string }[],
): Promise<Map<string, string>> {
  if (mergers.length === 0) {
    return new Map();
  }
  const rows: { key: string; id: string }[] = await ctx.em.query(
    `SELECT idempotency_key AS key, id::text AS id FROM journal_transactions WHERE kind = 'MERGER_TRANSFER' AND idempotency_key = ANY($1::varchar[])`,
    [mergers.map((m) => mergerTransferKey(m.dissolvedCode, m.effectiveDate))],
  );
  return new Map(rows.map((r) => [r.key, r.id]));
}
