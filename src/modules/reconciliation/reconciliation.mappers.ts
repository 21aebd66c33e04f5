import type { Page } from '../../common/graphql/connection';
import type { ReconciliationOutput } from './reconciliation.calculator';
import type { ReconciliationDifferenceEntity, ReconciliationExportEntity, ReconciliationRunEntity } from './reconciliation.entity';
import { canonicalJson } from './reconciliation.calculator';
import type { ReconciliationDifference, ReconciliationExport, ReconciliationExportFormat, ReconciliationRun } from './reconciliation.type';

/** A run as shown: the entity, or its header (decision 1771), where the output holds only its totals. */
export function runToType(r: Omit<ReconciliationRunEntity, 'inputs' | 'output'> & { output: unknown }): ReconciliationRun {
  const output = r.output as Pick<ReconciliationOutput, 'totals'> | null;
  return {
    id: r.id,
    schemeCode: r.schemeCode,
    year: r.year,
    asOf: r.asOf,
    municipalityCodes: r.municipalityCodes,
    status: r.status,
    progressDone: r.progressDone,
    progressTotal: r.progressTotal,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    error: r.error,
    inputHash: r.inputHash,
    outputHash: r.outputHash,
    journalHeadHash: r.journalHeadHash,
    journalHeadSequence: r.journalHeadSequence,
    differenceCount: r.differenceCount,
    totals: output ? canonicalJson(output.totals) : null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

/** numeric comes back without trailing zeros stripped; keep the text as stored. */
export function differenceToType(d: ReconciliationDifferenceEntity): ReconciliationDifference {
  return {
    ordinal: d.ordinal,
    check: d.checkCode,
    municipalityCode: d.municipalityCode,
    account: d.account,
    unit: d.unit,
    expected: d.expected,
    actual: d.actual,
    difference: d.difference,
    direction: d.direction,
    cause: d.cause,
    detail: d.detail,
    refs: d.refs,
  };
}

export function exportToType(e: ReconciliationExportEntity): ReconciliationExport {
  return {
    id: e.id,
    runId: e.runId,
    format: e.format as ReconciliationExportFormat,
    exportedBy: e.exportedBy,
    exportedAt: e.exportedAt,
    downloadPath: `/exports/reconciliation/${e.id}`,
  };
}

export function mapPage<A, B>(page: Page<A>, f: (a: A) => B): Page<B> {
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })) };
}
