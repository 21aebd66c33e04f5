import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { createColumnHelper } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { StatusBadge, useStatusLabel } from '../../components/StatusBadge';
import { useSchemeYears } from '../../components/SchemeYearPicker';
import { useUrlParam } from '../../components/urlState';
import { fieldErrors, graphqlErrors, type ApiError } from '../../client';
import { formatCount, formatDate, formatDecimal } from '../../format';
import type { AuditorReconciliationRunsQuery } from '../../gql/graphql';
import { isActive, RunProgress, RUN_STATUSES, usePolling } from './common';
import './auditor.css';

const RunsQuery = graphql(`
  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {
    reconciliationRuns(first: 200, filter: $filter) {
      totalCount
      edges {
        node {
          ...AuditorRunSummary
        }
      }
    }
  }
`);

const StartMutation = graphql(`
  mutation AuditorStartReconciliation($input: StartReconciliationInput!) {
    startReconciliation(input: $input) {
      id
      status
      schemeCode
      year
    }
  }
`);

type Run = AuditorReconciliationRunsQuery['reconciliationRuns']['edges'][number]['node'];

function useRuns(filter: { schemeCode?: string; year?: number; status?: string }) {
  const variables = useMemo(() => ({ filter }), [filter]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: RunsQuery, variables });
  const runs = data?.reconciliationRuns.edges.map((e) => e.node);
  return { runs, totalCount: data?.reconciliationRuns.totalCount ?? 0, fetching: fetching && data === undefined, error, refetch };
}

const column = createColumnHelper<Run>();
function runColumns(t: TFunction, statusLabel: (s: string) => string) {
  return [
    column.accessor((r) => `${r.schemeCode} ${r.year}`, {
      id: 'scheme',
      header: t('auditor.runs.schemeYear'),
      cell: (c) => (
        <Link
          to={`/audit/runs/${c.row.original.id}`}
          aria-label={t('auditor.runs.runLabel', {
            code: c.row.original.schemeCode,
            year: c.row.original.year,
            date: formatDate(c.row.original.createdAt),
          })}
        >
          <span className="nowrap">{c.getValue()}</span>
        </Link>
      ),
    }),
    column.accessor('status', {
      header: t('common.status'),
      cell: (c) => (
        <>
          <StatusBadge status={c.getValue()} />
          {c.row.original.error ? <span className="muted"> {c.row.original.error}</span> : null}
        </>
      ),
      meta: { csv: (r) => statusLabel(r.status) },
    }),
    column.accessor('progressDone', {
      header: t('auditor.run.progress'),
      enableGlobalFilter: false,
      cell: (c) => <RunProgress status={c.row.original.status} done={c.row.original.progressDone} total={c.row.original.progressTotal} />,
      meta: { csv: (r) => `${r.progressDone}/${r.progressTotal}` },
    }),
    column.accessor((r) => r.differenceCount ?? -1, {
      id: 'differences',
      header: t('auditor.runs.differences'),
      meta: { numeric: true, csv: (r) => (r.differenceCount === null || r.differenceCount === undefined ? '' : String(r.differenceCount)) },
      enableGlobalFilter: false,
      cell: (c) =>
        c.row.original.differenceCount === null || c.row.original.differenceCount === undefined
          ? '—'
          : formatCount(c.row.original.differenceCount),
    }),
    column.accessor('asOf', { header: t('auditor.run.asOf'), cell: (c) => formatDate(c.getValue()), enableGlobalFilter: false }),
    column.accessor('createdBy', { header: t('auditor.run.startedBy') }),
    column.accessor('durationMs', {
      header: t('auditor.runs.duration'),
      meta: { numeric: true, csv: (r) => (r.durationMs === null || r.durationMs === undefined ? '' : String(r.durationMs)) },
      enableGlobalFilter: false,
      cell: (c) =>
        c.getValue() === null || c.getValue() === undefined
          ? '—'
          : t('auditor.seconds', { value: formatDecimal(((c.getValue() ?? 0) / 1000).toFixed(3), 1) }),
    }),
  ];
}

