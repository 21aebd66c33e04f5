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
import { accounts, getBalances, postTransactions, type PostInput, type PostingInput } from '../ledger';
import { getScheme } from '../schemes';
import { applyOffsets } from '../settlements/settlement.calculator';
import { AdvanceClosureEntity, AdvancePlanTrancheEntity, TranchePaymentEntity, TranchePaymentRunEntity } from './advance.entity';
import { findCurrentPlan, lockAdvances } from './advance.plan.service';
import { offsetGroups, splitOffsetCredit } from './merger-offsets.calculator';
import { listMergers } from '../municipalities';

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

/** The latest closure (finalised settlement) of a scheme-year, or null while it is open. */
export async function latestClosure(ctx: RequestContext, schemeCode: string, year: number): Promise<AdvanceClosureEntity | null> {
  return ctx.em.getRepository(AdvanceClosureEntity).findOne({ where: { schemeCode, year }, order: { closedAt: 'DESC' } });
}

function toPaid(p: TranchePaymentEntity): PaidTranche {
  return {
    municipalityCode: p.municipalityCode,
    index: p.idx,
    dueDate: p.dueDate,
    amount: p.amount,
    cash: p.cash,
    offset: p.offsetAmount,
    transactionId: p.transactionId,
  };
}

/**
 * Pays every unpaid tranche of the current plan due on or before `dueUpTo`, for every municipality
 * that is not suspended (DOMAIN.md Calculations 6 and 8). A recovery of the same scheme's previous
 * year that is to be offset (its settlement finalised with mode OFFSET) is taken off first, in
 * due-date order, never below zero. Each tranche is one ledger transaction under the key
 * `tranche:{s}:{y}:{m}:{idx}`: the cash part DR advance(m,s,y) CR bank, the offset part
 * DR advance(m,s,y) CR advance(m,s,y−1) (kind OFFSET when nothing is paid in cash). A zero tranche
 * is recorded as paid with nothing posted.
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
    const payments = tx.em.getRepository(TranchePaymentEntity);
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
              const paid = await payments.find({
                where: { paymentRunKey: input.idempotencyKey },
                order: { municipalityCode: 'ASC', idx: 'ASC' },
              });
              return {
                schemeCode: earlier.schemeCode,
                year: earlier.year,
                dueUpTo,
                tranches: paid.map(toPaid),
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

/** Pays the due tranches of a payment run whose key is new (inside payTranches' command). */
async function performPayment(tx: RequestContext, input: PayTranchesInput, dueUpTo: string): Promise<PayTranchesOutcome> {
  const actor = requireActor(tx);
  const runs = tx.em.getRepository(TranchePaymentRunEntity);
  const scheme = await getScheme(tx, input.schemeCode, input.year);
  const plan = await findCurrentPlan(tx, scheme.code, scheme.year);
  if (!plan) {
    throw notFound('advance plan', `${scheme.code} ${scheme.year}`);
  }
  if (await latestClosure(tx, scheme.code, scheme.year)) {
    throw conflict(`${scheme.code} ${scheme.year} is settled: its unpaid tranches are cancelled`, { field: 'input.year' });
  }
  await runs.insert({
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
  const held = [...new Set(due.filter((t) => suspended.has(t.municipalityCode)).map((t) => t.municipalityCode))];
  const payable = due.filter((t) => !suspended.has(t.municipalityCode));

  // Offsets against last year's recovery, only once that year is settled with mode OFFSET. A payee's
  // outstanding recovery is the netted balance of its own and its predecessors' advance accounts of
  // y−1 (mergers in force on 1 January of y), whether or not the merger transfer is booked yet.
  const previous = await latestClosure(tx, scheme.code, scheme.year - 1);
  const outstanding = new Map<string, Decimal>();
  const groups = new Map<string, string[]>();
  const remaining = new Map<string, Decimal>();
  if (previous?.recoveryMode === 'OFFSET') {
    const codes = [...new Set(payable.filter((t) => t.amount.gt(0)).map((t) => t.municipalityCode))];
    for (const [payee, group] of offsetGroups(codes, await listMergers(tx), `${scheme.year}-01-01`)) {
      groups.set(payee, group);
    }
    const members = [...groups.values()].flat();
    const balances = await getBalances(
      tx,
      members.map((m) => accounts.advance(m, scheme.code, scheme.year - 1)),
    );
    for (const m of members) {
      remaining.set(m, balances.get(accounts.advance(m, scheme.code, scheme.year - 1)) ?? ZERO);
    }
    for (const [payee, group] of groups) {
      const net = group.reduce((acc, m) => acc.plus(remaining.get(m) ?? ZERO), ZERO);
      if (net.gt(0)) {
        outstanding.set(payee, net);
      }
    }
  }
  const offsetOf = new Map<string, Decimal>();
  for (const [m, recovery] of outstanding) {
    const result = applyOffsets(
      recovery,
      payable
        .filter((t) => t.municipalityCode === m)
        .map((t) => ({ key: String(t.idx).padStart(4, '0'), dueDate: t.dueDate, amount: t.amount })),
    );
    for (const r of result.tranches) {
      offsetOf.set(`${m}:${Number(r.key)}`, r.offset);
    }
  }

  const posts: PostInput[] = [];
  const rows = payable.map((t) => {
    const offset = offsetOf.get(`${t.municipalityCode}:${t.idx}`) ?? ZERO;
    const cash = t.amount.minus(offset);
    const postings: PostingInput[] = [];
    const advance = accounts.advance(t.municipalityCode, scheme.code, scheme.year);
    if (cash.gt(0)) {
      postings.push(
        { account: advance, direction: 'DEBIT', amount: cash },
        { account: accounts.bank(), direction: 'CREDIT', amount: cash },
      );
    }
    if (offset.gt(0)) {
      postings.push({ account: advance, direction: 'DEBIT', amount: offset });
      for (const part of splitOffsetCredit(offset, groups.get(t.municipalityCode) ?? [t.municipalityCode], remaining)) {
        postings.push({ account: accounts.advance(part.code, scheme.code, scheme.year - 1), direction: 'CREDIT', amount: part.amount });
      }
    }
    const key = `tranche:${scheme.code}:${scheme.year}:${t.municipalityCode}:${t.idx}`;
    if (postings.length > 0) {
      posts.push({
        idempotencyKey: key,
        kind: cash.gt(0) ? 'ADVANCE_TRANCHE' : 'OFFSET',
        effectiveDate: t.dueDate,
        reason: `advance tranche ${t.idx + 1} of ${scheme.code} ${scheme.year} for ${t.municipalityCode}${offset.gt(0) ? ` (${offset.toFixed(2)} offset against ${scheme.year - 1})` : ''}`,
        cause: { type: 'TRANCHE', id: `${scheme.code}:${scheme.year}:${t.municipalityCode}:${t.idx}` },
        postings,
      });
    }
    return { t, cash, offset, key };
  });
  const posted = posts.length > 0 ? await postTransactions(tx, posts) : [];
  const txByKey = new Map(posted.map((p) => [p.idempotencyKey, p.id]));
  if (rows.length > 0) {
    await tx.em.query(
      `INSERT INTO tranche_payments (scheme_code, year, municipality_code, idx, plan_id, due_date, amount, cash, offset_amount, transaction_id, payment_run_key, paid_by)
         SELECT $1, $2, m, i, $3, d, a, c, o, x, $4, $5
           FROM unnest($6::varchar[], $7::int[], $8::date[], $9::numeric[], $10::numeric[], $11::numeric[], $12::varchar[]) AS t(m, i, d, a, c, o, x)`,
      [
        scheme.code,
        scheme.year,
        plan.id,
        input.idempotencyKey,
        actor.subject,
        rows.map((r) => r.t.municipalityCode),
        rows.map((r) => r.t.idx),
        rows.map((r) => r.t.dueDate),
        rows.map((r) => r.t.amount.toFixed(2)),
        rows.map((r) => r.cash.toFixed(2)),
        rows.map((r) => r.offset.toFixed(2)),
        rows.map((r) => txByKey.get(r.key) ?? null),
      ],
    );
  }
  return {
    schemeCode: scheme.code,
    year: scheme.year,
    dueUpTo,
    tranches: rows.map((r) => ({
      municipalityCode: r.t.municipalityCode,
      index: r.t.idx,
      dueDate: r.t.dueDate,
      amount: r.t.amount,
      cash: r.cash,
      offset: r.offset,
      transactionId: txByKey.get(r.key) ?? null,
    })),
    suspended: held,
    replayed: false,
  };
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
