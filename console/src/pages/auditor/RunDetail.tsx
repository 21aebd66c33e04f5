import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useUrlParams } from '../../components/urlParams';
import { useClient, useMutation, useQuery } from 'urql';
import { createColumnHelper } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { AuditorRunDifferencesQuery } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { ErrorPanel, QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { fieldErrors, graphqlErrors, type ApiError } from '../../client';
import { compareDecimal, formatCount, formatDate, formatMoney } from '../../format';
import { Hash, isActive, KNOWN_CAUSES, parseTotals, RunProgress, StatusBadge, usePolling } from './common';
import './auditor.css';

const RunQuery = graphql(`
  query AuditorReconciliationRun($id: ID!) {
    reconciliationRun(id: $id) {
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
      startedAt
      finishedAt
      inputHash
      outputHash
      journalHeadHash
      journalHeadSequence
      municipalityCodes
      totals
    }
    reconciliationReproductions(runId: $id) {
      inputHash
      outputHash
      matches
      reproducedAt
      reproducedBy
    }
  }
`);

const DifferencesQuery = graphql(`
  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {
    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
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
      }
    }
  }
`);

const ReproduceMutation = graphql(`
  mutation AuditorReproduceReconciliation($runId: ID!) {
    reproduceReconciliation(runId: $runId) {
      matches
      inputHash
      outputHash
    }
  }
`);

type Difference = AuditorRunDifferencesQuery['reconciliationDifferences']['edges'][number]['node'];

/** An amount in the difference's own unit: euros the Dutch way, persons as a count. */
export function amountIn(unit: string, value: string): string {
  return unit === 'COUNT' ? formatCount(value) : formatMoney(value);
}

/** "12,5" or "12.50" → "12.50"; null when it is not a non-negative decimal. */
export function parseMinimum(text: string): string | null {
  const t = text.trim().replace(/\s/g, '').replace(/^€/, '');
  const dutch = /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(dutch) ? dutch : null;
}

function columnsFor(runId: string) {
  const column = createColumnHelper<Difference>();
  return [
    column.accessor('ordinal', {
      header: '#',
      meta: { numeric: true },
      cell: (c) => (
        <Link to={`/audit/runs/${runId}/differences/${c.getValue()}`} aria-label={`Difference ${c.getValue()}: follow it to the ledger`}>
          {c.getValue()}
        </Link>
      ),
    }),
    column.accessor('check', {
      header: 'Check',
      cell: (c) => (
        <>
          {c.getValue()}
          <br />
          <span className="muted">{c.row.original.detail}</span>
        </>
      ),
    }),
    column.accessor((d) => d.municipalityCode ?? '', { id: 'municipality', header: 'Municipality', cell: (c) => c.getValue() || '—' }),
    column.accessor('cause', { header: 'Cause', cell: (c) => <span className="badge">{c.getValue()}</span> }),
    column.accessor('expected', {
      header: 'Expected',
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.expected, b.original.expected),
      cell: (c) => amountIn(c.row.original.unit, c.getValue()),
    }),
    column.accessor('actual', {
      header: 'Actual',
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.actual, b.original.actual),
      cell: (c) => amountIn(c.row.original.unit, c.getValue()),
    }),
    column.accessor('difference', {
      header: 'Difference',
      meta: { numeric: true },
      enableGlobalFilter: false,
      sortingFn: (a, b) => compareDecimal(a.original.difference, b.original.difference),
      cell: (c) => <strong>{amountIn(c.row.original.unit, c.getValue())}</strong>,
    }),
  ];
}

