import type { RequestContext } from '../../context';
import { assertMunicipalityAccess } from '../../common/auth/scope';
import { sum } from '../../common/money/money';
import { money } from '../../common/money/money';
import { getScheme } from '../schemes';
import { allocationExplanation } from '../allocations';
import { advancePlanLines, paymentsOf, planHistoryOf, suspendedMunicipalities, TrancheStatus } from '../advances';
import { listSettlements } from './settlement.queries';
import type { MunicipalityAdvanceStatement } from './settlement.type';

/**
 * The controller view: for one municipality and scheme-year, the forecast it is advanced on, every
 * plan version, the tranches paid and planned (suspended or cancelled), the draft and final
 * settlements and the offsets of a recovery against next year's tranches, each explained.
 * Controllers see only their own municipality (FORBIDDEN otherwise).
 */
export async function municipalityAdvanceStatement(
  ctx: RequestContext,
  input: { schemeCode: string; year: number; municipalityCode: string },
): Promise<MunicipalityAdvanceStatement> {
  assertMunicipalityAccess(ctx, input.municipalityCode);
  const { schemeCode, year, municipalityCode: m } = input;
  await getScheme(ctx, schemeCode, year);
  const history = await planHistoryOf(ctx, schemeCode, year, m);
  const current = history[history.length - 1]?.plan ?? null;
  const tranches = current ? ((await advancePlanLines(ctx, current.id, [m]))[0]?.tranches ?? []) : [];
  let forecastBasis: string[] = [];
  if (current) {
    try {
      forecastBasis = (await allocationExplanation(ctx, current.allocationRunId, m)).steps;
    } catch {
      forecastBasis = [`${m} has no line in allocation run ${current.allocationRunId}`];
    }
  }
  const settlements = (await listSettlements(ctx, schemeCode, year, m)).filter((s) => s.lines.length > 0);
  const offsets = (await paymentsOf(ctx, schemeCode, year + 1, m))
    .filter((p) => p.offsetAmount.gt(0))
    .map((p) => ({ year: year + 1, index: p.idx, dueDate: p.dueDate, offset: p.offsetAmount.toFixed(2), cash: p.cash.toFixed(2) }));
  const paid = sum(tranches.filter((t) => t.status === TrancheStatus.PAID).map((t) => money(t.amount)));
  const planned = sum(
    tranches.filter((t) => t.status === TrancheStatus.PLANNED || t.status === TrancheStatus.SUSPENDED).map((t) => money(t.amount)),
  );
  const suspended = (await suspendedMunicipalities(ctx, schemeCode, year)).has(m);

  const explanation: string[] = [];
  for (const { plan, line } of history) {
    if (line) {
      explanation.push(
        `plan v${plan.version} (${plan.reason}): A = round(${plan.advanceRate.toFixed()} × E ${line.entitlement.toFixed(2)}) = ${line.advance.toFixed(2)}; paid then ${line.paid.toFixed(2)}` +
          (line.excess.gt(0) ? `; overpaid ${line.excess.toFixed(2)} waits for the settlement` : ''),
      );
    }
  }
  explanation.push(
    `tranches paid ${paid.toFixed(2)}, still planned ${planned.toFixed(2)}${suspended ? ' (suspended: held until the report arrives)' : ''}`,
  );
  for (const s of settlements) {
    for (const l of s.lines) {
      explanation.push(`settlement ${s.id} (${s.status}) ${l.municipalityCode}: ${l.explanation.join('; ')}`);
    }
  }
  const offsetTotal = sum(offsets.map((o) => money(o.offset)));
  if (offsets.length > 0) {
    explanation.push(`recovery offset against ${year + 1} tranches: ${offsetTotal.toFixed(2)} over ${offsets.length} tranche(s)`);
  }
  return {
    schemeCode,
    year,
    municipalityCode: m,
    suspended,
    plans: history
      .filter((h) => h.line !== null)
      .map(({ plan, line }) => ({
        version: plan.version,
        planId: plan.id,
        allocationRunId: plan.allocationRunId,
        reason: plan.reason,
        createdAt: plan.createdAt,
        advanceRate: plan.advanceRate.toFixed(),
        entitlement: line!.entitlement.toFixed(2),
        advance: line!.advance.toFixed(2),
        paid: line!.paid.toFixed(2),
        excess: line!.excess.toFixed(2),
      })),
    forecastBasis,
    tranches,
    totalPaid: paid.toFixed(2),
    totalPlanned: planned.toFixed(2),
    settlements,
    offsets,
    explanation,
  };
}
