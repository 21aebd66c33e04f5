import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { conflict, notFound } from '../../common/errors/domain-error';
import { money, ZERO } from '../../common/money/money';
import { parseIsoDate } from '../../common/dates';
import { accounts, getBalances, postTransactions } from '../ledger';
import { getScheme } from '../schemes';
import { applyOffsets } from './advance.calculator';
import { tranchePostings, type TrancheBooking } from './advance.booking';
import { AdvanceClosureEntity, AdvancePlanTrancheEntity, TranchePaymentRunEntity } from './advance.entity';
import { findCurrentPlan, lockAdvances } from './advance.plan.service';
import { offsetGroups, splitOffsetCredit } from './merger-offsets.calculator';
import { listMergers } from '../municipalities';
import { notifyMoneyEvent } from '../chain';

export interface PayTranchesInput {
  schemeCode: string;
  year: number;
  dueUpTo: string;
  idempotencyKey: string;
}

export interface PaidTranche {
  municipalityCode: string;
  index: number;
  dueDate: string;
  amount: Decimal;
  cash: Decimal;
  offset: Decimal;
  transactionId: string | null;
}

export interface PayTranchesOutcome {
  schemeCode: string;
  year: number;
  dueUpTo: string;
  tranches: PaidTranche[];
  /** Municipalities whose due tranches were held back because their advances are suspended. */
  suspended: string[];
  replayed: boolean;
}

/** Municipalities whose latest suspension action for the scheme-year is SUSPEND. */
export async function suspendedMunicipalities(ctx: RequestContext, schemeCode: string, year: number): Promise<Set<string>> {
  const rows: { municipality_code: string }[] = await ctx.em.query(
    `SELECT municipality_code FROM (
       SELECT DISTINCT ON (municipality_code) municipality_code, action FROM advance_suspensions
        WHERE scheme_code = $1 AND year = $2 ORDER BY municipality_code, id DESC) s
      WHERE action = 'SUSPEND'`,
    [schemeCode, year],
  );
  return new Set(rows.map((r) => r.municipality_code));
}

/** A scheme-year's advances closed by a finalised settlement. */
export interface AdvanceClosure {
  schemeCode: string;
  year: number;
  settlementId: string;
  recoveryMode: string;
  closedBy: string;
  closedAt: Date;
}

/** The latest closure (finalised settlement) of a scheme-year, or null while it is open. */
export async function latestClosure(ctx: RequestContext, schemeCode: string, year: number): Promise<AdvanceClosure | null> {
  const e = await ctx.em.getRepository(AdvanceClosureEntity).findOne({ where: { schemeCode, year }, order: { closedAt: 'DESC' } });
  return e
    ? {
        schemeCode: e.schemeCode,
        year: e.year,
        settlementId: e.settlementId,
        recoveryMode: e.recoveryMode,
        closedBy: e.closedBy,
        closedAt: e.closedAt,
      }
    : null;
}

/** A tranche_payments row as the replay of a payment run reads it. */
interface PaidRow {
  municipality_code: string;
  idx: number;
  due_date: string;
  amount: string;
  cash: string;
  offset_amount: string;
  transaction_id: string | null;
}

function paidFromRow(r: PaidRow): PaidTranche {
  return {
    municipalityCode: r.municipality_code,
    index: r.idx,
    dueDate: r.due_date,
    amount: money(r.amount),
    cash: money(r.cash),
    offset: money(r.offset_amount),
    transactionId: r.transaction_id,
  };
}

/**
 * Pays every unpaid tranche of the current plan due on or before `dueUpTo`, for every municipality
 * that is not suspended (DOMAIN.md Calculations 6 and 8). A recovery of the same scheme's previous
 * year that is to be offset (its settlement finalised with mode OFFSET) is taken off first, in
 * due-date order, never below zero. Each tranche is one ledger transaction built by
 * `tranchePostings` (advance.booking.ts); a zero tranche is recorded as paid with nothing posted.
 *
 * Concurrency: the scheme-year advisory lock serialises callers, and the tranche_payments primary
 * key plus the ledger's idempotency keys make a second payment of a tranche impossible.
 */
