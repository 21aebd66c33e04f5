import { useId, useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { useUrlParams } from '../../components/urlParams';
import { useClient, useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { compareDecimal, formatDate, formatDecimal, formatMoney } from '../../format';
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

const decimalSort = (a: string, b: string) => compareDecimal(a, b);

/** The allocation of every municipality in one run: sortable, filterable, each line explained. */
export function RunDetail() {
  const { runId = '', code } = useParams();
  const client = useClient();
  const [params, updateParams] = useUrlParams();
  const provinceId = useId();
  const searchId = useId();
  const [run] = useQuery({ query: RunQuery, variables: { id: runId } });
  const municipalities = useMunicipalities();
  const lines = useAllPages(`run-lines:${runId}`, async (after) => {
    const r = await client.query(RunLinesPage, { id: runId, after }).toPromise();
    const c = r.data?.allocationRun.lines;
    return {
      error: r.error,
      page: c && { nodes: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage },
    };
  });
  const province = params.get('province') ?? '';
  const search = params.get('q') ?? '';
  const setParam = (name: string, value: string) => updateParams({ [name]: value });
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
  const shown = province === '' ? rows : rows.filter((r) => r.provinceCode === province);
  const query = params.toString();
  const columns = useMemo<ColumnDef<RunRow, string>[]>(
    () => [
      { accessorKey: 'code', header: 'Code' },
      { accessorKey: 'name', header: 'Municipality' },
      { accessorKey: 'province', header: 'Province', enableGlobalFilter: false },
      {
        accessorKey: 'weight',
        header: 'Weight',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => decimalSort(a.original.weight, b.original.weight),
        cell: (c) => formatDecimal(c.getValue(), 2),
      },
      {
        accessorKey: 'amount',
        header: 'Amount',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => decimalSort(a.original.amount, b.original.amount),
        cell: (c) => <span data-testid={`amount-${c.row.original.code}`}>{formatMoney(c.getValue())}</span>,
      },
      {
        id: 'explain',
        header: 'Explanation',
        enableSorting: false,
        cell: (c) => (
          <Link
            to={`/finance/runs/${runId}/municipalities/${c.row.original.code}${query === '' ? '' : `?${query}`}`}
            aria-label={`Explain ${c.row.original.name} (${c.row.original.code})`}
          >
            Explain
          </Link>
        ),
      },
    ],
    [runId, query],
  );
  const r = run.data?.allocationRun;
  return (
    <>
      <PageTitle title={r ? `${r.schemeCode} ${r.year} run ${r.seq}` : 'Allocation run'}>
        {r ? `Allocation run ${r.seq}: ${r.schemeCode} ${r.year}` : 'Allocation run'}
      </PageTitle>
      <p>
        <Link to="/finance">← Scheme-years and runs</Link>
      </p>
      <QueryState fetching={run.fetching} error={run.error}>
        {r && (
          <p className="muted">
            Reference date {formatDate(r.referenceDate)} · made {formatDate(r.createdAt)} by {r.createdBy} · {r.municipalityCount}{' '}
            municipalities
          </p>
        )}
        {r && (
          <div className="cards">
            <div className="stat">
              <div className="label">Stage and status</div>
              <div className="value">
                {r.stage} <span className="badge">{r.status}</span>
              </div>
            </div>
            <div className="stat">
              <div className="label">Total allocated</div>
              <div className="value" data-testid="run-total">
                {formatMoney(r.totalAmount)}
              </div>
            </div>
            <div className="stat">
              <div className="label">{r.budgetMode === 'CLOSED' ? 'Macrobudget' : 'Budget line (open-ended)'}</div>
              <div className="value">{formatMoney(r.budget)}</div>
            </div>
            {r.overrun !== null && r.overrun !== undefined && (
              <div className="stat">
                <div className="label">Overrun (Σ − budget)</div>
                <div className="value">{formatMoney(r.overrun)}</div>
              </div>
            )}
          </div>
        )}
      </QueryState>
      {code !== undefined && <Outlet context={new Map(rows.map((row) => [row.code, row.name]))} />}
      <h2>Allocation per municipality</h2>
      <QueryState fetching={lines.fetching || municipalities.fetching} error={lines.error ?? municipalities.error}>
        <div className="toolbar">
          <label htmlFor={provinceId}>
            Province
            <select id={provinceId} value={province} onChange={(e) => setParam('province', e.target.value)}>
              <option value="">All provinces</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={searchId}>
            Search name or code
            <input id={searchId} type="search" value={search} onChange={(e) => setParam('q', e.target.value)} />
          </label>
        </div>
        <DataTable
          caption={`Allocation per municipality${province === '' ? '' : ` in ${provinces.find((p) => p.code === province)?.name ?? province}`}`}
          data={shown}
          columns={columns}
          search={search}
          rowKey={(row) => row.code}
          initialSorting={[{ id: 'amount', desc: true }]}
          testId="allocation-table"
        />
      </QueryState>
    </>
  );
}
