import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDate, formatDecimal } from '../../../format';
import { Hash, RunProgress } from '../common';
import type { Run } from './useRun';

/** What the run is: status, progress, moment, scope, who, and the hashes that pin its inputs and output. */
export function RunFacts({ run }: { run: Run }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="run-facts">
      <h2 id="run-facts">{t('auditor.run.facts')}</h2>
      <dl className="audit-facts" data-testid="run-facts">
        <dt>{t('common.status')}</dt>
        <dd>
          <StatusBadge status={run.status} /> {run.error ? <span className="muted">{run.error}</span> : null}
        </dd>
        <dt>{t('auditor.run.progress')}</dt>
        <dd>
          <RunProgress status={run.status} done={run.progressDone} total={run.progressTotal} /> {t('auditor.run.municipalitiesUnit')}
        </dd>
        <dt>{t('auditor.run.asOf')}</dt>
        <dd>{formatDate(run.asOf)}</dd>
        <dt>{t('common.municipalities')}</dt>
        <dd>{run.municipalityCodes ? run.municipalityCodes.join(', ') : t('auditor.run.allMunicipalities')}</dd>
        <dt>{t('auditor.run.startedBy')}</dt>
        <dd>
          {run.createdBy}, {formatDate(run.createdAt)}
        </dd>
        <dt>{t('auditor.run.finished')}</dt>
        <dd>
          {formatDate(run.finishedAt)}
          {run.durationMs !== null && run.durationMs !== undefined
            ? ` (${t('auditor.seconds', { value: formatDecimal((run.durationMs / 1000).toFixed(3), 1) })})`
            : ''}
        </dd>
        <dt>{t('auditor.inputHash')}</dt>
        <dd>
          <Hash value={run.inputHash} />
        </dd>
        <dt>{t('auditor.outputHash')}</dt>
        <dd>
          <Hash value={run.outputHash} />
        </dd>
        <dt>{t('auditor.journalHead')}</dt>
        <dd>
          {run.journalHeadSequence ? <span>{t('auditor.sequence', { sequence: run.journalHeadSequence })}, </span> : null}
          <Hash value={run.journalHeadHash} />
        </dd>
      </dl>
      <p className="buttons">
        <Link to={`/audit/exports?run=${run.id}`}>{t('auditor.run.export')}</Link>
      </p>
    </section>
  );
}
