import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, conflict } from '../../common/errors/domain-error';
import { ZERO, isWholeUnits } from '../../common/money/money';
import { optionalIsoDate, parseIsoDate, todayInAmsterdam } from '../../common/dates';
import { accounts, getBalances, postTransaction, type PostingInput } from '../ledger';
import { lockAdvances } from '../advances';
import { SettlementRecoveryEntity } from './settlement.entity';
import { currentFinalised } from './settlement.service';
import { listMergers } from '../municipalities';
import { mergersByDissolved, successorOn } from '../municipalities/pure';

export interface RecoveryInput {
  schemeCode: string;
  year: number;
  municipalityCode: string;
  idempotencyKey: string;
  effectiveDate?: string | null;
}

type RecoveryAction = 'INVOICED' | 'RECEIVED';

/** The canonical request of a recovery: what is done, to whom, on which date (as sent), for how much. */
function recoveryRequest(action: RecoveryAction, input: RecoveryInput, amount: Decimal | null) {
  return {
    action,
    schemeCode: input.schemeCode,
    year: input.year,
    municipalityCode: input.municipalityCode,
    effectiveDate: input.effectiveDate ?? null,
    amount: amount?.toFixed(2) ?? null,
  };
}

/** What a recovery books: computed under the lock from what is outstanding. */
interface RecoveryBooking {
  kind: 'INVOICE' | 'RECOVERY';
  reason: string;
  amount: Decimal;
  postings: PostingInput[];
}

/**
 * The recovery stored under the key (replayed), or a new one: `book` says what to post, which is
 * posted and stored with the key and the request hash.
 */
