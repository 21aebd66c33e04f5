import { canonicalText, toFixedScale, toFixedScaleText } from '../../common/money/money';
import type { BudgetMode } from '../schemes';
import type { AllocationLineEntity, AllocationRunEntity } from './allocation.entity';
import type { AllocationLine, AllocationRun } from './allocation.type';

/**
 * `next` is the run that replaced this one (seq + 1), if any. Readers that load the run without its
 * (large) `inputs` pass the number of unattributed count rows, counted in SQL.
 */
export function runToType(
  e: AllocationRunEntity,
  next: Pick<AllocationRunEntity, 'reversalTransactionId'> | null,
  municipalityCount: number,
  unattributedCountRows?: number,
): AllocationRun {
  const unattributed = unattributedCountRows ?? ((e.inputs as { unattributedCountIds?: unknown[] }).unattributedCountIds ?? []).length;
  return {
    id: e.id,
    schemeCode: e.schemeCode,
    year: e.year,
    seq: e.seq,
    stage: e.stage,
    status: next === null ? 'CURRENT' : 'REPLACED',
    ruleVersionId: e.ruleVersionId,
    budgetMode: e.budgetMode as BudgetMode,
    budget: toFixedScale(e.budget, e.unitScale),
    unitScale: e.unitScale,
    referenceDate: e.referenceDate,
    totalWeight: e.totalWeight.toFixed(),
    totalAmount: toFixedScale(e.totalAmount, e.unitScale),
    overrun: e.budgetMode === 'OPEN_ENDED' ? toFixedScale(e.totalAmount.minus(e.budget), e.unitScale) : null,
    inputHash: e.inputHash,
    outputHash: e.outputHash,
    municipalityCount,
    unattributedCountRows: unattributed,
    replacesRunId: e.replacesRunId,
    bookingTransactionId: e.bookingTransactionId,
    reversalTransactionId: next?.reversalTransactionId ?? null,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
  };
}

export function lineToType(l: AllocationLineEntity, unitScale: number): AllocationLine {
  return {
    municipalityCode: l.municipalityCode,
    decisionNumber: l.decisionNumber,
    baseAmount: l.baseAmount.toFixed(),
    weight: l.weight.toFixed(),
    exactShare: l.exactShare.toFixed(),
    amount: toFixedScale(l.amount, unitScale),
    adjustment: l.adjustment.toFixed(),
  };
}

/** A line as read by the lines query: numerics as text, with the run's unit and the page total. */
export interface LineRow {
  municipality_code: string;
  decision_number: string;
  base_amount: string;
  weight: string;
  exact_share: string;
  amount: string;
  adjustment: string;
  unit_scale: number;
  total: number;
}

/** Same output as lineToType (canonicalText is property-tested against Money's toFixed). */
export function lineRowToType(r: LineRow, unitScale: number): AllocationLine {
  return {
    municipalityCode: r.municipality_code,
    decisionNumber: r.decision_number,
    baseAmount: canonicalText(r.base_amount),
    weight: canonicalText(r.weight),
    exactShare: canonicalText(r.exact_share),
    amount: toFixedScaleText(r.amount, unitScale),
    adjustment: canonicalText(r.adjustment),
  };
}
