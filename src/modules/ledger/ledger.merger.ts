import type { RequestContext } from '../../context';
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
    if (done[0]) {
      return toPosted(done[0], true);
    }
    const accountRows: { id: string; address: string }[] = await tx.em.query(
      `SELECT id::text AS id, address FROM ledger_accounts WHERE municipality_code = $1 ORDER BY address`,
      [input.dissolvedCode],
    );
    const balances = await balancesByAccountId(
      tx,
      accountRows.map((a) => a.id),
      { asOf: effectiveDate },
    );
    const prefix = `municipality:${input.dissolvedCode}:`;
    const postings: PostingInput[] = [];
    for (const a of accountRows) {
      const net = balances.get(a.id);
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
        effectiveDate,
        reason: `herindeling: balances of ${input.dissolvedCode} move to ${input.successorCode} on ${effectiveDate}`,
        cause: { type: 'MERGER', id: `${input.dissolvedCode}:${effectiveDate}` },
        postings,
      },
      'input',
      1,
    );
    const [posted] = await appendPrepared(tx, [prepared]);
    return posted as PostedTransaction;
  });
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
