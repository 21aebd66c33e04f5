import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportStatus, SchemeStatus, SettlementStatus, TrancheStatus } from '../gql/graphql';

/**
 * Statuses the API reports as strings (not schema enums): allocation runs, settlement lines,
 * reconciliation runs, the journal check and suspensions.
 */
type StringStatus =
  'CURRENT' | 'REPLACED' | 'SETTLED' | 'AWAITING_REPORT' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'OK' | 'BROKEN' | 'RELEASED';

export type KnownStatus = TrancheStatus | SettlementStatus | ReportStatus | SchemeStatus | StringStatus;

type Tone = 'ok' | 'warn' | 'danger' | '';

const TONE: Record<KnownStatus, Tone> = {
  PAID: 'ok',
  PLANNED: '',
  SUSPENDED: 'danger',
  CANCELLED: 'danger',
  DRAFT: 'warn',
  FINALISED: 'ok',
  REPLACED: '',
  SUBMITTED: 'warn',
  ACCEPTED: 'ok',
  REJECTED: 'danger',
  OPEN: 'ok',
  CLOSED: '',
  CURRENT: 'ok',
  SETTLED: 'ok',
  AWAITING_REPORT: 'warn',
  QUEUED: '',
  RUNNING: 'warn',
  SUCCEEDED: 'ok',
  FAILED: 'danger',
  OK: 'ok',
  BROKEN: 'danger',
  RELEASED: 'ok',
};

export function isKnownStatus(status: string): status is KnownStatus {
  return Object.hasOwn(TONE, status);
}

/** The status in the interface language (an unknown one as the API sent it, in lower case). */
export function useStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  return useCallback((status: string) => (isKnownStatus(status) ? t(`status.${status}`) : status.replace(/_/g, ' ').toLowerCase()), [t]);
}

/** One badge for every status of every page: the colour says good, waiting or wrong. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const label = useStatusLabel();
  const tone = isKnownStatus(status) ? TONE[status] : '';
  return (
    <span className={`badge ${tone}`.trim()} data-status={status} data-testid={testId}>
      {label(status)}
    </span>
  );
}

/** Allocation-run stages (the API names them as strings). */
const STAGES = ['PROVISIONAL', 'INTERIM', 'DEFINITIVE', 'CORRECTION'] as const;

/** A run's stage in the interface language ("definitief"). */
export function useStageLabel(): (stage: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (stage: string) =>
      (STAGES as readonly string[]).includes(stage) ? t(`stage.${stage as (typeof STAGES)[number]}`) : stage.toLowerCase(),
    [t],
  );
}