export async function payTranches(ctx: RequestContext, input: PayTranchesInput): Promise<PayTranchesOutcome> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const dueUpTo = parseIsoDate(input.dueUpTo, 'input.dueUpTo');
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  // A payment run stores every field of its request, so the stored request hash is derived from them.
  const paymentRequestHash = (r: { schemeCode: string; year: number; dueUpTo: string }) =>
    requestHash({ schemeCode: r.schemeCode, year: r.year, dueUpTo: r.dueUpTo });
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    const runs = tx.em.getRepository(TranchePaymentRunEntity);
    const { result } = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'payment run',
      requestHash: paymentRequestHash({ schemeCode: input.schemeCode, year: input.year, dueUpTo }),
      find: async () => {
        const earlier = await runs.findOneBy({ idempotencyKey: input.idempotencyKey });
        return (
          earlier && {
            requestHash: paymentRequestHash(earlier),
            replay: async (): Promise<PayTranchesOutcome> => {
              // Only the columns the outcome has, read as text: a national run is thousands of
              // rows, and a replay of it re-read through the ORM's entities cost ~15 µs a row.
              const paid: PaidRow[] = await tx.em.query(
                `SELECT municipality_code, idx, due_date::text AS due_date, amount::text AS amount, cash::text AS cash,
                        offset_amount::text AS offset_amount, transaction_id
                   FROM tranche_payments WHERE payment_run_key = $1 ORDER BY municipality_code, idx`,
                [input.idempotencyKey],
              );
              return {
                schemeCode: earlier.schemeCode,
                year: earlier.year,
                dueUpTo,
                tranches: paid.map(paidFromRow),
                suspended: [],
                replayed: true,
              };
            },
          }
        );
      },
      perform: () => performPayment(tx, input, dueUpTo),
    });
    return result;
  });
}

/** What a payment run pays, staged (read and checked) before anything is computed or written. */
interface StagedPayment {
  scheme: { code: string; year: number };
  planId: string;
  actor: string;
  /** Unpaid tranches due by `dueUpTo` of municipalities that are not suspended. */
  payable: AdvancePlanTrancheEntity[];
  /** Municipalities with due tranches held back by a suspension. */
  held: string[];
}

/**
 * Pays the due tranches of a payment run whose key is new (inside payTranches' command), in four
 * steps: stage (read and check, record the run) → compute (offsets, pure postings) → book (the
 * ledger) → persist (the payments, with their transactions).
 */
async function performPayment(tx: RequestContext, input: PayTranchesInput, dueUpTo: string): Promise<PayTranchesOutcome> {
  const staged = await stagePayment(tx, input, dueUpTo);
  const { offsets, credits } = await offsetsAgainstLastYear(tx, staged);
  const bookings = tranchePostings(
    accounts,
    staged.scheme,
    staged.payable.map((t) => ({
      municipalityCode: t.municipalityCode,
      idx: t.idx,
      dueDate: t.dueDate,
      amount: t.amount,
      offset: offsets.get(`${t.municipalityCode}:${t.idx}`) ?? ZERO,
      offsetCredits: credits.get(`${t.municipalityCode}:${t.idx}`),
    })),
  );
  const posts = bookings.flatMap((b) => (b.post ? [b.post] : []));
  const posted = posts.length > 0 ? await postTransactions(tx, posts) : [];
  const txByKey = new Map(posted.map((p) => [p.idempotencyKey, p.id]));
  await persistPayments(tx, staged, input.idempotencyKey, bookings, txByKey);
  await notifyMoneyEvent(tx, 'TRANCHE_PAID', input.idempotencyKey, staged.payable);
  await notifyMoneyEvent(tx, 'TRANCHE_SUSPENDED', input.idempotencyKey, staged.held);
  return {
    schemeCode: staged.scheme.code,
    year: staged.scheme.year,
    dueUpTo,
    tranches: bookings.map((b) => ({
      municipalityCode: b.tranche.municipalityCode,
      index: b.tranche.idx,
      dueDate: b.tranche.dueDate,
      amount: b.tranche.amount,
      cash: b.cash,
      offset: b.tranche.offset,
      transactionId: txByKey.get(b.key) ?? null,
    })),
    suspended: staged.held,
    replayed: false,
  };
}

