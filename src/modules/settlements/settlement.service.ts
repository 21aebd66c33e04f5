import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { DomainError, badInput, conflict, notFound } from '../../common/errors/domain-error';
import { ZERO } from '../../common/money/money';
import { optionalIsoDate, todayInAmsterdam } from '../../common/dates';
import { listMergers } from '../municipalities';
import { getScheme } from '../schemes';
import { hashCanonical } from '../../common/hashing/canonical';
import { acceptedEligibleSpending } from '../verantwoording';
import { accounts, postTransactions, reverseTransaction, type PostInput, type PostingInput } from '../ledger';
import { closeAdvanceYear, lockAdvances, paidByMunicipality, runEntitlements } from '../advances';
import { finalEntitlementOnSpending, netByPayee, settlementAmount } from './settlement.calculator';
import { SettlementEntity, SettlementFinalisationEntity, SettlementLineEntity } from './settlement.entity';
import { notifyMoneyEvent } from '../chain';

export type RecoveryMode = 'OFFSET' | 'INVOICE';

export interface DraftSettlementInput {
  schemeCode: string;
  year: number;
  allocationRunId: string;
  recoveryMode: RecoveryMode;
  /** Successors are resolved as of this date; default the later of today and 31 December of y+1. */
  payeeDate?: string | null;
  idempotencyKey: string;
}

export interface FinaliseSettlementInput {
  settlementId: string;
  idempotencyKey: string;
  /** Effective date of the bookings; default today. */
  effectiveDate?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Serialises drafting and finalising the settlements of one scheme-year. */
async function lockSettlements(ctx: RequestContext, schemeCode: string, year: number): Promise<void> {
  await ctx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`settlements:${schemeCode}:${year}`]);
}

export async function getSettlementEntity(ctx: RequestContext, id: string): Promise<SettlementEntity> {
  const s = UUID.test(id) ? await ctx.em.getRepository(SettlementEntity).findOneBy({ id }) : null;
  if (!s) {
    throw notFound('settlement', id);
  }
  return s;
}

/** The finalised settlement of a scheme-year that no later finalised settlement replaces, or null. */
export async function currentFinalised(ctx: RequestContext, schemeCode: string, year: number): Promise<SettlementEntity | null> {
  const rows: { id: string }[] = await ctx.em.query(
    `SELECT s.id FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id
      WHERE s.scheme_code = $1 AND s.year = $2
        AND NOT EXISTS (SELECT 1 FROM settlements n JOIN settlement_finalisations nf ON nf.settlement_id = n.id WHERE n.replaces_id = s.id)`,
    [schemeCode, year],
  );
  return rows[0] ? getSettlementEntity(ctx, rows[0].id) : null;
}

/** Follows merger chains (effective on or before `date`) in memory: one query for all municipalities. */
function successorResolver(mergers: { dissolvedCode: string; successorCode: string; effectiveDate: string }[], date: string) {
  const next = new Map(mergers.filter((m) => m.effectiveDate <= date).map((m) => [m.dissolvedCode, m.successorCode]));
  return (code: string): string => {
    let current = code;
    for (let depth = 0; depth < 50 && next.has(current); depth += 1) {
      current = next.get(current)!;
    }
    return current;
  };
}

/**
 * Computes and stores a draft settlement (DOMAIN.md Calculation 7) from a DEFINITIVE or CORRECTION
 * run: per municipality of the year E_i(final) (for schemes that settle on spending the minimum of
 * the run amount and the accepted eligible spending; without an accepted report the line awaits
 * it and is not booked), Σ paid tranches, S_i = E − paid, and the payee (the municipality, or its
 * successor when it has merged since). A draft replaces the current finalised settlement, if any.
 */
