import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { ReconciliationExportFormat } from '../../../gql/graphql';
import { PageTitle } from '../../../components/Layout';
import { QueryState } from '../../../components/QueryState';
import { useUrlParam } from '../../../components/urlState';
import { formatCount, formatDate } from '../../../format';
import { JournalDownloads } from './JournalDownloads';
import { PreparedExport } from './PreparedExport';
import { useReconciliationExport } from './useReconciliationExport';
import '../auditor.css';

const RunsQuery = graphql(`
  query AuditorExportableRuns {
    reconciliationRuns(first: 200, filter: { status: "SUCCEEDED" }) {
      edges {
        node {
          id
          schemeCode
          year
          asOf
          differenceCount
          createdAt
        }
      }
    }
  }
`);

const FORMATS: readonly ReconciliationExportFormat[] = Object.values(ReconciliationExportFormat);
const asFormat = (value: string): ReconciliationExportFormat => FORMATS.find((f) => f === value) ?? ReconciliationExportFormat.Csv;

/** Reconciliation exports (zip with a manifest) and the journal downloads, fetched with the token. */
export function Exports() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RunsQuery });
  const runs = data?.reconciliationRuns.edges.map((e) => e.node) ?? [];
  const [runParam, setRun] = useUrlParam('run');
  const runId = runParam || (runs[0]?.id ?? '');
  const [format, setFormat] = useState<ReconciliationExportFormat>(ReconciliationExportFormat.Csv);
  const exporter = useReconciliationExport();

  return (
    <>
      <PageTitle title={t('nav.auditor.exports')}>{t('nav.auditor.exports')}</PageTitle>
      <section className="card" aria-labelledby="export-run">
        <h2 id="export-run">{t('auditor.exports.heading')}</h2>
        <p className="muted">
          {t('auditor.exports.intro')} <code>npm run verify-export -- file.zip</code>.
        </p>
        <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
          {runs.length === 0 ? (
            <p className="muted">
              {t('auditor.exports.noRuns')} <Link to="/audit">{t('auditor.exports.startOne')}</Link>.
            </p>
          ) : (
            <form
              className="audit-inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                void exporter.run(runId, format);
              }}
            >
              <label>
                {t('auditor.exports.run')}
                <select
                  value={runId}
                  onChange={(e) => {
                    setRun(e.target.value);
                    exporter.clear();
                  }}
                >
                  {runs.map((r) => (
                    <option key={r.id} value={r.id}>
                      {t('auditor.exports.runOption', {
                        code: r.schemeCode,
                        year: r.year,
                        date: formatDate(r.asOf),
                        count: r.differenceCount ?? 0,
                        n: formatCount(r.differenceCount ?? 0),
                      })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('auditor.exports.format')}
                <select value={format} onChange={(e) => setFormat(asFormat(e.target.value))}>
                  {FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {t(`auditor.exports.formats.${f}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={exporter.working}>
                {exporter.working ? t('auditor.exports.busy') : t('auditor.exports.button')}
              </button>
            </form>
          )}
        </QueryState>
        {exporter.working ? (
          <p className="muted" role="status" aria-busy="true">
            {t('auditor.exports.building')}
          </p>
        ) : null}
        {exporter.failure !== null ? (
          <div className="alert" role="alert">
            <strong>{t('auditor.exports.failed')}</strong>
            <p>{exporter.failure}</p>
          </div>
        ) : null}
        {exporter.prepared ? <PreparedExport prepared={exporter.prepared} /> : null}
      </section>
      <JournalDownloads />
    </>
  );
}
