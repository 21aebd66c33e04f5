import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/StatusBadge';
import type { SchemeYear } from '../../../components/SchemeYearPicker';
import { formatDate } from '../../../format';
import { Differences } from './Differences';
import { ReportEditor } from './ReportEditor';
import { Timeliness } from './Timeliness';
import type { Report } from './useReports';

/** Where the scheme-year's report stands, and the form when it may be (re)drafted. */
export function ReportPanel({
  code,
  scheme,
  latest,
  onSaved,
}: {
  code: string;
  scheme: SchemeYear;
  latest: Report | null;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const deadline = latest?.deadline ?? scheme.accountabilityDeadline;
  const status = (
    <p data-testid="report-status">
      {t('controller.reports.deadlineOn', { date: formatDate(deadline) })} ·{' '}
      {latest ? (
        <>
          {t('controller.reports.versionN', { version: latest.version })} <StatusBadge status={latest.status} />
          {latest.submittedAt ? (
            <>
              {' '}
              {t('controller.reports.submittedOn')} <Timeliness report={latest} />
            </>
          ) : null}
        </>
      ) : (
        t('controller.reports.noReportYet')
      )}
    </p>
  );
  if (latest?.status === 'SUBMITTED') {
    return (
      <>
        {status}
        <p className="muted">{t('controller.reports.frozen')}</p>
        <Differences report={latest} />
      </>
    );
  }
  return (
    <>
      {status}
      {latest?.status === 'ACCEPTED' || latest?.status === 'REJECTED' ? (
        <>
          {latest.decisionReason ? <p>{t('controller.reports.decisionReason', { reason: latest.decisionReason })}</p> : null}
          <Differences report={latest} />
          <p className="muted">{t('controller.reports.correctionNote', { version: latest.version })}</p>
        </>
      ) : null}
      {scheme.status === 'CLOSED' ? <p className="muted">{t('controller.reports.closed')}</p> : null}
      <ReportEditor code={code} scheme={scheme} draft={latest?.status === 'DRAFT' ? latest : null} start={latest} onSaved={onSaved} />
    </>
  );
}