export async function draftSettlement(
  ctx: RequestContext,
  input: DraftSettlementInput,
): Promise<{ settlement: SettlementEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (input.recoveryMode !== 'OFFSET' && input.recoveryMode !== 'INVOICE') {
    throw badInput('input.recoveryMode', 'must be OFFSET or INVOICE');
  }
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const today = todayInAmsterdam();
  const defaultDate = `${input.year + 1}-12-31` > today ? `${input.year + 1}-12-31` : today;
  const payeeDate = optionalIsoDate(input.payeeDate, 'input.payeeDate') ?? defaultDate;
  const hash = requestHash({
    s: input.schemeCode,
    y: input.year,
    run: input.allocationRunId,
    mode: input.recoveryMode,
    payeeDate: input.payeeDate ?? null,
  });
  return runCommand(ctx, async (tx) => {
    await lockSettlements(tx, input.schemeCode, input.year);
    const repo = tx.em.getRepository(SettlementEntity);
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'settlement draft',
      requestHash: hash,
      find: async () => {
        const earlier = await repo.findOneBy({ idempotencyKey: input.idempotencyKey });
        return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
      },
      perform: () => performDraft(tx, input, payeeDate, hash),
    });
    return { settlement: result, replayed };
  });
}

/** Computes and stores a draft whose key is new (inside draftSettlement's command). */
async function performDraft(tx: RequestContext, input: DraftSettlementInput, payeeDate: string, hash: string): Promise<SettlementEntity> {
  const actor = requireActor(tx);
  const repo = tx.em.getRepository(SettlementEntity);
  const scheme = await getScheme(tx, input.schemeCode, input.year);
  const { stage, amounts } = await runEntitlements(tx, input.allocationRunId, scheme.code, scheme.year);
  if (stage !== 'DEFINITIVE' && stage !== 'CORRECTION') {
    throw badInput('input.allocationRunId', `a settlement needs a DEFINITIVE or CORRECTION run, not ${stage}`);
  }
  const paid = await paidByMunicipality(tx, scheme.code, scheme.year);
  const payeeOf = successorResolver(await listMergers(tx), payeeDate);
  const codes = [...new Set([...amounts.keys(), ...paid.keys()])].sort();
  const lines: Omit<SettlementLineEntity, 'settlementId'>[] = [];
  for (const code of codes) {
    const countBased = amounts.get(code) ?? ZERO;
    const paidTotal = paid.get(code) ?? ZERO;
    let spending: Decimal | null = null;
    let finalEntitlement: Decimal | null = countBased;
    if (scheme.settlesOnSpending) {
      spending = await acceptedEligibleSpending(tx, { municipalityCode: code, schemeCode: scheme.code, year: scheme.year });
      finalEntitlement = spending === null ? null : finalEntitlementOnSpending(countBased, spending, scheme.unitScale);
    }
    lines.push({
      municipalityCode: code,
      payeeCode: payeeOf(code),
      status: finalEntitlement === null ? 'AWAITING_REPORT' : 'SETTLED',
      countBased,
      acceptedSpending: spending,
      finalEntitlement,
      paid: paidTotal,
      amount: finalEntitlement === null ? null : settlementAmount(finalEntitlement, [paidTotal]),
    });
  }
  const replaced = await currentFinalised(tx, scheme.code, scheme.year);
  const id = crypto.randomUUID();
  const inputsHash = hashCanonical({
    scheme: scheme.code,
    year: scheme.year,
    run: input.allocationRunId,
    mode: input.recoveryMode,
    replaces: replaced?.id ?? null,
    lines: lines.map((l) => ({
      m: l.municipalityCode,
      payee: l.payeeCode,
      status: l.status,
      countBased: l.countBased.toFixed(2),
      spending: l.acceptedSpending?.toFixed(2) ?? null,
      final: l.finalEntitlement?.toFixed(2) ?? null,
      paid: l.paid.toFixed(2),
      amount: l.amount?.toFixed(2) ?? null,
    })),
  });
  await repo.insert({
    id,
    schemeCode: scheme.code,
    year: scheme.year,
    allocationRunId: input.allocationRunId,
    recoveryMode: input.recoveryMode,
    replacesId: replaced?.id ?? null,
    payeeDate,
    idempotencyKey: input.idempotencyKey,
    requestHash: hash,
    inputsHash,
    preparedBy: actor.subject,
  });
  await tx.em.query(
    `INSERT INTO settlement_lines (settlement_id, municipality_code, payee_code, status, count_based, accepted_spending, final_entitlement, paid, amount)
       SELECT $1, m, p, st, c, sp, f, pd, a
         FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
           AS t(m, p, st, c, sp, f, pd, a)`,
    [
      id,
      lines.map((l) => l.municipalityCode),
      lines.map((l) => l.payeeCode),
      lines.map((l) => l.status),
      lines.map((l) => l.countBased.toFixed(2)),
      lines.map((l) => l.acceptedSpending?.toFixed(2) ?? null),
      lines.map((l) => l.finalEntitlement?.toFixed(2) ?? null),
      lines.map((l) => l.paid.toFixed(2)),
      lines.map((l) => l.amount?.toFixed(2) ?? null),
    ],
  );
  return repo.findOneByOrFail({ id });
}

