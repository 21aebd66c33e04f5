import type { RequestContext } from '../../context';
import { todayInAmsterdam } from '../../common/dates';
import { money, toFixedScale } from '../../common/money/money';
import { getScheme } from '../schemes';
import { listAllocationRuns, runInputsJson, runLines } from '../allocations';
import { listReports } from '../verantwoording';
import { accounts, getBalances, ledgerSnapshot, transactionAccounts, type JournalVerification } from '../ledger';
import {
  INPUT_FORMAT,
  type EarlierYear,
  type FrozenAllocationRun,
  type FrozenInputs,
  type FrozenReport,
} from './reconciliation.calculator';

/**
 * Collects the frozen inputs of a run, everything "as recorded at" asOf: records created after it
 * are left out, balances come from postings recorded by then, so a later run with the same asOf
 * freezes the same inputs. Allocation runs, reports and the ledger are read through their
 * modules' public functions; advance and settlement records are read with plain read-only SQL
 * (decision 0502) because those modules expose no as-of-a-moment queries yet.
 */

export interface FreezeRequest {
  schemeCode: string;
  year: number;
  asOf: Date;
  municipalityCodes: string[] | null;
}

/** Everything except the per-municipality balances (which the job reads in batches, for progress). */
export async function freezeGlobal(
  ctx: RequestContext,
  req: FreezeRequest,
  /** The hash chain verified while this run was RUNNING (shared by the runs processed together). */
  chain: JournalVerification,
): Promise<Omit<FrozenInputs, 'ledger'> & { ledger: Omit<FrozenInputs['ledger'], 'balances'> }> {
  const { schemeCode: s, year: y, asOf } = req;
  const asOfIso = asOf.toISOString();
  const asOfDate = todayInAmsterdam(asOf);
  const scheme = await getScheme(ctx, s, y);
  const runs = (await listAllocationRuns(ctx, { schemeCode: s, year: y }))
    .filter((r) => r.createdAt.getTime() <= asOf.getTime())
    .sort((a, b) => a.seq - b.seq);
  const frozenRuns: FrozenAllocationRun[] = [];
  for (const r of runs) {
    const page = await runLines(ctx, r.id, {}, 500, null);
    frozenRuns.push({
      id: r.id,
      seq: r.seq,
      stage: r.stage,
      createdAt: r.createdAt.toISOString(),
      inputHash: r.inputHash,
      outputHash: r.outputHash,
      bookingTransactionId: r.bookingTransactionId,
      totalAmount: r.totalAmount,
      lines: page.edges.map((e) => ({ municipalityCode: e.node.municipalityCode, amount: e.node.amount })),
    });
  }
  const current = frozenRuns[frozenRuns.length - 1];
  const currentRunInputs = current ? (JSON.parse(await runInputsJson(ctx, current.id)) as unknown) : null;

  const ledgerCodes: { m: string }[] = await ctx.em.query(
    `SELECT DISTINCT municipality_code AS m FROM ledger_accounts WHERE municipality_code IS NOT NULL AND scheme_code = $1 AND (year IS NULL OR year = $2)`,
    [s, y],
  );
  const all = new Set([...(current?.lines.map((l) => l.municipalityCode) ?? []), ...ledgerCodes.map((r) => r.m)]);
  const municipalities = (req.municipalityCodes ?? [...all]).filter((m) => req.municipalityCodes !== null || all.has(m)).sort();
  const inScope = new Set(municipalities);

  const reports = await latestReports(ctx, s, y, asOf, inScope);
  const advances = await frozenAdvances(ctx, s, y, asOfIso, asOfDate, inScope, scheme.unitScale);
  const { settlement, recoveries } = await frozenSettlement(ctx, s, y, asOfIso, inScope, scheme.unitScale);
  // Earlier years of the scheme that had a settlement finalised by asOf: their open recoveries sit
  // on the same, year-less receivable account.
  const earlier: { year: number }[] = await ctx.em.query(
    `SELECT DISTINCT s.year FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id
      WHERE s.scheme_code = $1 AND s.year < $2 AND f.finalised_at <= $3::timestamptz ORDER BY s.year`,
    [s, y, asOfIso],
  );
  const earlierYears: EarlierYear[] = [];
  for (const { year } of earlier) {
    earlierYears.push({ year, ...(await frozenSettlement(ctx, s, year, asOfIso, inScope, scheme.unitScale)) });
  }

  const snapshot = await ledgerSnapshot(ctx, asOf);
  const brokenAt = chain.brokenAt
    ? {
        transactionId: chain.brokenAt.transactionId,
        sequence: chain.brokenAt.sequence,
        problem: chain.brokenAt.problem,
        accounts: await transactionAccounts(ctx, chain.brokenAt.transactionId),
      }
    : null;
  return {
    format: INPUT_FORMAT,
    scheme: { code: s, year: y, budgetMode: scheme.budgetMode, budget: scheme.budget, unitScale: scheme.unitScale },
    asOf: asOfIso,
    asOfDate,
    municipalities,
    allocationRuns: frozenRuns,
    currentRunInputs,
    reports,
    advances,
    settlement,
    recoveries,
    earlierYears,
    ledger: {
      headSequence: snapshot.headSequence,
      headHash: snapshot.headHash,
      trialBalanceNet: snapshot.trialBalanceNet,
      chain: { ok: chain.ok, count: chain.count, brokenAt },
      manualCorrections: snapshot.manualCorrections,
      ...(snapshot.mergerTransfers.length > 0 ? { mergerTransfers: snapshot.mergerTransfers } : {}),
    },
  };
}