/** One run: its facts, hashes and totals, reproduction, and its differences filtered by cause and size. */
export function RunDetail() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RunQuery, variables: { id } });
  const run = data?.reconciliationRun;
  const poll = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(run !== undefined && isActive(run.status), poll);
  const title = run ? `Reconciliation ${run.schemeCode} ${run.year}` : 'Reconciliation run';

  return (
    <>
      <p>
        <Link to="/audit">← All reconciliation runs</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <QueryState fetching={fetching && data === undefined} error={error}>
        {run ? (
          <>
            <section aria-labelledby="run-facts">
              <h2 id="run-facts">Run</h2>
              <dl className="audit-facts" data-testid="run-facts">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={run.status} /> {run.error ? <span className="muted">{run.error}</span> : null}
                </dd>
                <dt>Progress</dt>
                <dd>
                  <RunProgress status={run.status} done={run.progressDone} total={run.progressTotal} /> municipalities
                </dd>
                <dt>As of</dt>
                <dd>{formatDate(run.asOf)}</dd>
                <dt>Municipalities</dt>
                <dd>{run.municipalityCodes ? run.municipalityCodes.join(', ') : 'all of the scheme-year'}</dd>
                <dt>Started by</dt>
                <dd>
                  {run.createdBy}, {formatDate(run.createdAt)}
                </dd>
                <dt>Finished</dt>
                <dd>
                  {formatDate(run.finishedAt)}
                  {run.durationMs !== null && run.durationMs !== undefined ? ` (${(run.durationMs / 1000).toFixed(1)} s)` : ''}
                </dd>
                <dt>Input hash</dt>
                <dd>
                  <Hash value={run.inputHash} />
                </dd>
                <dt>Output hash</dt>
                <dd>
                  <Hash value={run.outputHash} />
                </dd>
                <dt>Journal head</dt>
                <dd>
                  {run.journalHeadSequence ? <span>sequence {run.journalHeadSequence}, </span> : null}
                  <Hash value={run.journalHeadHash} />
                </dd>
              </dl>
              <p className="buttons">
                <Link to={`/audit/exports?run=${run.id}`}>Export this run</Link>
              </p>
            </section>
            {run.status === 'SUCCEEDED' ? (
              <>
                <Differences runId={run.id} byCause={parseTotals(run.totals)?.byCause ?? {}} />
                <Totals text={run.totals} />
                <Reproductions runId={run.id} reproductions={data?.reconciliationReproductions ?? []} onDone={poll} />
              </>
            ) : isActive(run.status) ? (
              <p className="muted" role="status">
                The run is still working; its differences appear when it has finished. This page refreshes every second.
              </p>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </>
  );
}

function Totals({ text }: { text: string | null | undefined }) {
  const totals = parseTotals(text);
  if (totals === null) {
    return null;
  }
  const rows: [string, string | undefined, string | undefined][] = [
    ['Committed (net)', totals.committedExpected, totals.committedActual],
    ['Advances (net)', totals.advanceExpected, totals.advanceActual],
    ['Receivables (net)', totals.receivableExpected, totals.receivableActual],
  ];
  const causes = Object.entries(totals.byCause ?? {}).sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <section aria-labelledby="run-totals">
      <h2 id="run-totals">Totals</h2>
      <div className="table-wrap">
        <table>
          <caption>Expected and actual balances over all municipalities (Σ debit − Σ credit)</caption>
          <thead>
            <tr>
              <th scope="col">Balance</th>
              <th scope="col" className="num">
                Expected
              </th>
              <th scope="col" className="num">
                Actual
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, expected, actual]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{formatMoney(expected)}</td>
                <td className="num">{formatMoney(actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {totals.differences ?? 0} difference{totals.differences === 1 ? '' : 's'}
        {causes.length > 0 ? ': ' : '.'}
        {causes.map(([cause, n], i) => (
          <span key={cause}>
            {i > 0 ? ', ' : ''}
            {cause} {n}
          </span>
        ))}
      </p>
    </section>
  );
}

function Reproductions({
  runId,
  reproductions,
  onDone,
}: {
  runId: string;
  reproductions: { inputHash: string; outputHash: string; matches: boolean; reproducedAt: string; reproducedBy: string }[];
  onDone: () => void;
}) {
  const [{ fetching, error }, reproduce] = useMutation(ReproduceMutation);
  const [outcome, setOutcome] = useState<string | null>(null);
  async function run() {
    setOutcome(null);
    const result = await reproduce({ runId });
    if (result.data) {
      setOutcome(
        result.data.reproduceReconciliation.matches
          ? 'Reproduced: both hashes match the run.'
          : 'Reproduced: the hashes do NOT match the run.',
      );
      onDone();
    }
  }
  return (
    <section aria-labelledby="run-reproductions">
      <h2 id="run-reproductions">Reproductions</h2>
      <p className="muted">Recomputes the run from its frozen inputs with the same rules and records whether both hashes match.</p>
      <p>
        <button type="button" className="secondary" onClick={() => void run()} disabled={fetching}>
          {fetching ? 'Reproducing…' : 'Reproduce this run'}
        </button>
      </p>
      {error ? <ErrorPanel error={error} /> : null}
      {outcome !== null ? (
        <p className="notice" role="status">
          {outcome}
        </p>
      ) : null}
      {reproductions.length === 0 ? (
        <p className="muted">Not reproduced yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Reproductions of this run</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">By</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {reproductions.map((r) => (
                <tr key={`${r.reproducedAt}-${r.reproducedBy}`}>
                  <td>{formatDate(r.reproducedAt)}</td>
                  <td>{r.reproducedBy}</td>
                  <td>
                    {r.matches ? <span className="badge ok">hashes match</span> : <span className="badge danger">hashes differ</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Differences({ runId, byCause }: { runId: string; byCause: Record<string, number> }) {
  const [params, updateParams] = useUrlParams();
  const cause = params.get('cause') ?? '';
  const minimum = params.get('min') ?? '';
  const municipality = params.get('municipality') ?? '';
  const [minimumText, setMinimumText] = useState(minimum);
  const [municipalityText, setMunicipalityText] = useState(municipality);
  const [localErrors, setLocalErrors] = useState<ApiError[]>([]);
  const [search, setSearch] = useState('');

  const filter = useMemo(
    () => ({
      ...(cause ? { cause } : {}),
      ...(minimum ? { minimumAbsolute: minimum } : {}),
      ...(municipality ? { municipalityCode: municipality } : {}),
    }),
    [cause, minimum, municipality],
  );
  const variables = useMemo(() => ({ runId, filter }), [runId, filter]);
  const [{ data, fetching, error }] = useQuery({ query: DifferencesQuery, variables });
  const client = useClient();
  const [more, setMore] = useState<{ nodes: Difference[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [moreError, setMoreError] = useState<ApiError[]>([]);
  useEffect(() => {
    setMore(null);
    setMoreError([]);
  }, [variables]);

  const first = data?.reconciliationDifferences;
  const nodes = useMemo(() => [...(first?.edges.map((e) => e.node) ?? []), ...(more?.nodes ?? [])], [first, more]);
  const hasNextPage = more ? more.hasNextPage : (first?.pageInfo.hasNextPage ?? false);
  const endCursor = more ? more.endCursor : (first?.pageInfo.endCursor ?? null);

  async function loadMore() {
    const result = await client.query(DifferencesQuery, { ...variables, after: endCursor }).toPromise();
    if (result.error) {
      setMoreError(graphqlErrors(result.error));
      return;
    }
    const page = result.data?.reconciliationDifferences;
    if (page) {
      setMore({
        nodes: [...(more?.nodes ?? []), ...page.edges.map((e) => e.node)],
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      });
    }
  }

  const update = updateParams;

  function apply(e: FormEvent) {
    e.preventDefault();
    const errs: ApiError[] = [];
    let min = '';
    if (minimumText.trim() !== '') {
      const parsed = parseMinimum(minimumText);
      if (parsed === null) {
        errs.push({ code: 'BAD_USER_INPUT', field: 'minimumAbsolute', message: 'Enter an amount such as 100 or 12,50 (no minus sign).' });
      } else {
        min = parsed;
      }
    }
    const code = municipalityText.trim().toUpperCase();
    if (code !== '' && !/^GM\d{4}$/.test(code)) {
      errs.push({ code: 'BAD_USER_INPUT', field: 'municipalityCode', message: 'A municipality code looks like GM0363.' });
    }
    setLocalErrors(errs);
    if (errs.length === 0) {
      update({ min, municipality: code });
    }
  }

  const apiErrors = error ? graphqlErrors(error) : [];
  const byField = fieldErrors([...localErrors, ...apiErrors]);
  const atField = (f: string | null) => f !== null && ['minimumAbsolute', 'municipalityCode', 'cause'].includes(f.split('.').pop() ?? '');
  const apiGeneral = error && !apiErrors.every((e) => atField(e.field)) ? error : undefined;
  const causes = Array.from(new Set([...Object.keys(byCause), ...KNOWN_CAUSES]));
  const columns = useMemo(() => columnsFor(runId), [runId]);
  const filtered = cause !== '' || minimum !== '' || municipality !== '';

  return (
    <section aria-labelledby="run-differences">
      <h2 id="run-differences">Differences</h2>
      <form className="toolbar" aria-label="Filter differences" onSubmit={apply} noValidate>
        <label>
          Cause
          <select value={cause} onChange={(e) => update({ cause: e.target.value })} data-testid="cause-filter">
            <option value="">All causes</option>
            {causes.map((c) => (
              <option key={c} value={c}>
                {c}
                {byCause[c] !== undefined ? ` (${byCause[c]})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Minimum size (absolute)
          <input
            inputMode="decimal"
            value={minimumText}
            onChange={(e) => setMinimumText(e.target.value)}
            placeholder="e.g. 100,00"
            aria-invalid={byField.minimumAbsolute !== undefined}
            aria-describedby={byField.minimumAbsolute !== undefined ? 'min-error' : undefined}
          />
          {byField.minimumAbsolute !== undefined ? (
            <span id="min-error" className="field-error">
              {byField.minimumAbsolute}
            </span>
          ) : null}
        </label>
        <label>
          Municipality
          <input
            value={municipalityText}
            onChange={(e) => setMunicipalityText(e.target.value)}
            placeholder="GM0363"
            size={8}
            aria-invalid={byField.municipalityCode !== undefined}
            aria-describedby={byField.municipalityCode !== undefined ? 'muni-error' : undefined}
          />
          {byField.municipalityCode !== undefined ? (
            <span id="muni-error" className="field-error">
              {byField.municipalityCode}
            </span>
          ) : null}
        </label>
        <button type="submit">Apply</button>
        {filtered ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setMinimumText('');
              setMunicipalityText('');
              setLocalErrors([]);
              update({ cause: '', min: '', municipality: '' });
            }}
          >
            Clear filters
          </button>
        ) : null}
        <label>
          Search the rows shown
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </form>
      {apiGeneral ? <ErrorPanel error={apiGeneral} /> : null}
      <QueryState fetching={fetching && data === undefined}>
        {first ? (
          <>
            {fetching ? (
              <p className="muted" aria-busy="true">
                Updating…
              </p>
            ) : null}
            <p role="status" data-testid="difference-count">
              {first.totalCount} difference{first.totalCount === 1 ? '' : 's'}
              {filtered ? ' match the filters' : ' in this run'}.
            </p>
            <DataTable
              caption="Differences of this run (follow the # to the ledger transactions)"
              data={nodes}
              columns={columns}
              search={search}
              rowKey={(d) => String(d.ordinal)}
              testId="differences-table"
              empty={filtered ? 'No differences match these filters.' : 'This run found no differences.'}
            />
            {hasNextPage ? (
              <p>
                <button type="button" className="secondary" onClick={() => void loadMore()}>
                  Show more ({nodes.length} of {first.totalCount} shown)
                </button>
              </p>
            ) : null}
            {moreError.length > 0 ? (
              <p className="alert" role="alert">
                {moreError[0]?.message}
              </p>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
