import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { DomainError, badInput, conflict } from '../../common/errors/domain-error';
import { ZERO, isWholeUnits } from '../../common/money/money';
import { parseIsoDate, todayInAmsterdam } from '../../common/dates';
import { accounts, getBalances, postTransaction } from '../ledger';
import { lockAdvances } from '../advances';
import { SettlementRecoveryEntity } from './settlement.entity';
import { currentFinalised } from './settlement.service';

export interface RecoveryInput {
  schemeCode: string;
  year: number;
  municipalityCode: string;
  idempotencyKey: string;
  effectiveDate?: string | null;
}

async function replay(
  ctx: RequestContext,
  input: RecoveryInput,
  action: string,
  amount: Decimal | null,
): Promise<SettlementRecoveryEntity | null> {
  const earlier = await ctx.em.getRepository(SettlementRecoveryEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
  if (!earlier) {
    return null;
  }
  const same =
    earlier.action === action &&
    earlier.schemeCode === input.schemeCode &&
    earlier.year === input.year &&
    earlier.municipalityCode === input.municipalityCode &&
    (amount === null || earlier.amount.eq(amount));
  if (!same) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used for another recovery`, {
      field: 'input.idempotencyKey',
    });
  }
  return earlier;
}

async function outstanding(ctx: RequestContext, input: RecoveryInput): Promise<{ advance: Decimal; receivable: Decimal }> {
  if (!(await currentFinalised(ctx, input.schemeCode, input.year))) {
    throw conflict(`${input.schemeCode} ${input.year} has no finalised settlement`, { field: 'input.year' });
  }
  const adv = accounts.advance(input.municipalityCode, input.schemeCode, input.year);
  const rec = accounts.receivable(input.municipalityCode, input.schemeCode);
  const balances = await getBalances(ctx, [adv, rec]);
  return { advance: balances.get(adv) ?? ZERO, receivable: balances.get(rec) ?? ZERO };
}

/**
 * Invoices what remains of a recovery after offsets: DR receivable(m,s) CR advance(m,s,y) for the
 * advance account's debit balance. Nothing outstanding is CONFLICT.
 */
export async function invoiceRecovery(ctx: RequestContext, input: RecoveryInput): Promise<SettlementRecoveryEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  const effectiveDate = input.effectiveDate ? parseIsoDate(input.effectiveDate, 'input.effectiveDate') : todayInAmsterdam();
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    const earlier = await replay(tx, input, 'INVOICED', null);
    if (earlier) {
      return earlier;
    }
    const { advance } = await outstanding(tx, input);
    if (!advance.gt(0)) {
      throw conflict(`${input.municipalityCode} has no recovery outstanding for ${input.schemeCode} ${input.year}`, {
        field: 'input.municipalityCode',
      });
    }
    const posted = await postTransaction(tx, {
      idempotencyKey: `recovery:${input.idempotencyKey}`,
      kind: 'INVOICE',
      effectiveDate,
      reason: `recovery ${input.schemeCode} ${input.year} invoiced to ${input.municipalityCode}`,
      cause: { type: 'SETTLEMENT_RECOVERY', id: input.idempotencyKey },
      postings: [
        { account: accounts.receivable(input.municipalityCode, input.schemeCode), direction: 'DEBIT', amount: advance },
        { account: accounts.advance(input.municipalityCode, input.schemeCode, input.year), direction: 'CREDIT', amount: advance },
      ],
    });
    const repo = tx.em.getRepository(SettlementRecoveryEntity);
    await repo.insert({
      idempotencyKey: input.idempotencyKey,
      schemeCode: input.schemeCode,
      year: input.year,
      municipalityCode: input.municipalityCode,
      action: 'INVOICED',
      amount: advance,
      transactionId: posted.id,
      recordedBy: actor.subject,
    });
    return repo.findOneByOrFail({ idempotencyKey: input.idempotencyKey });
  });
}

/**
 * A recovery received in cash: DR bank, CR the advance account while it holds a debit balance,
 * otherwise the receivable (once invoiced). More than is outstanding is refused.
 */
export async function recordRecoveryReceived(
  ctx: RequestContext,
  input: RecoveryInput & { amount: Decimal },
): Promise<SettlementRecoveryEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (!input.amount.gt(0) || !isWholeUnits(input.amount, 2)) {
    throw badInput('input.amount', 'must be a positive amount in cents');
  }
  const effectiveDate = input.effectiveDate ? parseIsoDate(input.effectiveDate, 'input.effectiveDate') : todayInAmsterdam();
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    const earlier = await replay(tx, input, 'RECEIVED', input.amount);
    if (earlier) {
      return earlier;
    }
    const { advance, receivable } = await outstanding(tx, input);
    const credit = advance.gte(input.amount)
      ? accounts.advance(input.municipalityCode, input.schemeCode, input.year)
      : receivable.gte(input.amount)
        ? accounts.receivable(input.municipalityCode, input.schemeCode)
        : null;
    if (credit === null) {
      throw badInput('input.amount', `more than the ${advance.gt(0) ? advance.toFixed(2) : receivable.toFixed(2)} outstanding`);
    }
    const posted = await postTransaction(tx, {
      idempotencyKey: `recovery:${input.idempotencyKey}`,
      kind: 'RECOVERY',
      effectiveDate,
      reason: `recovery ${input.schemeCode} ${input.year} received from ${input.municipalityCode}`,
      cause: { type: 'SETTLEMENT_RECOVERY', id: input.idempotencyKey },
      postings: [
        { account: accounts.bank(), direction: 'DEBIT', amount: input.amount },
        { account: credit, direction: 'CREDIT', amount: input.amount },
      ],
    });
    const repo = tx.em.getRepository(SettlementRecoveryEntity);
    await repo.insert({
      idempotencyKey: input.idempotencyKey,
      schemeCode: input.schemeCode,
      year: input.year,
      municipalityCode: input.municipalityCode,
      action: 'RECEIVED',
      amount: input.amount,
      transactionId: posted.id,
      recordedBy: actor.subject,
    });
    return repo.findOneByOrFail({ idempotencyKey: input.idempotencyKey });
  });
}
