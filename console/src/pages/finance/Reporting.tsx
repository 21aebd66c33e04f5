import { useId, useMemo, useState } from 'react';
import { useClient } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { AccountabilityOverviewFilter } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../format';
import { SchemeYearPicker, useSchemeYear } from './SchemeYearPicker';
import { useAllPages, useMunicipalities } from './paging';
import './finance.css';

const OverviewPage = graphql(`
  query FinanceAccountabilityOverview($schemeCode: String!, $year: Int!, $filter: AccountabilityOverviewFilter, $after: String) {
    accountabilityOverview(schemeCode: $schemeCode, year: $year, filter: $filter, first: 500, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          municipalityCode
          municipalityName
          provinceCode
          submitted
          late
          overdue
          latestStatus
          latestVersion
          differencesBeyondTolerance
        }
      }
    }
  }
`);

type StatusRow = {
  municipalityCode: string;
  municipalityName: string;
  provinceCode: string;
  submitted: boolean;
  late: boolean;
  overdue: boolean;
  latestStatus?: string | null;
  latestVersion?: number | null;
  differencesBeyondTolerance: number;
  province?: string;
};

const FILTERS: { value: string; label: string; filter: AccountabilityOverviewFilter | null }[] = [
  { value: 'all', label: 'Everyone', filter: null },
  { value: 'submitted', label: 'Reported (submitted)', filter: { submitted: true } },
  { value: 'not-submitted', label: 'Not reported yet', filter: { submitted: false } },
  { value: 'late', label: 'Reported late', filter: { late: true } },
  { value: 'overdue', label: 'Overdue (deadline passed, nothing submitted)', filter: { overdue: true } },
  { value: 'tolerance', label: 'Differences beyond tolerance', filter: { beyondTolerance: true } },
];

/** A municipality's reporting status in words, with the badge class that goes with it. */
export function statusOf(r: StatusRow): { text: string; tone: string } {
  if (r.overdue) {
    return { text: 'Overdue', tone: 'danger' };
  }
  if (!r.submitted) {
    return { text: r.latestStatus === 'DRAFT' ? 'Draft, not submitted' : 'Not reported yet', tone: '' };
  }
  const status =
    r.latestStatus === 'ACCEPTED'
      ? 'Accepted'
      : r.latestStatus === 'REJECTED'
        ? 'Rejected'
        : r.latestStatus === 'DRAFT'
          ? 'Correction in draft'
          : 'Submitted';
  return { text: r.late ? `${status} (late)` : status, tone: r.late || r.latestStatus === 'REJECTED' ? 'warn' : 'ok' };
}

/** Who has reported (SiSa accountability) and who is late, per scheme-year. */
export function Reporting() {
  const choice = useSchemeYear();
  const client = useClient();
  const filterId = useId();
  const searchId = useId();
  const [which, setWhich] = useState('all');
  const [search, setSearch] = useState('');
  const filter = FILTERS.find((f) => f.value === which)?.filter ?? null;
  const scheme = choice.scheme;
  const key = scheme === undefined ? null : `overview:${scheme.code}:${choice.year}:${which}`;
  const overview = useAllPages<StatusRow>(key, async (after) => {
    const r = await client
      .query(OverviewPage, { schemeCode: scheme?.code ?? '', year: choice.year ?? 0, filter, after }, { requestPolicy: 'network-only' })
      .toPromise();
    const c = r.data?.accountabilityOverview;
    return {
      error: r.error,
      page: c && { nodes: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage },
    };
  });
  const municipalities = useMunicipalities();
  const provinceName = useMemo(() => new Map((municipalities.data ?? []).map((m) => [m.provinceCode, m.province])), [municipalities.data]);
  const rows = useMemo(
    () => (overview.data ?? []).map((r) => ({ ...r, province: provinceName.get(r.provinceCode) ?? r.provinceCode })),
    [overview.data, provinceName],
  );
  const columns = useMemo<ColumnDef<StatusRow, string>[]>(
    () => [
      { accessorKey: 'municipalityCode', header: 'Code' },
      { accessorKey: 'municipalityName', header: 'Municipality' },
      { accessorKey: 'province', header: 'Province', enableGlobalFilter: false },
      {
        id: 'status',
        accessorFn: (r) => statusOf(r).text,
        header: 'Status',
        enableGlobalFilter: false,
        cell: (c) => {
          const s = statusOf(c.row.original);
          return (
            <span className={`badge ${s.tone}`} data-testid={`status-${c.row.original.municipalityCode}`}>
              {s.text}
            </span>
          );
        },
      },
      {
        id: 'version',
        accessorFn: (r) => String(r.latestVersion ?? ''),
        header: 'Version',
        meta: { numeric: true },
        enableGlobalFilter: false,
        cell: (c) => c.row.original.latestVersion ?? '—',
      },
      {
        id: 'differences',
        accessorFn: (r) => String(r.differencesBeyondTolerance),
        header: 'Differences beyond tolerance',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => a.original.differencesBeyondTolerance - b.original.differencesBeyondTolerance,
      },
    ],
    [],
  );
  const count = (p: (r: StatusRow) => boolean) => rows.filter(p).length;
  return (
    <>
      <PageTitle title="Reporting status">Reporting status (SiSa accountability)</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error}>
        <SchemeYearPicker state={choice} />
        {scheme && (
          <p>
            Deadline for {scheme.code} {choice.year}: <strong data-testid="deadline">{formatDate(scheme.accountabilityDeadline)}</strong>
          </p>
        )}
        <div className="toolbar">
          <label htmlFor={filterId}>
            Status
            <select id={filterId} value={which} onChange={(e) => setWhich(e.target.value)}>
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={searchId}>
            Search name or code
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
        </div>
        <QueryState fetching={overview.fetching} error={overview.error}>
          {which === 'all' && (
            <div className="cards" data-testid="reporting-summary">
              <div className="stat">
                <div className="label">Reported</div>
                <div className="value">{count((r) => r.submitted)}</div>
              </div>
              <div className="stat">
                <div className="label">Reported late</div>
                <div className="value">{count((r) => r.late)}</div>
              </div>
              <div className="stat">
                <div className="label">Overdue</div>
                <div className="value">{count((r) => r.overdue)}</div>
              </div>
              <div className="stat">
                <div className="label">Not reported yet (before the deadline)</div>
                <div className="value">{count((r) => !r.submitted && !r.overdue)}</div>
              </div>
            </div>
          )}
          <DataTable
            caption={`Reporting status: ${FILTERS.find((f) => f.value === which)?.label.toLowerCase() ?? ''}`}
            data={rows}
            columns={columns}
            search={search}
            rowKey={(r) => r.municipalityCode}
            initialSorting={[{ id: 'municipalityName', desc: false }]}
            testId="reporting-table"
            empty="No municipality matches this status."
          />
        </QueryState>
      </QueryState>
    </>
  );
}
