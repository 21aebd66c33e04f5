import { In } from 'typeorm';
import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { notFound } from '../../common/errors/domain-error';
import { money, sum, ZERO } from '../../common/money/money';
import { getScheme } from '../schemes';
import { listAllocationRuns } from '../allocations';
import { runEntitlements } from '../advances';
import { visibleTransactionIds } from '../ledger';
import { netByPayee, overrunView as computeOverrun } from './settlement.calculator';
import { SettlementEntity, SettlementFinalisationEntity, SettlementLineEntity } from './settlement.entity';
import { currentFinalised, getSettlementEntity } from './settlement.service';
import { OverrunViewType, SettlementLineType, SettlementStatus, SettlementType } from './settlement.type';

export function explainLine(l: SettlementLineEntity): string[] {
  const steps: string[] = [`count-based entitlement (final run) ${l.countBased.toFixed(2)}`];
  if (l.status === 'AWAITING_REPORT') {
    steps.push('no accepted accountability report yet: this line cannot be settled until the municipality reports');
    return steps;
  }
  if (l.acceptedSpending !== null) {
    steps.push(
      `settles on spending: E(final) = min(${l.countBased.toFixed(2)}, accepted eligible spending ${l.acceptedSpending.toFixed(2)}) = ${l.finalEntitlement!.toFixed(2)}`,
    );
  } else {
    steps.push(`E(final) = ${l.finalEntitlement!.toFixed(2)}`);
  }
  const s = l.amount!;
  steps.push(
    `S = E(final) ${l.finalEntitlement!.toFixed(2)} − paid tranches ${l.paid.toFixed(2)} = ${s.toFixed(2)} (${s.gt(0) ? 'additional payment' : s.lt(0) ? 'recovery' : 'nothing to settle'})`,
  );
  if (l.payeeCode !== l.municipalityCode) {
    steps.push(
      `${l.municipalityCode} has merged since: settled through its successor ${l.payeeCode}, netted with the successor's own lines`,
    );
  }
  return steps;
}

function lineToType(l: SettlementLineEntity): SettlementLineType {
  return {
    municipalityCode: l.municipalityCode,
    payeeCode: l.payeeCode,
    status: l.status,
    countBased: l.countBased.toFixed(2),
    acceptedSpending: l.acceptedSpending?.toFixed(2) ?? null,
    finalEntitlement: l.finalEntitlement?.toFixed(2) ?? null,
    paid: l.paid.toFixed(2),
    amount: l.amount?.toFixed(2) ?? null,
    explanation: explainLine(l),
  };
}

/**
 * Settlements as the actor may see them: a controller gets the lines of its own municipality and
 * the lines it is payee of (its merged predecessors) and the ids of its own bookings, never anyone
 * else's (issue 20 item 7). Three statements for any number of settlements (lines, finalisations,
 * which finalised ones a later finalisation replaced), and for a controller one more when any is
 * finalised (which bookings touch its municipality).
 */
export async function toSettlementTypes(
  ctx: RequestContext,
  rows: SettlementEntity[],
  onlyFor?: string,
  options: { withLines?: boolean } = {},
): Promise<SettlementType[]> {
  const scope = municipalityScope(ctx, onlyFor ? [onlyFor] : null);
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((r) => r.id);
  const qb = ctx.em.getRepository(SettlementLineEntity).createQueryBuilder('l').where('l.settlement_id = ANY(:ids)', { ids });
  if (scope !== null) {
    qb.andWhere('(l.municipality_code = ANY(:scope) OR l.payee_code = ANY(:scope))', { scope });
  }
  // withLines false: the caller reads none of lines, payees and the totals (they come out empty).
  const allLines = options.withLines === false ? [] : await qb.orderBy('l.settlement_id').addOrderBy('l.municipality_code').getMany();
  const finalisations = await ctx.em.getRepository(SettlementFinalisationEntity).findBy({ settlementId: In(ids) });
  const replaced: { id: string }[] = await ctx.em.query(
    `SELECT DISTINCT n.replaces_id AS id FROM settlements n JOIN settlement_finalisations f ON f.settlement_id = n.id WHERE n.replaces_id = ANY($1)`,
    [ids],
  );
  const replacedIds = new Set(replaced.map((r) => r.id));
  const finOf = new Map(finalisations.map((f) => [f.settlementId, f]));
  // A controller sees the ids of its own bookings only (one per payee), as journalTransactions does.
  const bookings = finalisations.flatMap((f) => [...f.transactionIds, ...f.reversalTransactionIds]);
  const visible = scope === null ? null : await visibleTransactionIds(ctx, bookings);
  const shown = (txIds: string[]) => (visible === null ? txIds : txIds.filter((id) => visible.has(id)));
  const linesOf = new Map<string, SettlementLineEntity[]>(ids.map((id) => [id, []]));
  for (const l of allLines) {
    linesOf.get(l.settlementId)?.push(l);
  }
  return rows.map((s) => {
    const lines = linesOf.get(s.id) ?? [];
    const fin = finOf.get(s.id) ?? null;
    const status = !fin ? SettlementStatus.DRAFT : replacedIds.has(s.id) ? SettlementStatus.REPLACED : SettlementStatus.FINALISED;
    const settled = lines.filter((l) => l.status === 'SETTLED');
    const net = netByPayee(settled.map((l) => ({ municipalityCode: l.municipalityCode, payeeCode: l.payeeCode, amount: l.amount! })));
    return {
      id: s.id,
      schemeCode: s.schemeCode,
      year: s.year,
      allocationRunId: s.allocationRunId,
      recoveryMode: s.recoveryMode,
      status,
      replacesId: s.replacesId,
      payeeDate: s.payeeDate,
      inputsHash: s.inputsHash,
      preparedBy: s.preparedBy,
      createdAt: s.createdAt,
      approvedBy: fin?.approvedBy ?? null,
      finalisedAt: fin?.finalisedAt ?? null,
      effectiveDate: fin?.effectiveDate ?? null,
      transactionIds: shown(fin?.transactionIds ?? []),
      reversalTransactionIds: shown(fin?.reversalTransactionIds ?? []),
      totalFinalEntitlement: sum(settled.map((l) => l.finalEntitlement!)).toFixed(2),
      totalAmount: sum(settled.map((l) => l.amount!)).toFixed(2),
      lines: lines.map(lineToType),
      payees: [...net.entries()].map(([payeeCode, amount]) => ({
        payeeCode,
        municipalityCodes: settled.filter((l) => l.payeeCode === payeeCode).map((l) => l.municipalityCode),
        net: amount.toFixed(2),
        direction: amount.gt(0) ? 'PAYMENT' : amount.lt(0) ? 'RECOVERY' : 'NONE',
      })),
    };
  });
}

