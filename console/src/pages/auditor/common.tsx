import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatCount, formatMoney } from '../../format';

/** What the runs list and a run's page both show of a reconciliation run. */
export const RunSummaryFields = graphql(`
  fragment AuditorRunSummary on ReconciliationRun {
    id
    schemeCode
    year
    asOf
    status
    progressDone
    progressTotal
    differenceCount
    durationMs
    error
    createdAt
    createdBy
  }
`);

/** A difference as the differences table and a difference's own page show it. */
export const DifferenceFields = graphql(`
  fragment AuditorDifference on ReconciliationDifference {
    ordinal
    check
    municipalityCode
    account
    unit
    expected
    actual
    difference
    direction
    cause
    detail
  }
`);

/** A run is still being worked on while QUEUED or RUNNING. */
export function isActive(status: string): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

/** Progress of a run: a `<progress>` bar while it works, otherwise "done / total". */
export function RunProgress({ status, done, total }: { status: string; done: number; total: number }) {
  const { t } = useTranslation();
  if (isActive(status)) {
    return (
      <span className="audit-progress">
        <progress
          max={total > 0 ? total : undefined}
          value={total > 0 ? done : undefined}
          aria-label={t('auditor.progressLabel', { done, total: total > 0 ? total : '?' })}
        />
        <span className="muted">
          {done} / {total > 0 ? total : '?'}
        </span>
      </span>
    );
  }
  return (
    <span>
      {done} / {total}
    </span>
  );
}

export function Hash({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined || value === '') {
    return <span className="muted">—</span>;
  }
  return <code className="hash">{value}</code>;
}

/** Calls `tick` every `ms` while `active` (polling a run that is still QUEUED or RUNNING). */
export function usePolling(active: boolean, tick: () => void, ms = 1000): void {
  useEffect(() => {
    if (!active) {
      return;
    }
    const timer = window.setInterval(tick, ms);
    return () => window.clearInterval(timer);
  }, [active, tick, ms]);
}

/** The run's totals (canonical JSON text from the API), or null when absent or unreadable. */
export interface RunTotals {
  committedExpected?: string;
  committedActual?: string;
  advanceExpected?: string;
  advanceActual?: string;
  receivableExpected?: string;
  receivableActual?: string;
  differences?: number;
  byCause?: Record<string, number>;
}

export function parseTotals(text: string | null | undefined): RunTotals | null {
  if (text === null || text === undefined || text === '') {
    return null;
  }
  try {
    return JSON.parse(text) as RunTotals;
  } catch {
    return null;
  }
}

/**
 * The causes a difference can have (docs/reconciliation.md), for the filter when a run's totals
 * list none. The API types `cause` as a string, so there is no generated enum to take them from.
 */
export const KNOWN_CAUSES = [
  'ADVANCE_NOT_PAID',
  'SETTLEMENT_NOT_BOOKED',
  'REPORTED_COUNT_DIFFERS',
  'SPENDING_EXCEEDS_FUNDING',
  'SPENDING_BELOW_ADVANCES',
  'MANUAL_CORRECTION',
  'JOURNAL_TAMPERED',
  'UNEXPLAINED',
] as const;

/** Reconciliation-run statuses (a string in the API). */
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/** An amount in the difference's own unit: euros as money, persons as a count. */
export function amountIn(unit: string, value: string): string {
  return unit === 'COUNT' ? formatCount(value) : formatMoney(value);
}