/** The postings of a settlement per payee (DOMAIN.md "Accounts and what is booked"). */
export function settlementPosts(settlement: SettlementEntity, lines: SettlementLineEntity[], effectiveDate: string): PostInput[] {
  const s = settlement.schemeCode;
  const y = settlement.year;
  const settled = lines.filter((l) => l.status === 'SETTLED');
  const net = netByPayee(settled.map((l) => ({ municipalityCode: l.municipalityCode, payeeCode: l.payeeCode, amount: l.amount! })));
  const cause = { type: 'SETTLEMENT', id: settlement.id };
  const posts: PostInput[] = [];
  for (const [payee, amount] of net) {
    const advance = accounts.advance(payee, s, y);
    const determination: PostingInput[] = settled
      .filter((l) => l.payeeCode === payee && l.finalEntitlement!.gt(0))
      .flatMap((l) => [
        { account: accounts.expense(s, y), direction: 'DEBIT' as const, amount: l.finalEntitlement! },
        { account: advance, direction: 'CREDIT' as const, amount: l.finalEntitlement! },
      ]);
    const of = settled
      .filter((l) => l.payeeCode === payee)
      .map((l) => l.municipalityCode)
      .join(', ');
    if (determination.length > 0) {
      posts.push({
        idempotencyKey: `settlement:${settlement.id}:determination:${payee}`,
        kind: 'DETERMINATION',
        effectiveDate,
        reason: `definitive determination ${s} ${y} of ${of}`,
        cause,
        postings: determination,
      });
    }
    if (amount.gt(0)) {
      posts.push({
        idempotencyKey: `settlement:${settlement.id}:payment:${payee}`,
        kind: 'SETTLEMENT',
        effectiveDate,
        reason: `settlement ${s} ${y}: additional payment to ${payee} (${of})`,
        cause,
        postings: [
          { account: advance, direction: 'DEBIT', amount },
          { account: accounts.bank(), direction: 'CREDIT', amount },
        ],
      });
    } else if (amount.lt(0) && settlement.recoveryMode === 'INVOICE') {
      posts.push({
        idempotencyKey: `settlement:${settlement.id}:invoice:${payee}`,
        kind: 'INVOICE',
        effectiveDate,
        reason: `settlement ${s} ${y}: recovery invoiced to ${payee} (${of})`,
        cause,
        postings: [
          { account: accounts.receivable(payee, s), direction: 'DEBIT', amount: amount.neg() },
          { account: advance, direction: 'CREDIT', amount: amount.neg() },
        ],
      });
    }
  }
  return posts;
}

/**
 * Four-eyes finalisation: a finance officer other than the preparer approves, which books the
 * settlement (reversing the replaced one first) and closes the year's advances (unpaid tranches
 * cancelled). The same key with the same request returns the first finalisation and books nothing;
 * the key with another request (another settlement or effective date) is CONFLICT
 * (IDEMPOTENCY_KEY_REUSED); another key for a settlement already finalised is CONFLICT
 * (ALREADY_FINALISED).
 */
