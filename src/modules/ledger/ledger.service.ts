import type { RequestContext } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { badInput, notFound } from '../../common/errors/domain-error';
import { parseIsoDate } from '../../common/dates';
import { money } from '../../common/money/money';
import type { Direction } from './account-address';
import type { CauseRef, PostedTransaction, PostInput } from './ledger.model';
import { prepareTransaction, type PreparedTransaction } from './ledger.validation';
import { appendPrepared, lockChain, STORED_COLUMNS, toPosted, type StoredTransactionRow } from './ledger.writer';
import { appendInOneRoundTrip, inputsBatch, preparedBatch } from './ledger.one-round-trip';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appends one balanced transaction. Idempotent: the same key with the same content returns the
 * original (`replayed: true`); the same key with other content is CONFLICT with
 * `reason: 'IDEMPOTENCY_KEY_REUSED'`. Joins the caller's transaction when called inside one.
 * Everything is validated before the database is touched: a refused request writes nothing.
 */
export async function postTransaction(ctx: RequestContext, input: PostInput): Promise<PostedTransaction> {
  const prepared = prepareTransaction(input, 'input', 1);
  const [posted] = await append(ctx, [prepared]);
  return posted as PostedTransaction;
}

/** In one round trip when it can be (decision 2110), else as a command of the usual kind. */
async function append(ctx: RequestContext, prepared: PreparedTransaction[]): Promise<PostedTransaction[]> {
  return (
    (await appendInOneRoundTrip(ctx, (known) => preparedBatch(prepared, known))) ?? runCommand(ctx, (tx) => appendPrepared(tx, prepared))
  );
}

/**
 * Appends many transactions under one chain lock with one INSERT per table (an allocation run
 * posts one per municipality). All or nothing; results in input order. Errors name
 * `inputs[i]...` and the 1-based `line`.
 */
export async function postTransactions(ctx: RequestContext, inputs: PostInput[]): Promise<PostedTransaction[]> {
  if (!Array.isArray(inputs)) {
    throw badInput('inputs', 'must be a list');
  }
  const prepare = (input: PostInput, i: number) => prepareTransaction(input, `inputs[${i}]`, i + 1);
  // In one round trip, each input validated as the COPY pulls it (decision 2140); else validated
  // before the database is touched, and appended the usual way.
  const written = await appendInOneRoundTrip(ctx, (known) => inputsBatch(inputs, known, prepare));
  if (written !== undefined) {
    return written;
  }
  const prepared = inputs.map(prepare);
  return runCommand(ctx, (tx) => appendPrepared(tx, prepared));
}

export interface ReverseInput {
  transactionId: string;
  idempotencyKey: string;
  reason: string;
  /** Defaults to the original's effective date (docs/decisions/0102). */
  effectiveDate?: string;
}

/**
 * Mirrors a transaction (every posting on the other side), kind REVERSAL, pointing at it. A
 * transaction is reversed at most once and a reversal is never reversed (CONFLICT, with
 * `reason` ALREADY_REVERSED or REVERSAL_OF_REVERSAL); the database's unique index on
 * `reverses_id` backs the first rule.
 */
export async function reverseTransaction(ctx: RequestContext, input: ReverseInput): Promise<PostedTransaction> {
  if (typeof input?.transactionId !== 'string' || !UUID.test(input.transactionId)) {
    throw badInput('input.transactionId', 'is not a transaction id');
  }
  if (input.effectiveDate !== undefined && input.effectiveDate !== null) {
    parseIsoDate(input.effectiveDate, 'input.effectiveDate');
  }
  return runCommand(ctx, async (tx) => {
    await lockChain(tx);
    const originals: { id: string; kind: string; effective_date: string; cause_type: string | null; cause_id: string | null }[] =
      await tx.em.query(
        `SELECT id, kind, effective_date::text AS effective_date, cause_type, cause_id FROM journal_transactions WHERE id = $1`,
        [input.transactionId],
      );
    const original = originals[0];
    if (!original) {
      throw notFound('journal transaction', input.transactionId);
    }
    const postings: { address: string; direction: Direction; amount: string }[] = await tx.em.query(
      `SELECT a.address, p.direction, p.amount::text AS amount
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.transaction_id = $1 ORDER BY p.line`,
      [original.id],
    );
    const prepared = prepareTransaction(
      {
        idempotencyKey: input.idempotencyKey,
        kind: 'REVERSAL',
        effectiveDate: input.effectiveDate ?? original.effective_date,
        reason: input.reason,
        cause: original.cause_type !== null && original.cause_id !== null ? { type: original.cause_type, id: original.cause_id } : null,
        postings: postings.map((p) => ({
          account: p.address,
          direction: p.direction === 'DEBIT' ? 'CREDIT' : 'DEBIT',
          amount: money(p.amount),
        })),
      },
      'input',
      1,
      { allowReversal: true, reversesId: original.id },
    );
    const [posted] = await appendPrepared(tx, [prepared]);
    return posted as PostedTransaction;
  });
}

/** Every transaction caused by `cause`, in chain order (reversals keep their original's cause). */
export async function findTransactionsByCause(ctx: RequestContext, cause: CauseRef): Promise<PostedTransaction[]> {
  const rows: StoredTransactionRow[] = await ctx.em.query(
    `SELECT ${STORED_COLUMNS} FROM journal_transactions t WHERE t.cause_type = $1 AND t.cause_id = $2 ORDER BY t.sequence`,
    [cause.type, cause.id],
  );
  return rows.map((r) => toPosted(r, false));
}
