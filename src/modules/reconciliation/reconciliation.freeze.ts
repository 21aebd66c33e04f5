import type { RequestContext } from '../../context';
import { todayInAmsterdam } from '../../common/dates';
import type Decimal from 'decimal.js';
import { toFixedScale } from '../../common/money/money';
import { getScheme } from '../schemes';
import { listAllocationRuns, runInputsJson, runLines } from '../allocations';
import { listReports } from '../verantwoording';
import { accountMunicipalities, accounts, getBalances, ledgerSnapshot, transactionAccounts, type JournalVerification } from '../ledger';
import { advanceRecordsAsOf, offsetsTakenAsOf } from '../advances';
import { recoveriesAsOf, settlementAsOf, yearsSettledAsOf } from '../settlements';
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
 * freezes the same inputs. Every record is read through its module's index: allocation runs,
 * reports, the ledger, and the as-of readers of advances and settlements (decision 1401, which
 * supersedes 0502's read-only SQL on their tables).
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

  const ledgerCodes = await accountMunicipalities(ctx, { schemeCode: s, year: y });
  const all = new Set([...(current?.lines.map((l) => l.municipalityCode) ?? []), ...ledgerCodes]);
  const municipalities = (req.municipalityCodes ?? [...all]).filter((m) => req.municipalityCodes !== null || all.has(m)).sort();
  const inScope = new Set(municipalities);

  const reports = await latestReports(ctx, s, y, asOf, inScope);
  const advances = await frozenAdvances(ctx, { schemeCode: s, year: y, recordedAt: asOf }, asOfDate, inScope, scheme.unitScale);
  const { settlement, recoveries } = await frozenSettlement(ctx, { schemeCode: s, year: y, recordedAt: asOf }, inScope, scheme.unitScale);
  // Earlier years of the scheme that had a settlement finalised by asOf: their open recoveries sit
  // on the same, year-less receivable account.
  const earlier = await yearsSettledAsOf(ctx, { schemeCode: s, beforeYear: y, recordedAt: asOf });
  const earlierYears: EarlierYear[] = [];
  for (const year of earlier) {
    earlierYears.push({ year, ...(await frozenSettlement(ctx, { schemeCode: s, year, recordedAt: asOf }, inScope, scheme.unitScale)) });
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

interface Moment {
  schemeCode: string;
  year: number;
  recordedAt: Date;
}

async function frozenAdvances(
  ctx: RequestContext,
  at: Moment,
  asOfDate: string,
  scope: Set<string>,
  scale: number,
): Promise<FrozenInputs['advances']> {
  const fx = (v: Decimal) => toFixedScale(v, scale);
  const records = await advanceRecordsAsOf(ctx, { ...at, dueOn: asOfDate });
  // The offsets taken from this year's recovery are recorded on next year's tranche payments.
  const offsets = await offsetsTakenAsOf(ctx, { ...at, year: at.year + 1 });
  return {
    planId: records.plan?.id ?? null,
    planVersion: records.plan?.version ?? null,
    due: records.due
      .filter((d) => scope.has(d.municipalityCode))
      .map((d) => ({ municipalityCode: d.municipalityCode, index: d.index, dueDate: d.dueDate, amount: fx(d.amount) })),
    payments: records.payments
      .filter((p) => scope.has(p.municipalityCode))
      .map((p) => ({
        municipalityCode: p.municipalityCode,
        index: p.index,
        dueDate: p.dueDate,
        amount: fx(p.amount),
        transactionId: p.transactionId,
        paidAt: p.paidAt.toISOString(),
      })),
    suspended: records.suspended.filter((m) => scope.has(m)),
    offsetsFromNextYear: offsets
      .filter((o) => scope.has(o.municipalityCode))
      .map((o) => ({ municipalityCode: o.municipalityCode, amount: fx(o.amount) })),
  };
}

async function frozenSettlement(
  ctx: RequestContext,
  at: Moment,
  scope: Set<string>,
  scale: number,
): Promise<{ settlement: FrozenInputs['settlement']; recoveries: FrozenInputs['recoveries'] }> {
  const head = await settlementAsOf(ctx, at);
  const fx = (v: Decimal | null) => (v === null ? null : toFixedScale(v, scale));
  let settlement: FrozenInputs['settlement'] = null;
  if (head) {
    settlement = {
      id: head.id,
      recoveryMode: head.recoveryMode,
      finalisedAt: head.finalisedAt.toISOString(),
      lines: head.lines
        .filter((l) => scope.has(l.municipalityCode) || scope.has(l.payeeCode))
        .map((l) => ({
          municipalityCode: l.municipalityCode,
          payeeCode: l.payeeCode,
          status: l.status,
          finalEntitlement: fx(l.finalEntitlement),
          paid: fx(l.paid) ?? '0',
          amount: fx(l.amount),
        })),
    };
  }
  const rows = await recoveriesAsOf(ctx, at);
  const recoveries: FrozenInputs['recoveries'] = [];
  for (const r of rows.filter((x) => scope.has(x.municipalityCode))) {
    // A receipt after an invoice credits the receivable, not the advance: the ledger says which.
    const touched = r.action === 'RECEIVED' ? await transactionAccounts(ctx, r.transactionId) : [];
    const action = touched.some((a) => a.includes(':receivable:')) ? 'RECEIVED_RECEIVABLE' : r.action;
    recoveries.push({
      municipalityCode: r.municipalityCode,
      action,
      amount: fx(r.amount) ?? '0',
      transactionId: r.transactionId,
      recordedAt: r.recordedAt.toISOString(),
    });
  }
  return { settlement, recoveries };
}
