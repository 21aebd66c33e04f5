import type { RequestContext } from '../../context';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { runCommand } from '../../common/db/run-command';
import { municipalityOf, type Direction } from './account-address';
import { getMunicipality } from '../municipalities';
import type { ManualCorrectionInput, ReverseTransactionInput } from './ledger.inputs';
import { getJournalTransaction } from './ledger.queries';
import { postTransaction, reverseTransaction } from './ledger.service';
import type { JournalTransaction } from './ledger.type';

/**
 * A finance officer's manual correction: kind MANUAL_CORRECTION, only on the DOMAIN.md account
 * templates, with a mandatory reason and the client's idempotency key.
 */
export async function postManualCorrection(ctx: RequestContext, input: ManualCorrectionInput): Promise<JournalTransaction> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  // Services book only accounts of municipalities they know; a hand-typed address is checked here,
  // so a typo cannot open an account for a municipality that does not exist.
  for (const code of new Set(input.postings.map((p) => municipalityOf(p.account)).filter((c): c is string => c !== null))) {
    await getMunicipality(ctx, code);
  }
  return runCommand(ctx, async (tx) => {
    const posted = await postTransaction(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: 'MANUAL_CORRECTION',
      effectiveDate: input.effectiveDate,
      reason: input.reason,
      cause: { type: 'MANUAL_CORRECTION', id: input.idempotencyKey },
      postings: input.postings.map((p) => ({ account: p.account, direction: p.direction as Direction, amount: p.amount })),
    });
    return getJournalTransaction(tx, posted.id);
  });
}

/** A finance officer's reversal of any transaction (once), with a mandatory reason. */
export async function reverseTransactionByOfficer(ctx: RequestContext, input: ReverseTransactionInput): Promise<JournalTransaction> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  return runCommand(ctx, async (tx) => {
    const posted = await reverseTransaction(tx, {
      transactionId: input.transactionId,
      idempotencyKey: input.idempotencyKey,
      reason: input.reason,
      effectiveDate: input.effectiveDate ?? undefined,
    });
    return getJournalTransaction(tx, posted.id);
  });
}