/** The accounts of one batch of municipalities reconciled. */
export function accountsOf(schemeCode: string, year: number, municipalities: string[]): string[] {
  return municipalities.flatMap((m) => [
    accounts.committed(m, schemeCode, year),
    accounts.advance(m, schemeCode, year),
    accounts.receivable(m, schemeCode),
  ]);
}

/** Net balances as recorded at asOf of a batch of accounts (only the non-zero ones are frozen). */
export async function freezeBalances(ctx: RequestContext, addresses: string[], asOf: Date): Promise<{ account: string; net: string }[]> {
  const balances = await getBalances(ctx, addresses, { recordedAt: asOf });
  return [...balances]
    .filter(([, net]) => !net.isZero())
    .map(([account, net]) => ({ account, net: toFixedScale(net, 2) }))
    .sort((a, b) => (a.account < b.account ? -1 : 1));
}

async function latestReports(ctx: RequestContext, s: string, y: number, asOf: Date, scope: Set<string>): Promise<FrozenReport[]> {
  const latest = new Map<string, FrozenReport>();
  let after: string | null = null;
  for (;;) {
    const page = await listReports(ctx, { schemeCode: s, year: y }, 500, after);
    for (const { node: r } of page.edges) {
      if (!scope.has(r.municipalityCode) || r.submittedAt === null || r.submittedAt.getTime() > asOf.getTime()) {
        continue;
      }
      const seen = latest.get(r.municipalityCode);
      if (seen && seen.version > r.version) {
        continue;
      }
      latest.set(r.municipalityCode, {
        id: r.id,
        municipalityCode: r.municipalityCode,
        version: r.version,
        status: r.status,
        contentHash: r.contentHash,
        submittedAt: r.submittedAt.toISOString(),
        differences: r.differences.map((d) => ({
          check: d.check,
          category: d.category,
          route: d.route,
          reported: d.reported.toFixed(),
          expected: d.expected.toFixed(),
          difference: d.difference.toFixed(),
          beyondTolerance: d.beyondTolerance,
        })),
      });
    }
    if (!page.pageInfo.hasNextPage) {
      break;
    }
    after = page.pageInfo.endCursor ?? null;
  }
  return [...latest.values()].sort((a, b) => (a.municipalityCode < b.municipalityCode ? -1 : 1));
}

