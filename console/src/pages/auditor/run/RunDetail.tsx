import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/Layout';
import { QueryState } from '../../../components/QueryState';
import { isActive, parseTotals } from '../common';
import { Differences } from './Differences';
import { Reproductions } from './Reproductions';
import { RunFacts } from './RunFacts';
import { Totals } from './Totals';
import { useRun } from './useRun';
import '../auditor.css';

/** One run: its facts, hashes and totals, reproduction, and its differences filtered by cause and size. */
export function RunDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { run, reproductions, loading, error, reload } = useRun(id);
  const title = run ? t('auditor.run.title', { code: run.schemeCode, year: run.year }) : t('auditor.run.titleEmpty');
  return (
    <>
      <p>
        <Link to="/audit">← {t('auditor.run.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <QueryState fetching={loading} error={error} retry={reload}>
        {run ? (
          <>
            <RunFacts run={run} />
            {run.status === 'SUCCEEDED' ? (
              <>
                <Differences runId={run.id} byCause={parseTotals(run.totals)?.byCause ?? {}} />
                <Totals text={run.totals} />
                <Reproductions runId={run.id} reproductions={reproductions} onDone={reload} />
              </>
            ) : isActive(run.status) ? (
              <p className="muted" role="status">
                {t('auditor.run.stillWorking')}
              </p>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </>
  );
}