async function idempotentRecovery(
  tx: RequestContext,
  action: RecoveryAction,
  input: RecoveryInput,
  amount: Decimal | null,
  book: () => Promise<RecoveryBooking>,
): Promise<SettlementRecoveryEntity> {
  const hash = requestHash(recoveryRequest(action, input, amount));
  const repo = tx.em.getRepository(SettlementRecoveryEntity);
  const { result } = await idempotent(tx, {
    key: input.idempotencyKey,
    field: 'input.idempotencyKey',
    what: 'recovery',
    requestHash: hash,
    find: async () => {
      const earlier = await repo.findOneBy({ idempotencyKey: input.idempotencyKey });
      if (!earlier) {
        return null;
      }
      // Rows recorded before request hashes were kept (decision 1101) did not store the date: compare the rest.
      const legacy = () =>
        requestHash(
          recoveryRequest(
            earlier.action as RecoveryAction,
            { ...earlier, effectiveDate: input.effectiveDate },
            earlier.action === 'RECEIVED' ? earlier.amount : null,
          ),
        );
      return { requestHash: earlier.requestHash ?? legacy(), replay: async () => earlier };
    },
    perform: async () => {
      const booking = await book();
      const posted = await postTransaction(tx, {
        idempotencyKey: `recovery:${input.idempotencyKey}`,
        kind: booking.kind,
        effectiveDate: optionalIsoDate(input.effectiveDate, 'input.effectiveDate') ?? todayInAmsterdam(),
        reason: booking.reason,
        cause: { type: 'SETTLEMENT_RECOVERY', id: input.idempotencyKey },
        postings: booking.postings,
      });
      await repo.insert({
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        schemeCode: input.schemeCode,
        year: input.year,
        municipalityCode: input.municipalityCode,
        action,
        amount: booking.amount,
        transactionId: posted.id,
        recordedBy: requireActor(tx).subject,
      });
      return repo.findOneByOrFail({ idempotencyKey: input.idempotencyKey });
    },
  });
  return result;
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
 * The municipality `code` holds on `date` and the ones whose affairs it holds then (merger chains
 * followed), itself first then by code: the group whose `advance(·,s,y)` accounts net to its
 * recovery, as for offsets (decision 1602). A dissolved code is refused: its successor is invoiced.
 */
async function recoveryGroup(ctx: RequestContext, code: string, date: string): Promise<string[]> {
  const mergers = await listMergers(ctx);
  const byDissolved = mergersByDissolved(mergers);
  const holder = successorOn(byDissolved, code, date);
  if (holder !== code) {
    throw conflict(`${code} has merged into ${holder} by ${date}: invoice ${holder}, which holds its affairs`, {
      field: 'input.municipalityCode',
    });
  }
  const predecessors = [...new Set(mergers.map((m) => m.dissolvedCode))].filter(
    (c) => c !== code && successorOn(byDissolved, c, date) === code,
  );
  return [code, ...predecessors.sort()];
}

/**
 * Invoices what remains of a recovery after offsets, merger-group-aware (decision 1611): the
 * outstanding recovery is the netted balance of `advance(c,s,y)` over the municipality and every
 * predecessor whose affairs it holds on the invoice date. It books DR receivable(m,s) for that net,
 * and brings each of the group's advance accounts to zero (CR a debit balance, DR a credit balance),
 * so no account keeps half of a recovery that was invoiced. Without mergers this is DR receivable(m,s)
 * CR advance(m,s,y) for the debit balance. Nothing outstanding is CONFLICT.
 */
export async function invoiceRecovery(ctx: RequestContext, input: RecoveryInput): Promise<SettlementRecoveryEntity> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  if (input.effectiveDate) {
    parseIsoDate(input.effectiveDate, 'input.effectiveDate');
  }
  const date = optionalIsoDate(input.effectiveDate, 'input.effectiveDate') ?? todayInAmsterdam();
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    return idempotentRecovery(tx, 'INVOICED', input, null, async () => {
      if (!(await currentFinalised(tx, input.schemeCode, input.year))) {
        throw conflict(`${input.schemeCode} ${input.year} has no finalised settlement`, { field: 'input.year' });
      }
      const group = await recoveryGroup(tx, input.municipalityCode, date);
      const addresses = group.map((c) => accounts.advance(c, input.schemeCode, input.year));
      const balances = await getBalances(tx, addresses);
      const net = addresses.reduce((sum, a) => sum.plus(balances.get(a) ?? ZERO), ZERO);
      if (!net.gt(0)) {
        throw conflict(
          `${input.municipalityCode} has no recovery outstanding for ${input.schemeCode} ${input.year}` +
            (group.length > 1 ? ` (netted over ${group.join(', ')})` : ''),
          { field: 'input.municipalityCode' },
        );
      }
      const postings: PostingInput[] = [
        { account: accounts.receivable(input.municipalityCode, input.schemeCode), direction: 'DEBIT', amount: net },
      ];
      for (const a of addresses) {
        const b = balances.get(a) ?? ZERO;
        if (!b.isZero()) {
          postings.push({ account: a, direction: b.gt(0) ? 'CREDIT' : 'DEBIT', amount: b.abs() });
        }
      }
      return {
        kind: 'INVOICE',
        reason:
          `recovery ${input.schemeCode} ${input.year} invoiced to ${input.municipalityCode}` +
          (group.length > 1 ? ` (with ${group.slice(1).join(', ')}, merged into it)` : ''),
        amount: net,
        postings,
      };
    });
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
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  if (!input.amount.gt(0) || !isWholeUnits(input.amount, 2)) {
    throw badInput('input.amount', 'must be a positive amount in cents');
  }
  if (input.effectiveDate) {
    parseIsoDate(input.effectiveDate, 'input.effectiveDate');
  }
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    return idempotentRecovery(tx, 'RECEIVED', input, input.amount, async () => {
      const { advance, receivable } = await outstanding(tx, input);
      const credit = advance.gte(input.amount)
        ? accounts.advance(input.municipalityCode, input.schemeCode, input.year)
        : receivable.gte(input.amount)
          ? accounts.receivable(input.municipalityCode, input.schemeCode)
          : null;
      if (credit === null) {
        throw badInput('input.amount', `more than the ${advance.gt(0) ? advance.toFixed(2) : receivable.toFixed(2)} outstanding`);
      }
      return {
        kind: 'RECOVERY',
        reason: `recovery ${input.schemeCode} ${input.year} received from ${input.municipalityCode}`,
        amount: input.amount,
        postings: [
          { account: accounts.bank(), direction: 'DEBIT', amount: input.amount },
          { account: credit, direction: 'CREDIT', amount: input.amount },
        ],
      };
    });
  });
}
