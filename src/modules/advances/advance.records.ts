import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { money } from '../../common/money/money';

/*
 * The advance records as they were recorded at a moment: what a reconciliation freezes (decision
 * 0501). Records created after `recordedAt` are left out, so the same moment reads the same
 * records however much was added since. Plain read-only SQL: these are the advances module's own
 * tables, read for other modules through its index (decision 1401).
 */

export interface AsOfInput {
  schemeCode: string;
  year: number;
  /** The moment: records created after it are not seen. */
  recordedAt: Date;
}

export interface AdvanceRecordsAsOf {
  /** The latest plan version created by then, or null. */
  plan: { id: string; version: number } | null;
  /** That plan's tranches due on or before `dueOn`. */
  due: { municipalityCode: string; index: number; dueDate: string; amount: Decimal }[];
  payments: { municipalityCode: string; index: number; dueDate: string; amount: Decimal; transactionId: string | null; paidAt: Date }[];
  /** Municipalities whose last suspension action by then was SUSPEND. */
  suspended: string[];
}

/** The plan, due tranches, payments and suspensions of a scheme-year as recorded at `recordedAt`. */
export async function advanceRecordsAsOf(ctx: RequestContext, input: AsOfInput & { dueOn: string }): Promise<AdvanceRecordsAsOf> {
  const { schemeCode: s, year: y, dueOn } = input;
  const at = input.recordedAt.toISOString();
  const plans: { id: string; version: number }[] = await ctx.em.query(
    `SELECT id::text AS id, version FROM advance_plans WHERE scheme_code = $1 AND year = $2 AND created_at <= $3::timestamptz ORDER BY version DESC LIMIT 1`,
    [s, y, at],
  );
  const plan = plans[0] ?? null;
  const due: { m: string; idx: number; due: string; amount: string }[] = plan
    ? await ctx.em.query(
        `SELECT municipality_code AS m, idx, due_date::text AS due, amount::text AS amount FROM advance_plan_tranches
          WHERE plan_id = $1::uuid AND due_date <= $2::date ORDER BY municipality_code, idx`,
        [plan.id, dueOn],
      )
    : [];
  const payments: { m: string; idx: number; due: string; amount: string; tx: string | null; at: Date }[] = await ctx.em.query(
    `SELECT municipality_code AS m, idx, due_date::text AS due, amount::text AS amount, transaction_id AS tx, paid_at AS at
       FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND paid_at <= $3::timestamptz ORDER BY municipality_code, idx`,
    [s, y, at],
  );
  const suspended: { m: string }[] = await ctx.em.query(
    `SELECT m FROM (SELECT DISTINCT ON (municipality_code) municipality_code AS m, action FROM advance_suspensions
       WHERE scheme_code = $1 AND year = $2 AND at <= $3::timestamptz ORDER BY municipality_code, at DESC, id DESC) x WHERE action = 'SUSPEND' ORDER BY m`,
    [s, y, at],
  );
  return {
    plan: plan ? { id: plan.id, version: plan.version } : null,
    due: due.map((d) => ({ municipalityCode: d.m, index: d.idx, dueDate: d.due, amount: money(d.amount) })),
    payments: payments.map((p) => ({
      municipalityCode: p.m,
      index: p.idx,
      dueDate: p.due,
      amount: money(p.amount),
      transactionId: p.tx,
      paidAt: p.at,
    })),
    suspended: suspended.map((r) => r.m),
  };
}

/** Per municipality, Σ recovery offset against the scheme-year's tranches paid by `recordedAt` (only non-zero). */
export async function offsetsTakenAsOf(ctx: RequestContext, input: AsOfInput): Promise<{ municipalityCode: string; amount: Decimal }[]> {
  const offsets: { m: string; amount: string }[] = await ctx.em.query(
    `SELECT municipality_code AS m, SUM(offset_amount)::text AS amount FROM tranche_payments
      WHERE scheme_code = $1 AND year = $2 AND paid_at <= $3::timestamptz AND offset_amount > 0 GROUP BY municipality_code ORDER BY municipality_code`,
    [input.schemeCode, input.year, input.recordedAt.toISOString()],
  );
  return offsets.map((o) => ({ municipalityCode: o.m, amount: money(o.amount) }));
}
