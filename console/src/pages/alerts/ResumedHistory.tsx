import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';

/** A subscription's cancellations as the alerts pages read them (decision 2040). */
interface CancellationPeriod {
  resumedAt?: string | null;
  resumedBy?: string | null;
}

/**
 * The earlier periods a subscription was not evaluated, in a line (finance officer's and controller's
 * pages alike): how many cancellations were resumed, and the last resumption's date and who made it.
 * Nothing when none was.
 */
export function ResumedHistory({ id, cancellations }: { id: string; cancellations: readonly CancellationPeriod[] }) {
  const { t } = useTranslation();
  const resumed = cancellations.filter((p) => p.resumedAt);
  const last = resumed[resumed.length - 1];
  if (last?.resumedAt == null) {
    return null;
  }
  return (
    <span className="muted" data-testid={`subscription-${id}-history`}>
      {t('finance.alerts.resumedHistory', { count: resumed.length, date: formatDate(last.resumedAt), who: last.resumedBy ?? '' })}{' '}
    </span>
  );
}