/** Reconciliation runs with status and progress; an auditor may queue a new one. */
export function ReconciliationRuns() {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [schemeYear, setSchemeYear] = useUrlParam('schemeYear');
  const [status, setStatus] = useUrlParam('status');
  const filter = useMemo(() => {
    const [code, year] = schemeYear.split('|');
    return {
      ...(code ? { schemeCode: code, year: Number(year) } : {}),
      ...(status ? { status } : {}),
    };
  }, [schemeYear, status]);
  const { runs, totalCount, fetching, error, refetch } = useRuns(filter);
  const { schemes: schemeYears } = useSchemeYears();
  const columns = useMemo(() => runColumns(t, statusLabel), [t, statusLabel]);

  const anyActive = (runs ?? []).some((r) => isActive(r.status));
  const poll = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(anyActive, poll);

  return (
    <>
      <PageTitle title={t('nav.auditor.runs')}>{t('nav.auditor.runs')}</PageTitle>
      <form className="toolbar" role="search" aria-label={t('auditor.runs.filterLabel')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('auditor.runs.schemeYear')}
          <select value={schemeYear} onChange={(e) => setSchemeYear(e.target.value)}>
            <option value="">{t('auditor.runs.all')}</option>
            {schemeYears.map((s) => (
              <option key={s.id} value={`${s.code}|${s.year}`}>
                {s.code} {s.year}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('common.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('auditor.runs.all')}</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState fetching={fetching} error={error} retry={poll}>
        {anyActive ? (
          <p className="muted" role="status">
            {t('auditor.runs.inProgress')}
          </p>
        ) : null}
        <div className="audit-runs-table">
          <DataTable
            caption={t('auditor.runs.caption')}
            data={runs ?? []}
            columns={columns}
            rowKey={(r) => r.id}
            testId="runs-table"
            csvName="reconciliation-runs"
            empty={t('auditor.runs.none')}
          />
        </div>
        {totalCount > (runs?.length ?? 0) ? (
          <p className="muted">{t('auditor.runs.newestOf', { shown: runs?.length ?? 0, total: totalCount })}</p>
        ) : null}
      </QueryState>
      <StartReconciliation schemeYears={schemeYears} onStarted={poll} />
    </>
  );
}

/** Queue a reconciliation of a scheme-year (AUDITOR and FINANCE_OFFICER may; docs/reconciliation.md). */
function StartReconciliation({
  schemeYears,
  onStarted,
}: {
  schemeYears: readonly { id: string; code: string; year: number }[];
  onStarted: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  const [asOf, setAsOf] = useState('');
  const [errors, setErrors] = useState<ApiError[]>([]);
  const [started, setStarted] = useState<string | null>(null);
  const [{ fetching }, start] = useMutation(StartMutation);
  const selected = choice !== '' ? choice : schemeYears[0] ? `${schemeYears[0].code}|${schemeYears[0].year}` : '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStarted(null);
    const [schemeCode, year] = selected.split('|');
    if (!schemeCode) {
      setErrors([{ code: 'BAD_USER_INPUT', message: t('auditor.start.chooseSchemeYear'), field: 'schemeCode' }]);
      return;
    }
    let asOfIso: string | undefined;
    if (asOf !== '') {
      const moment = new Date(asOf);
      if (Number.isNaN(moment.getTime())) {
        setErrors([{ code: 'BAD_USER_INPUT', message: t('auditor.start.invalidMoment'), field: 'asOf' }]);
        return;
      }
      asOfIso = moment.toISOString();
    }
    const result = await start({ input: { schemeCode, year: Number(year), ...(asOfIso ? { asOf: asOfIso } : {}) } });
    if (result.error) {
      setErrors(graphqlErrors(result.error));
      return;
    }
    setErrors([]);
    const run = result.data?.startReconciliation;
    setStarted(run ? t('auditor.start.queued', { code: run.schemeCode, year: run.year }) : null);
    onStarted();
  }

  const byField = fieldErrors(errors);
  const atField = (e: ApiError) => e.field !== null && ['asOf', 'schemeCode'].includes(e.field.split('.').pop() ?? '');
  const general = errors.filter((e) => !atField(e));
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">{t('auditor.start.heading')}</h2>
      <p className="muted">{t('auditor.start.intro')}</p>
      <form className="audit-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {t('auditor.runs.schemeYear')}
          <select
            value={selected}
            onChange={(e) => setChoice(e.target.value)}
            aria-invalid={byField.schemeCode !== undefined || byField.year !== undefined}
            aria-describedby={byField.schemeCode !== undefined ? 'start-scheme-error' : undefined}
          >
            {schemeYears.map((s) => (
              <option key={s.id} value={`${s.code}|${s.year}`}>
                {s.code} {s.year}
              </option>
            ))}
          </select>
          {byField.schemeCode !== undefined ? (
            <span id="start-scheme-error" className="field-error">
              {byField.schemeCode}
            </span>
          ) : null}
        </label>
        <label>
          {t('auditor.start.asOf')}
          <input
            type="datetime-local"
            value={asOf}
            onChange={(e) => setAsOf(e.target.value)}
            aria-invalid={byField.asOf !== undefined}
            aria-describedby={byField.asOf !== undefined ? 'start-asof-error' : undefined}
          />
          {byField.asOf !== undefined ? (
            <span id="start-asof-error" className="field-error">
              {byField.asOf}
            </span>
          ) : null}
        </label>
        <button type="submit" disabled={fetching || schemeYears.length === 0}>
          {fetching ? t('auditor.start.busy') : t('auditor.start.button')}
        </button>
      </form>
      {general.length > 0 ? (
        <div className="alert" role="alert">
          <strong>{t('auditor.start.notStarted')}</strong>
          <ul>
            {general.map((e, i) => (
              <li key={i}>
                {e.message} <code>{e.code}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {started !== null ? (
        <p className="notice" role="status">
          {started}
        </p>
      ) : null}
    </section>
  );
}