export async function finaliseSettlement(
  ctx: RequestContext,
  input: FinaliseSettlementInput,
): Promise<{ settlement: SettlementEntity; finalisation: SettlementFinalisationEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const effectiveDate = optionalIsoDate(input.effectiveDate, 'input.effectiveDate') ?? todayInAmsterdam();
  // The request as sent: an omitted date stays omitted, so repeating it tomorrow still replays.
  const hash = requestHash({ settlementId: input.settlementId, effectiveDate: input.effectiveDate ?? null });
  return runCommand(ctx, async (tx) => {
    const settlement = await getSettlementEntity(tx, input.settlementId);
    await lockSettlements(tx, settlement.schemeCode, settlement.year);
    // Lock order: settlements, then advances (payTranches takes only the latter), then the ledger chain.
    await lockAdvances(tx, settlement.schemeCode, settlement.year);
    const finalisations = tx.em.getRepository(SettlementFinalisationEntity);
    const { result, replayed } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'settlement finalisation',
      requestHash: hash,
      find: async () => {
        const earlier = await finalisations.findOneBy({ idempotencyKey: input.idempotencyKey });
        if (!earlier) {
          return null;
        }
        // Finalisations recorded before request hashes were kept (decision 1101) match on the settlement alone.
        const stored = earlier.requestHash ?? (earlier.settlementId === settlement.id ? hash : `legacy:${earlier.settlementId}`);
        return {
          requestHash: stored,
          replay: async () => ({ settlement: await getSettlementEntity(tx, earlier.settlementId), finalisation: earlier }),
        };
      },
      perform: async () => ({
        settlement,
        finalisation: await performFinalisation(tx, settlement, input.idempotencyKey, hash, effectiveDate),
      }),
    });
    return { ...result, replayed };
  });
}

/** Books a settlement under a key that is new (inside finaliseSettlement's command). */
async function performFinalisation(
  tx: RequestContext,
  settlement: SettlementEntity,
  idempotencyKey: string,
  hash: string,
  effectiveDate: string,
): Promise<SettlementFinalisationEntity> {
  const actor = requireActor(tx);
  const finalisations = tx.em.getRepository(SettlementFinalisationEntity);
  const done = await finalisations.findOneBy({ settlementId: settlement.id });
  if (done) {
    throw conflict(`settlement ${settlement.id} is already finalised (idempotency key ${done.idempotencyKey})`, {
      reason: 'ALREADY_FINALISED',
      field: 'input.settlementId',
    });
  }
  if (actor.subject === settlement.preparedBy) {
    throw new DomainError('FORBIDDEN', 'four-eyes: the officer who prepared a settlement cannot finalise it', {
      reason: 'FOUR_EYES',
      field: 'input.settlementId',
    });
  }
  const current = await currentFinalised(tx, settlement.schemeCode, settlement.year);
  if ((current?.id ?? null) !== settlement.replacesId) {
    throw conflict(`settlement ${settlement.id} was drafted against another finalised settlement: draft it again`, {
      field: 'input.settlementId',
      currentSettlementId: current?.id ?? null,
    });
  }
  const reversalIds: string[] = [];
  if (current) {
    const old = await finalisations.findOneByOrFail({ settlementId: current.id });
    for (const transactionId of old.transactionIds) {
      const reversed = await reverseTransaction(tx, {
        transactionId,
        idempotencyKey: `settlement:${settlement.id}:reverse:${transactionId}`,
        reason: `settlement ${current.id} replaced by ${settlement.id}`,
        effectiveDate,
      });
      reversalIds.push(reversed.id);
    }
  }
  const lines = await tx.em
    .getRepository(SettlementLineEntity)
    .find({ where: { settlementId: settlement.id }, order: { municipalityCode: 'ASC' } });
  const posts = settlementPosts(settlement, lines, effectiveDate);
  const posted = posts.length > 0 ? await postTransactions(tx, posts) : [];
  await closeAdvanceYear(tx, {
    schemeCode: settlement.schemeCode,
    year: settlement.year,
    settlementId: settlement.id,
    recoveryMode: settlement.recoveryMode as RecoveryMode,
  });
  await finalisations.insert({
    settlementId: settlement.id,
    approvedBy: actor.subject,
    effectiveDate,
    idempotencyKey,
    requestHash: hash,
    transactionIds: posted.map((p) => p.id),
    reversalTransactionIds: reversalIds,
  });
  await notifyMoneyEvent(tx, 'SETTLEMENT_FINALISED', settlement.id, lines);
  return finalisations.findOneByOrFail({ settlementId: settlement.id });
}
