import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { createColumnHelper } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { fieldErrors, graphqlErrors, type ApiError } from '../../client';
import { formatDate } from '../../format';
import type { AuditorReconciliationRunsQuery } from '../../gql/graphql';
import { isActive, RunProgress, StatusBadge, usePolling } from './common';
import './auditor.css';

const RunsQuery = graphql(`
  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {
    reconciliationRuns(first: 200, filter: $filter) {
      totalCount
      edges {
        node {
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
      }
    }
  }
`);

const SchemesQuery = graphql(`
  query AuditorSchemes {
    schemes {
      id
      code
      name
      year
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
const columns = [
  column.accessor((r) => `${r.schemeCode} ${r.year}`, {
    id: 'scheme',
    header: 'Scheme-year',
    cell: (c) => (
      <Link
        to={`/audit/runs/${c.row.original.id}`}
        aria-label={`Run ${c.row.original.schemeCode} ${c.row.original.year} of ${formatDate(c.row.original.createdAt)}`}
      >
        <span className="nowrap">{c.getValue()}</span>
      </Link>
    ),
  }),
  column.accessor('status', {
    header: 'Status',
    cell: (c) => (
      <>
        <StatusBadge status={c.getValue()} />
        {c.row.original.error ? <span className="muted"> {c.row.original.error}</span> : null}
      </>
    ),
  }),
  column.accessor('progressDone', {
    header: 'Progress',
    enableGlobalFilter: false,
    cell: (c) => <RunProgress status={c.row.original.status} done={c.row.original.progressDone} total={c.row.original.progressTotal} />,
  }),
  column.accessor((r) => r.differenceCount ?? -1, {
    id: 'differences',
    header: 'Differences',
    meta: { numeric: true },
    enableGlobalFilter: false,
    cell: (c) =>
      c.row.original.differenceCount === null || c.row.original.differenceCount === undefined ? '—' : c.row.original.differenceCount,
  }),
  column.accessor('asOf', { header: 'As of', cell: (c) => formatDate(c.getValue()), enableGlobalFilter: false }),
  column.accessor('createdBy', { header: 'Started by' }),
  column.accessor('durationMs', {
    header: 'Duration',
    meta: { numeric: true },
    enableGlobalFilter: false,
    cell: (c) => (c.getValue() === null || c.getValue() === undefined ? '—' : `${((c.getValue() ?? 0) / 1000).toFixed(1)} s`),
  }),
];

/** Reconciliation runs with status and progress; an auditor may queue a new one. */
export function ReconciliationRuns() {
  const [schemeYear, setSchemeYear] = useState('');
  const [status, setStatus] = useState('');
  const filter = useMemo(() => {
    const [code, year] = schemeYear.split('|');
    return {
      ...(code ? { schemeCode: code, year: Number(year) } : {}),
      ...(status ? { status } : {}),
    };
  }, [schemeYear, status]);
  const { runs, totalCount, fetching, error, refetch } = useRuns(filter);
  const [schemes] = useQuery({ query: SchemesQuery });
  const schemeYears = [...(schemes.data?.schemes ?? [])].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));

  const anyActive = (runs ?? []).some((r) => isActive(r.status));
  const poll = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(anyActive, poll);

  return (
    <>
      <PageTitle title="Reconciliation runs">Reconciliation runs</PageTitle>
      <form className="toolbar" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Scheme-year
          <select value={schemeYear} onChange={(e) => setSchemeYear(e.target.value)}>
            <option value="">All</option>
            {schemeYears.map((s) => (
              <option key={s.id} value={`${s.code}|${s.year}`}>
                {s.code} {s.year}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState fetching={fetching} error={error}>
        {anyActive ? (
          <p className="muted" role="status">
            A run is in progress; this list refreshes every second.
          </p>
        ) : null}
        <div className="audit-runs-table">
          <DataTable
            caption="Reconciliation runs, newest first"
            data={runs ?? []}
            columns={columns}
            rowKey={(r) => r.id}
            testId="runs-table"
            empty="No reconciliation runs yet."
          />
        </div>
        {totalCount > (runs?.length ?? 0) ? (
          <p className="muted">
            Showing the newest {runs?.length} of {totalCount} runs; narrow the list with the filters above.
          </p>
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
  schemeYears: { id: string; code: string; year: number }[];
  onStarted: () => void;
}) {
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
      setErrors([{ code: 'BAD_USER_INPUT', message: 'Choose a scheme-year.', field: 'schemeCode' }]);
      return;
    }
    let asOfIso: string | undefined;
    if (asOf !== '') {
      const moment = new Date(asOf);
      if (Number.isNaN(moment.getTime())) {
        setErrors([{ code: 'BAD_USER_INPUT', message: 'Enter a valid date and time.', field: 'asOf' }]);
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
    setStarted(run ? `Queued a reconciliation of ${run.schemeCode} ${run.year}.` : null);
    onStarted();
  }

  const byField = fieldErrors(errors);
  const atField = (e: ApiError) => e.field !== null && ['asOf', 'schemeCode'].includes(e.field.split('.').pop() ?? '');
  const general = errors.filter((e) => !atField(e));
  return (
    <section className="card" aria-labelledby="start-heading">
      <h2 id="start-heading">Start a reconciliation</h2>
      <p className="muted">
        Freezes the inputs as of the moment you choose (default now) and compares every balance with the ledger and the reports.
      </p>
      <form className="audit-inline-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Scheme-year
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
          As of (optional)
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
          {fetching ? 'Starting…' : 'Start reconciliation'}
        </button>
      </form>
      {general.length > 0 ? (
        <div className="alert" role="alert">
          <strong>The reconciliation was not started</strong>
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