async function frozenAdvances(
  ctx: RequestContext,
  s: string,
  y: number,
  asOf: string,
  asOfDate: string,
  scope: Set<string>,
  scale: number,
): Promise<FrozenInputs['advances']> {
  const fx = (v: string) => toFixedScale(money(v), scale);
  const plans: { id: string; version: number }[] = await ctx.em.query(
    `SELECT id::text AS id, version FROM advance_plans WHERE scheme_code = $1 AND year = $2 AND created_at <= $3::timestamptz ORDER BY version DESC LIMIT 1`,
    [s, y, asOf],
  );
  const plan = plans[0] ?? null;
  const due: { m: string; idx: number; due: string; amount: string }[] = plan
    ? await ctx.em.query(
        `SELECT municipality_code AS m, idx, due_date::text AS due, amount::text AS amount FROM advance_plan_tranches
          WHERE plan_id = $1::uuid AND due_date <= $2::date ORDER BY municipality_code, idx`,
        [plan.id, asOfDate],
      )
    : [];
  const payments: { m: string; idx: number; due: string; amount: string; tx: string | null; at: Date }[] = await ctx.em.query(
    `SELECT municipality_code AS m, idx, due_date::text AS due, amount::text AS amount, transaction_id AS tx, paid_at AS at
       FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND paid_at <= $3::timestamptz ORDER BY municipality_code, idx`,
    [s, y, asOf],
  );
  const suspended: { m: string }[] = await ctx.em.query(
    `SELECT m FROM (SELECT DISTINCT ON (municipality_code) municipality_code AS m, action FROM advance_suspensions
       WHERE scheme_code = $1 AND year = $2 AND at <= $3::timestamptz ORDER BY municipality_code, at DESC, id DESC) x WHERE action = 'SUSPEND' ORDER BY m`,
    [s, y, asOf],
  );
  const offsets: { m: string; amount: string }[] = await ctx.em.query(
    `SELECT municipality_code AS m, SUM(offset_amount)::text AS amount FROM tranche_payments
      WHERE scheme_code = $1 AND year = $2 AND paid_at <= $3::timestamptz AND offset_amount > 0 GROUP BY municipality_code ORDER BY municipality_code`,
    [s, y + 1, asOf],
  );
  return {
    planId: plan?.id ?? null,
    planVersion: plan?.version ?? null,
    due: due.filter((d) => scope.has(d.m)).map((d) => ({ municipalityCode: d.m, index: d.idx, dueDate: d.due, amount: fx(d.amount) })),
    payments: payments
      .filter((p) => scope.has(p.m))
      .map((p) => ({
        municipalityCode: p.m,
        index: p.idx,
        dueDate: p.due,
        amount: fx(p.amount),
        transactionId: p.tx,
        paidAt: p.at.toISOString(),
      })),
    suspended: suspended.map((r) => r.m).filter((m) => scope.has(m)),
    offsetsFromNextYear: offsets.filter((o) => scope.has(o.m)).map((o) => ({ municipalityCode: o.m, amount: fx(o.amount) })),
  };
}

async function frozenSettlement(
  ctx: RequestContext,
  s: string,
  y: number,
  asOf: string,
  scope: Set<string>,
  scale: number,
): Promise<{ settlement: FrozenInputs['settlement']; recoveries: FrozenInputs['recoveries'] }> {
  const current: { id: string; mode: string; at: Date }[] = await ctx.em.query(
    `SELECT s.id::text AS id, s.recovery_mode AS mode, f.finalised_at AS at
       FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id
      WHERE s.scheme_code = $1 AND s.year = $2 AND f.finalised_at <= $3::timestamptz
        AND NOT EXISTS (SELECT 1 FROM settlements n JOIN settlement_finalisations nf ON nf.settlement_id = n.id
                         WHERE n.replaces_id = s.id AND nf.finalised_at <= $3::timestamptz)
      ORDER BY f.finalised_at DESC LIMIT 1`,
    [s, y, asOf],
  );
  const head = current[0];
  const fx = (v: string | null) => (v === null ? null : toFixedScale(money(v), scale));
  let settlement: FrozenInputs['settlement'] = null;
  if (head) {
    const lines: { m: string; payee: string; status: string; fin: string | null; paid: string; amount: string | null }[] =
      await ctx.em.query(
        `SELECT municipality_code AS m, payee_code AS payee, status, final_entitlement::text AS fin, paid::text AS paid, amount::text AS amount
         FROM settlement_lines WHERE settlement_id = $1::uuid ORDER BY municipality_code`,
        [head.id],
      );
    settlement = {
      id: head.id,
      recoveryMode: head.mode,
      finalisedAt: head.at.toISOString(),
      lines: lines
        .filter((l) => scope.has(l.m) || scope.has(l.payee))
        .map((l) => ({
          municipalityCode: l.m,
          payeeCode: l.payee,
          status: l.status,
          finalEntitlement: fx(l.fin),
          paid: fx(l.paid) ?? '0',
          amount: fx(l.amount),
        })),
    };
  }
  const rows: { m: string; action: string; amount: string; tx: string; at: Date }[] = await ctx.em.query(
    `SELECT municipality_code AS m, action, amount::text AS amount, transaction_id AS tx, recorded_at AS at FROM settlement_recoveries
      WHERE scheme_code = $1 AND year = $2 AND recorded_at <= $3::timestamptz ORDER BY recorded_at, idempotency_key`,
    [s, y, asOf],
  );
  const recoveries: FrozenInputs['recoveries'] = [];
  for (const r of rows.filter((x) => scope.has(x.m))) {
    // A receipt after an invoice credits the receivable, not the advance: the ledger says which.
    const touched = r.action === 'RECEIVED' ? await transactionAccounts(ctx, r.tx) : [];
    const action = touched.some((a) => a.includes(':receivable:')) ? 'RECEIVED_RECEIVABLE' : r.action;
    recoveries.push({ municipalityCode: r.m, action, amount: fx(r.amount) ?? '0', transactionId: r.tx, recordedAt: r.at.toISOString() });
  }
  return { settlement, recoveries };
}