export async function toSettlementType(ctx: RequestContext, s: SettlementEntity, onlyFor?: string): Promise<SettlementType> {
  const [one] = await toSettlementTypes(ctx, [s], onlyFor);
  return one!;
}

export async function getSettlement(ctx: RequestContext, id: string): Promise<SettlementType> {
  return toSettlementType(ctx, await getSettlementEntity(ctx, id));
}

/** Every settlement of a scheme-year, newest first. */
export async function listSettlements(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
  onlyFor?: string,
  options: { withLines?: boolean } = {},
): Promise<SettlementType[]> {
  municipalityScope(ctx, onlyFor ? [onlyFor] : null);
  const rows = await ctx.em.getRepository(SettlementEntity).find({ where: { schemeCode, year }, order: { createdAt: 'DESC' } });
  return toSettlementTypes(ctx, rows, onlyFor, options);
}

/**
 * The overrun view (DOMAIN.md Calculation 9) of a scheme-year: Σ final entitlements against the
 * budget, in euros and percent, and the pro-rata cut per municipality in an overrun. Final
 * entitlements come from a settlement when given (so spending caps count), otherwise from the run
 * (default: the current run of the scheme-year). Visible before finalising. Controllers see the
 * national totals and their own line.
 */
export async function overrunView(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; allocationRunId?: string | null; settlementId?: string | null },
): Promise<OverrunViewType> {
  const scope = municipalityScope(ctx, null);
  const scheme = await getScheme(ctx, input.schemeCode, input.year);
  let runId = input.allocationRunId ?? null;
  let entitlements = new Map<string, ReturnType<typeof money>>();
  if (input.settlementId) {
    const s = await getSettlementEntity(ctx, input.settlementId);
    if (s.schemeCode !== scheme.code || s.year !== scheme.year) {
      throw notFound('settlement of this scheme-year', input.settlementId);
    }
    runId = s.allocationRunId;
    const lines = await ctx.em
      .getRepository(SettlementLineEntity)
      .find({ where: { settlementId: s.id }, order: { municipalityCode: 'ASC' } });
    entitlements = new Map(lines.map((l) => [l.municipalityCode, l.finalEntitlement ?? l.countBased]));
  } else {
    if (runId === null) {
      const current = (await listAllocationRuns(ctx, { schemeCode: scheme.code, year: scheme.year })).find((r) => r.status === 'CURRENT');
      if (!current) {
        throw notFound('allocation run', `${scheme.code} ${scheme.year}`);
      }
      runId = current.id;
    }
    // The national figures need every line; only the output below is scoped (decision 0407).
    const nationalRead: RequestContext = { ...ctx, actor: { subject: ctx.actor!.subject, role: Role.AUDITOR, municipalityCode: null } };
    entitlements = (await runEntitlements(nationalRead, runId, scheme.code, scheme.year)).amounts;
  }
  const view = computeOverrun(entitlements, money(scheme.budget), scheme.unitScale);
  const codes = [...entitlements.keys()].sort().filter((c) => scope === null || scope.includes(c));
  return {
    schemeCode: scheme.code,
    year: scheme.year,
    allocationRunId: runId,
    settlementId: input.settlementId ?? null,
    budget: view.budget.toFixed(2),
    total: view.total.toFixed(2),
    overrun: view.overrun.toFixed(2),
    percentage: view.percentage.toFixed(2),
    lines: codes.map((code) => {
      const cut = view.cut.get(code);
      return {
        municipalityCode: code,
        entitlement: (entitlements.get(code) ?? ZERO).toFixed(2),
        afterCut: cut ? cut.afterCut.toFixed(2) : null,
        reduction: cut ? cut.reduction.toFixed(2) : null,
      };
    }),
  };
}

export { currentFinalised };
