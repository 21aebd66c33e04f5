import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../format';

/**
 * When a version was submitted and whether that was on time, exactly as the API states it
 * (`submittedAt`, `late`): the console does not judge timeliness itself.
 */
export function Timeliness({ report }: { report: { id: string; submittedAt?: string | null; late?: boolean | null } }) {
  const { t } = useTranslation();
  if (!report.submittedAt) {
    return <>—</>;
  }
  return (
    <span data-testid={`submitted-${report.id}`}>
      <time dateTime={report.submittedAt}>{formatDate(report.submittedAt)}</time>{' '}
      {report.late === true ? (
        <span className="badge danger">{t('controller.reports.late')}</span>
      ) : report.late === false ? (
        <span className="badge ok">{t('controller.reports.onTime')}</span>
      ) : null}
    </span>
  );
}
