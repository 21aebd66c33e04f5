import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { money } from '../../common/money/money';

/*
 * Settlement records as they were recorded at a moment: what a reconciliation freezes (decision
 * 0501). Plain read-only SQL on the settlements module's own tables, read for other modules
 * through its index (decision 1401).
 */

export interface SettlementAsOfInput {
  schemeCode: string;
  year: number;
  /** The moment: finalisations and recoveries recorded after it are not seen. */
  recordedAt: Date;
}

export interface SettlementLineAsOf {
  municipalityCode: string;
  payeeCode: string;
  status: string;
  finalEntitlement: Decimal | null;
  paid: Decimal | null;
  amount: Decimal | null;
}

export interface SettlementAsOf {
  id: string;
  recoveryMode: string;
  finalisedAt: Date;
  lines: SettlementLineAsOf[];
}

export interface RecoveryAsOf {
  municipalityCode: string;
  action: string;
  amount: Decimal;
  transactionId: string;
  recordedAt: Date;
}

const optional = (v: string | null): Decimal | null => (v === null ? null : money(v));

/**
 * The settlement of a scheme-year in force at `recordedAt`: the latest one finalised by then and
 * not replaced by another finalised by then; null when none was.
 */
export async function settlementAsOf(ctx: RequestContext, input: SettlementAsOfInput): Promise<SettlementAsOf | null> {
  const at = input.recordedAt.toISOString();
  const current: { id: string; mode: string; at: Date }[] = await ctx.em.query(
    `SELECT s.id::text AS id, s.recovery_mode AS mode, f.finalised_at AS at
       FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id
      WHERE s.scheme_code = $1 AND s.year = $2 AND f.finalised_at <= $3::timestamptz
        AND NOT EXISTS (SELECT 1 FROM settlements n JOIN settlement_finalisations nf ON nf.settlement_id = n.id
                         WHERE n.replaces_id = s.id AND nf.finalised_at <= $3::timestamptz)
      ORDER BY f.finalised_at DESC LIMIT 1`,
    [input.schemeCode, input.year, at],
  );
  const head = current[0];
  if (!head) {
    return null;
  }
  const lines: { m: string; payee: string; status: string; fin: string | null; paid: string | null; amount: string | null }[] =
    await ctx.em.query(
      `SELECT municipality_code AS m, payee_code AS payee, status, final_entitlement::text AS fin, paid::text AS paid, amount::text AS amount
         FROM settlement_lines WHERE settlement_id = $1::uuid ORDER BY municipality_code`,
      [head.id],
    );
  return {
    id: head.id,
    recoveryMode: head.mode,
    finalisedAt: head.at,
    lines: lines.map((l) => ({
      municipalityCode: l.m,
      payeeCode: l.payee,
      status: l.status,
      finalEntitlement: optional(l.fin),
      paid: optional(l.paid),
      amount: optional(l.amount),
    })),
  };
}

/** The recoveries (invoiced, received) of a scheme-year recorded by `recordedAt`, in recording order. */
export async function recoveriesAsOf(ctx: RequestContext, input: SettlementAsOfInput): Promise<RecoveryAsOf[]> {
  const rows: { m: string; action: string; amount: string; tx: string; at: Date }[] = await ctx.em.query(
    `SELECT municipality_code AS m, action, amount::text AS amount, transaction_id AS tx, recorded_at AS at FROM settlement_recoveries
      WHERE scheme_code = $1 AND year = $2 AND recorded_at <= $3::timestamptz ORDER BY recorded_at, idempotency_key`,
    [input.schemeCode, input.year, input.recordedAt.toISOString()],
  );
  return rows.map((r) => ({ municipalityCode: r.m, action: r.action, amount: money(r.amount), transactionId: r.tx, recordedAt: r.at }));
}

/** The years before `beforeYear` of a scheme with a settlement finalised by `recordedAt`, ascending. */
export async function yearsSettledAsOf(
  ctx: RequestContext,
  input: { schemeCode: string; beforeYear: number; recordedAt: Date },
): Promise<number[]> {
  const rows: { year: number }[] = await ctx.em.query(
    `SELECT DISTINCT s.year FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id
      WHERE s.scheme_code = $1 AND s.year < $2 AND f.finalised_at <= $3::timestamptz ORDER BY s.year`,
    [input.schemeCode, input.beforeYear, input.recordedAt.toISOString()],
  );
  return rows.map((r) => r.year);
}