/** Stage: the plan, the closure check, the run row, and the unpaid due tranches split by suspension. */
async function stagePayment(tx: RequestContext, input: PayTranchesInput, dueUpTo: string): Promise<StagedPayment> {
  const actor = requireActor(tx);
  const scheme = await getScheme(tx, input.schemeCode, input.year);
  const plan = await findCurrentPlan(tx, scheme.code, scheme.year);
  if (!plan) {
    throw notFound('advance plan', `${scheme.code} ${scheme.year}`);
  }
  if (await latestClosure(tx, scheme.code, scheme.year)) {
    throw conflict(`${scheme.code} ${scheme.year} is settled: its unpaid tranches are cancelled`, { field: 'input.year' });
  }
  await tx.em.getRepository(TranchePaymentRunEntity).insert({
    idempotencyKey: input.idempotencyKey,
    schemeCode: scheme.code,
    year: scheme.year,
    dueUpTo,
    createdBy: actor.subject,
  });
  const suspended = await suspendedMunicipalities(tx, scheme.code, scheme.year);
  const due: AdvancePlanTrancheEntity[] = await tx.em
    .getRepository(AdvancePlanTrancheEntity)
    .createQueryBuilder('t')
    .where('t.plan_id = :plan', { plan: plan.id })
    .andWhere('t.due_date <= :dueUpTo', { dueUpTo })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM tranche_payments p WHERE p.scheme_code = :s AND p.year = :y AND p.municipality_code = t.municipality_code AND p.idx = t.idx)`,
      { s: scheme.code, y: scheme.year },
    )
    .orderBy('t.municipality_code')
    .addOrderBy('t.due_date')
    .addOrderBy('t.idx')
    .getMany();
  return {
    scheme: { code: scheme.code, year: scheme.year },
    planId: plan.id,
    actor: actor.subject,
    payable: due.filter((t) => !suspended.has(t.municipalityCode)),
    held: [...new Set(due.filter((t) => suspended.has(t.municipalityCode)).map((t) => t.municipalityCode))],
  };
}

/**
 * Compute: per `{m}:{idx}`, the part of each payable tranche offset against last year's recovery
 * (Calculation 8), only once that year is settled with mode OFFSET, and which of last year's
 * advance accounts each offset is credited to. The recovery of a payee is the netted balance of its
 * own and its predecessors' advance accounts of y−1 (mergers in force on 1 January of y), whether or
 * not the merger transfer is booked yet; an offset is taken from the group's debit balances, the
 * payee's own first (decision 1602).
 */
async function offsetsAgainstLastYear(
  tx: RequestContext,
  staged: StagedPayment,
): Promise<{ offsets: Map<string, Decimal>; credits: Map<string, { municipalityCode: string; amount: Decimal }[]> }> {
  const { scheme, payable } = staged;
  const offsetOf = new Map<string, Decimal>();
  const credits = new Map<string, { municipalityCode: string; amount: Decimal }[]>();
  const previous = await latestClosure(tx, scheme.code, scheme.year - 1);
  if (previous?.recoveryMode !== 'OFFSET') {
    return { offsets: offsetOf, credits };
  }
  const codes = [...new Set(payable.filter((t) => t.amount.gt(0)).map((t) => t.municipalityCode))];
  const groups = offsetGroups(codes, await listMergers(tx), `${scheme.year}-01-01`);
  const members = [...groups.values()].flat();
  const balances = await getBalances(
    tx,
    members.map((m) => accounts.advance(m, scheme.code, scheme.year - 1)),
  );
  const remaining = new Map(members.map((m) => [m, balances.get(accounts.advance(m, scheme.code, scheme.year - 1)) ?? ZERO]));
  for (const [m, group] of groups) {
    const recovery = group.reduce((acc, c) => acc.plus(remaining.get(c) ?? ZERO), ZERO);
    if (!recovery.gt(0)) {
      continue;
    }
    const result = applyOffsets(
      recovery,
      payable
        .filter((t) => t.municipalityCode === m)
        .map((t) => ({ key: String(t.idx).padStart(4, '0'), dueDate: t.dueDate, amount: t.amount })),
    );
    for (const r of result.tranches) {
      const key = `${m}:${Number(r.key)}`;
      offsetOf.set(key, r.offset);
      if (r.offset.gt(0)) {
        credits.set(
          key,
          splitOffsetCredit(r.offset, group, remaining).map((part) => ({ municipalityCode: part.code, amount: part.amount })),
        );
      }
    }
  }
  return { offsets: offsetOf, credits };
}

/** Persist: one tranche_payments row per paid tranche (zero ones too), with its ledger transaction. */
async function persistPayments(
  tx: RequestContext,
  staged: StagedPayment,
  paymentRunKey: string,
  bookings: readonly TrancheBooking[],
  txByKey: ReadonlyMap<string, string>,
): Promise<void> {
  if (bookings.length === 0) {
    return;
  }
  await tx.em.query(
    `INSERT INTO tranche_payments (scheme_code, year, municipality_code, idx, plan_id, due_date, amount, cash, offset_amount, transaction_id, payment_run_key, paid_by)
       SELECT $1, $2, m, i, $3, d, a, c, o, x, $4, $5
         FROM unnest($6::varchar[], $7::int[], $8::date[], $9::numeric[], $10::numeric[], $11::numeric[], $12::varchar[]) AS t(m, i, d, a, c, o, x)`,
    [
      staged.scheme.code,
      staged.scheme.year,
      staged.planId,
      paymentRunKey,
      staged.actor,
      bookings.map((b) => b.tranche.municipalityCode),
      bookings.map((b) => b.tranche.idx),
      bookings.map((b) => b.tranche.dueDate),
      bookings.map((b) => b.tranche.amount.toFixed(2)),
      bookings.map((b) => b.cash.toFixed(2)),
      bookings.map((b) => b.tranche.offset.toFixed(2)),
      bookings.map((b) => txByKey.get(b.key) ?? null),
    ],
  );
}

/** Σ paid tranches (cash + offset) per municipality of a scheme-year. Not scoped: callers scope. */
export async function paidByMunicipality(ctx: RequestContext, schemeCode: string, year: number): Promise<Map<string, Decimal>> {
  const rows: { m: string; paid: string }[] = await ctx.em.query(
    `SELECT municipality_code AS m, SUM(amount)::text AS paid FROM tranche_payments WHERE scheme_code = $1 AND year = $2 GROUP BY municipality_code`,
    [schemeCode, year],
  );
  return new Map(rows.map((r) => [r.m, money(r.paid)]));
}

/**
 * Closes a scheme-year's advances when its settlement is finalised: unpaid tranches are cancelled
 * (payTranches refuses from now on) and the recovery mode tells next year's payments whether to
 * offset. Called by the settlements module inside its transaction.
 */
export async function closeAdvanceYear(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; settlementId: string; recoveryMode: 'OFFSET' | 'INVOICE' },
): Promise<void> {
  const actor = requireActor(ctx);
  await runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    await tx.em.getRepository(AdvanceClosureEntity).insert({
      schemeCode: input.schemeCode,
      year: input.year,
      settlementId: input.settlementId,
      recoveryMode: input.recoveryMode,
      closedBy: actor.subject,
    });
  });
}
