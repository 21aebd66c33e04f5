import { useId, useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { StatusBadge, useStageLabel } from '../../components/StatusBadge';
import { useUrlParam, useUrlParams } from '../../components/urlState';
import { compareDecimal, formatCount, formatDate, formatDecimal, formatMoney } from '../../format';
import { provincesOf, useAllPages, useMunicipalities } from './paging';
import './finance.css';

const RunQuery = graphql(`
  query FinanceAllocationRun($id: String!) {
    allocationRun(id: $id) {
      id
      seq
      schemeCode
      year
      stage
      status
      budget
      budgetMode
      totalAmount
      totalWeight
      overrun
      municipalityCount
      referenceDate
      ruleVersionId
      createdAt
      createdBy
    }
  }
`);

const RunLinesPage = graphql(`
  query FinanceAllocationRunLines($id: String!, $after: String) {
    allocationRun(id: $id) {
      id
      lines(first: 500, after: $after) {
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          node {
            municipalityCode
            amount
            weight
            exactShare
            adjustment
            decisionNumber
          }
        }
      }
    }
  }
`);

export interface RunRow {
  code: string;
  name: string;
  province: string;
  provinceCode: string;
  amount: string;
  weight: string;
  adjustment: string;
  decisionNumber: string;
}

/** The allocation of every municipality in one run: sortable, filterable, each line explained. */
export function RunDetail() {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const { runId = '', code } = useParams();
  const client = useClient();
  const [params] = useUrlParams();
  const [province, setProvince] = useUrlParam('province');
  const [search, setSearch] = useUrlParam('q');
  const provinceId = useId();
  const searchId = useId();
  const [run, reexecute] = useQuery({ query: RunQuery, variables: { id: runId } });
  const municipalities = useMunicipalities();
  const lines = useAllPages(`run-lines:${runId}`, async (after) => {
    const r = await client.query(RunLinesPage, { id: runId, after }).toPromise();
    const c = r.data?.allocationRun.lines;
    return {
      error: r.error,
      page: c && { nodes: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage },
    };
  });
  const rows: RunRow[] = useMemo(
    () =>
      (lines.data ?? []).map((line) => {
        const m = municipalities.byCode.get(line.municipalityCode);
        return {
          code: line.municipalityCode,
          name: m?.name ?? line.municipalityCode,
          province: m?.province ?? '—',
          provinceCode: m?.provinceCode ?? '',
          amount: line.amount,
          weight: line.weight,
          adjustment: line.adjustment,
          decisionNumber: line.decisionNumber,
        };
      }),
    [lines.data, municipalities.byCode],
  );
  const provinces = provincesOf(rows.map((r) => ({ code: r.code, name: r.name, province: r.province, provinceCode: r.provinceCode })));
  const shown = useMemo(() => (province === '' ? rows : rows.filter((r) => r.provinceCode === province)), [rows, province]);
  const query = params.toString();
  const columns = useMemo<ColumnDef<RunRow, string>[]>(
    () => [
      { accessorKey: 'code', header: t('common.code') },
      { accessorKey: 'name', header: t('common.municipality') },
      { accessorKey: 'province', header: t('common.province'), enableGlobalFilter: false },
      {
        accessorKey: 'weight',
        header: t('finance.run.weight'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.weight, b.original.weight),
        cell: (c) => formatDecimal(c.getValue(), 2),
      },
      {
        accessorKey: 'amount',
        header: t('common.amount'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.amount, b.original.amount),
        cell: (c) => <span data-testid={`amount-${c.row.original.code}`}>{formatMoney(c.getValue())}</span>,
      },
      { accessorKey: 'decisionNumber', header: t('finance.run.decisionNumber'), enableGlobalFilter: false },
      {
        id: 'explain',
        header: t('finance.run.explanation'),
        enableSorting: false,
        cell: (c) => (
          <Link
            to={`/finance/runs/${runId}/municipalities/${c.row.original.code}${query === '' ? '' : `?${query}`}`}
            aria-label={t('finance.run.explainLabel', { name: c.row.original.name, code: c.row.original.code })}
          >
            {t('finance.run.explain')}
          </Link>
        ),
      },
    ],
    [runId, query, t],
  );
  const r = run.data?.allocationRun;
  const provinceName = provinces.find((p) => p.code === province)?.name ?? province;
  return (
    <>
      <PageTitle title={r ? t('finance.run.documentTitle', { code: r.schemeCode, year: r.year, seq: r.seq }) : t('finance.run.titleEmpty')}>
        {r ? t('finance.run.heading', { code: r.schemeCode, year: r.year, seq: r.seq }) : t('finance.run.titleEmpty')}
      </PageTitle>
      <p>
        <Link to="/finance">← {t('nav.finance.schemeYears')}</Link>
      </p>
      <QueryState fetching={run.fetching} error={run.error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {r && (
          <p className="muted">
            {t('finance.run.facts', {
              date: formatDate(r.referenceDate),
              created: formatDate(r.createdAt),
              by: r.createdBy,
              count: r.municipalityCount,
              municipalities: formatCount(r.municipalityCount),
            })}
          </p>
        )}
        {r && (
          <div className="cards">
            <div className="stat">
              <div className="label">{t('finance.run.stageAndStatus')}</div>
              <div className="value">
                {stageLabel(r.stage)} <StatusBadge status={r.status} />
              </div>
            </div>
            <div className="stat">
              <div className="label">{t('finance.run.totalAllocated')}</div>
              <div className="value" data-testid="run-total">
                {formatMoney(r.totalAmount)}
              </div>
            </div>
            <div className="stat">
              <div className="label">{r.budgetMode === 'CLOSED' ? t('finance.run.macrobudget') : t('finance.run.budgetLine')}</div>
              <div className="value">{formatMoney(r.budget)}</div>
            </div>
            {r.overrun !== null && r.overrun !== undefined && (
              <div className="stat">
                <div className="label">{t('finance.run.overrun')}</div>
                <div className="value">{formatMoney(r.overrun)}</div>
              </div>
            )}
          </div>
        )}
      </QueryState>
      {code !== undefined && <Outlet context={new Map(rows.map((row) => [row.code, row.name]))} />}
      <h2>{t('finance.run.perMunicipality')}</h2>
      <QueryState fetching={lines.fetching || municipalities.fetching} error={lines.error ?? municipalities.error}>
        <div className="toolbar">
          <label htmlFor={provinceId}>
            {t('common.province')}
            <select id={provinceId} value={province} onChange={(e) => setProvince(e.target.value)}>
              <option value="">{t('finance.run.allProvinces')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={searchId}>
            {t('common.searchNameOrCode')}
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
        </div>
        <DataTable
          caption={province === '' ? t('finance.run.perMunicipality') : t('finance.run.perMunicipalityIn', { province: provinceName })}
          data={shown}
          columns={columns}
          search={search}
          rowKey={(row) => row.code}
          initialSorting={[{ id: 'amount', desc: true }]}
          testId="allocation-table"
          csvName={r ? `allocation-${r.schemeCode}-${r.year}-run-${r.seq}` : 'allocation'}
        />
      </QueryState>
    </>
  );
}
