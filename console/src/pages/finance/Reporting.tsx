import { useId, useMemo } from 'react';
import { useClient } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import type { AccountabilityOverviewFilter, ReportStatus } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { useUrlParam } from '../../components/urlState';
import { formatCount, formatDate } from '../../format';
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
  latestStatus?: ReportStatus | null;
  latestVersion?: number | null;
  differencesBeyondTolerance: number;
  province?: string;
};

const FILTERS = ['all', 'submitted', 'notSubmitted', 'late', 'overdue', 'tolerance'] as const;
type Which = (typeof FILTERS)[number];
const FILTER: Record<Which, AccountabilityOverviewFilter | null> = {
  all: null,
  submitted: { submitted: true },
  notSubmitted: { submitted: false },
  late: { late: true },
  overdue: { overdue: true },
  tolerance: { beyondTolerance: true },
};
const asWhich = (value: string): Which => ((FILTERS as readonly string[]).includes(value) ? (value as Which) : 'all');

/** A municipality's reporting status in words, with the badge class that goes with it. */
export function statusOf(t: TFunction, r: StatusRow): { text: string; tone: string } {
  if (r.overdue) {
    return { text: t('finance.reporting.state.overdue'), tone: 'danger' };
  }
  if (!r.submitted) {
    return { text: r.latestStatus === 'DRAFT' ? t('finance.reporting.state.draft') : t('finance.reporting.state.notReported'), tone: '' };
  }
  const status =
    r.latestStatus === 'ACCEPTED'
      ? t('finance.reporting.state.accepted')
      : r.latestStatus === 'REJECTED'
        ? t('finance.reporting.state.rejected')
        : r.latestStatus === 'DRAFT'
          ? t('finance.reporting.state.correctionDraft')
          : t('finance.reporting.state.submitted');
  return {
    text: r.late ? t('finance.reporting.state.late', { status }) : status,
    tone: r.late || r.latestStatus === 'REJECTED' ? 'warn' : 'ok',
  };
}

/** Who has reported (SiSa accountability) and who is late, per scheme-year. */
export function Reporting() {
  const { t } = useTranslation();
  const choice = useSchemeYearChoice(({ runs }) => [(s) => runs.some((r) => r.year === s.year)]);
  const client = useClient();
  const filterId = useId();
  const searchId = useId();
  const [whichParam, setWhich] = useUrlParam('status');
  const [search, setSearch] = useUrlParam('q');
  const which = asWhich(whichParam);
  const filter = FILTER[which];
  const scheme = choice.selected;
  const key = scheme === null ? null : `overview:${scheme.code}:${scheme.year}:${which}`;
  const overview = useAllPages<StatusRow>(key, async (after) => {
    const r = await client
      .query(OverviewPage, { schemeCode: scheme?.code ?? '', year: scheme?.year ?? 0, filter, after }, { requestPolicy: 'network-only' })
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
      { accessorKey: 'municipalityCode', header: t('common.code') },
      { accessorKey: 'municipalityName', header: t('common.municipality') },
      { accessorKey: 'province', header: t('common.province'), enableGlobalFilter: false },
      {
        id: 'status',
        accessorFn: (r) => statusOf(t, r).text,
        header: t('common.status'),
        enableGlobalFilter: false,
        cell: (c) => {
          const s = statusOf(t, c.row.original);
          return (
            <span className={`badge ${s.tone}`.trim()} data-testid={`status-${c.row.original.municipalityCode}`}>
              {s.text}
            </span>
          );
        },
      },
      {
        id: 'version',
        accessorFn: (r) => String(r.latestVersion ?? ''),
        header: t('common.version'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        cell: (c) => c.row.original.latestVersion ?? '—',
      },
      {
        id: 'differences',
        accessorFn: (r) => String(r.differencesBeyondTolerance),
        header: t('finance.reporting.differences'),
        meta: { numeric: true, sum: 'count' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => a.original.differencesBeyondTolerance - b.original.differencesBeyondTolerance,
      },
    ],
    [t],
  );
  const count = (p: (r: StatusRow) => boolean) => formatCount(rows.filter(p).length);
  return (
    <>
      <PageTitle title={t('finance.reporting.title')}>{t('finance.reporting.heading')}</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        {scheme && (
          <p>
            {t('finance.reporting.deadline', { code: scheme.code, year: scheme.year })}{' '}
            <strong data-testid="deadline">{formatDate(scheme.accountabilityDeadline)}</strong>
          </p>
        )}
        <div className="toolbar">
          <label htmlFor={filterId}>
            {t('common.status')}
            <select id={filterId} value={which} onChange={(e) => setWhich(e.target.value === 'all' ? '' : e.target.value)}>
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {t(`finance.reporting.filter.${f}`)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={searchId}>
            {t('common.searchNameOrCode')}
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
        </div>
        <QueryState fetching={overview.fetching} error={overview.error}>
          {which === 'all' && (
            <div className="cards" data-testid="reporting-summary">
              <div className="stat">
                <div className="label">{t('finance.reporting.summary.reported')}</div>
                <div className="value">{count((r) => r.submitted)}</div>
              </div>
              <div className="stat">
                <div className="label">{t('finance.reporting.summary.late')}</div>
                <div className="value">{count((r) => r.late)}</div>
              </div>
              <div className="stat">
                <div className="label">{t('finance.reporting.summary.overdue')}</div>
                <div className="value">{count((r) => r.overdue)}</div>
              </div>
              <div className="stat">
                <div className="label">{t('finance.reporting.summary.notYet')}</div>
                <div className="value">{count((r) => !r.submitted && !r.overdue)}</div>
              </div>
            </div>
          )}
          <DataTable
            caption={t('finance.reporting.caption', { filter: t(`finance.reporting.filter.${which}`).toLowerCase() })}
            data={rows}
            columns={columns}
            search={search}
            rowKey={(r) => r.municipalityCode}
            initialSorting={[{ id: 'municipalityName', desc: false }]}
            testId="reporting-table"
            csvName={scheme ? `reporting-${scheme.code}-${scheme.year}` : 'reporting'}
            empty={t('finance.reporting.empty')}
          />
        </QueryState>
      </QueryState>
    </>
  );
}
