import { useMemo, useState, useId } from 'react';
import { useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { compareDecimal, formatDate, formatDecimal, formatMoney } from '../../format';
import { SchemeYearPicker, useSchemeYear } from './SchemeYearPicker';
import { useMunicipalities } from './paging';
import { signOf } from './money';
import './finance.css';

const OverrunQuery = graphql(`
  query FinanceOverrunView($schemeCode: String!, $year: Int!, $runId: ID, $settlementId: ID) {
    overrunView(schemeCode: $schemeCode, year: $year, allocationRunId: $runId, settlementId: $settlementId) {
      allocationRunId
      settlementId
      budget
      total
      overrun
      percentage
      lines {
        municipalityCode
        entitlement
        afterCut
        reduction
      }
    }
    allocationRuns(schemeCode: $schemeCode, year: $year) {
      id
      seq
      stage
      status
      budgetMode
      budget
      totalAmount
      overrun
    }
  }
`);

const SettlementsQuery = graphql(`
  query FinanceOverrunSettlements($schemeCode: String!, $year: Int!) {
    settlements(schemeCode: $schemeCode, year: $year) {
      id
      status
      createdAt
      finalisedAt
    }
  }
`);

interface OverrunRow {
  code: string;
  name: string;
  province: string;
  entitlement: string;
  afterCut: string | null;
  reduction: string | null;
}

/** Σ entitlements against the budget: the national overrun and, in an overrun, the pro-rata cut. */
export function Overrun() {
  const choice = useSchemeYear('OPEN_ENDED');
  const searchId = useId();
  const basisId = useId();
  const [search, setSearch] = useState('');
  const [basis, setBasis] = useState<string>('');
  const run = choice.currentRun;
  const [settlements] = useQuery({
    query: SettlementsQuery,
    variables: { schemeCode: choice.scheme?.code ?? '', year: choice.year ?? 0 },
    pause: run === undefined,
  });
  const usable = (settlements.data?.settlements ?? []).filter((x) => x.status !== 'REPLACED');
  // Default: the finalised settlement's final entitlements when there is one, else the current run.
  const defaultBasis = usable.find((x) => x.status === 'FINALISED')?.id ?? 'run';
  const chosen = basis === 'run' || usable.some((x) => x.id === basis) ? basis : defaultBasis;
  const settlementId = chosen === 'run' ? null : chosen;
  const [{ data, fetching, error }] = useQuery({
    query: OverrunQuery,
    variables: {
      schemeCode: choice.scheme?.code ?? '',
      year: choice.year ?? 0,
      runId: settlementId === null ? (run?.id ?? null) : null,
      settlementId,
    },
    pause: run === undefined || settlements.fetching,
  });
  const municipalities = useMunicipalities();
  const view = data?.overrunView;
  const rows = useMemo<OverrunRow[]>(
    () =>
      (view?.lines ?? []).map((l) => {
        const m = municipalities.byCode.get(l.municipalityCode);
        return {
          code: l.municipalityCode,
          name: m?.name ?? l.municipalityCode,
          province: m?.province ?? '—',
          entitlement: l.entitlement,
          afterCut: l.afterCut ?? null,
          reduction: l.reduction ?? null,
        };
      }),
    [view, municipalities.byCode],
  );
  // The cut columns only mean something in an overrun (the API reports a zero cut otherwise).
  const cut = view !== undefined && signOf(view.overrun) > 0 && rows.some((r) => r.afterCut !== null);
  const columns = useMemo<ColumnDef<OverrunRow, string>[]>(() => {
    const base: ColumnDef<OverrunRow, string>[] = [
      { accessorKey: 'code', header: 'Code' },
      { accessorKey: 'name', header: 'Municipality' },
      { accessorKey: 'province', header: 'Province' },
      {
        accessorKey: 'entitlement',
        header: 'Entitlement',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.entitlement, b.original.entitlement),
        cell: (c) => formatMoney(c.getValue()),
      },
    ];
    if (!cut) {
      return base;
    }
    return [
      ...base,
      {
        id: 'reduction',
        accessorFn: (r) => r.reduction ?? '',
        header: 'Pro-rata cut',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.reduction, b.original.reduction),
        cell: (c) => formatMoney(c.row.original.reduction),
      },
      {
        id: 'afterCut',
        accessorFn: (r) => r.afterCut ?? '',
        header: 'After the cut',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.afterCut, b.original.afterCut),
        cell: (c) => formatMoney(c.row.original.afterCut),
      },
    ];
  }, [cut]);
  const sign = view ? signOf(view.overrun) : 0;
  return (
    <>
      <PageTitle title="Overrun">Overrun: entitlements against the budget</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error}>
        <SchemeYearPicker state={choice} />
        {run === undefined ? (
          <p className="muted">
            {choice.scheme?.code} {choice.year} has no allocation run yet.
          </p>
        ) : (
          <QueryState
            fetching={settlements.fetching || fetching || municipalities.fetching}
            error={settlements.error ?? error ?? municipalities.error}
          >
            {usable.length > 0 && (
              <div className="toolbar">
                <label htmlFor={basisId}>
                  Entitlements from
                  <select id={basisId} value={chosen} onChange={(e) => setBasis(e.target.value)}>
                    <option value="run">
                      Current allocation run {run.seq} ({run.stage})
                    </option>
                    {usable.map((x) => (
                      <option key={x.id} value={x.id}>
                        Settlement{' '}
                        {x.status === 'FINALISED' ? `finalised ${formatDate(x.finalisedAt)}` : `draft of ${formatDate(x.createdAt)}`}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            )}
            {view && (
              <>
                <p className="muted">
                  {choice.scheme?.budgetMode === 'CLOSED'
                    ? 'Closed budget: the run apportions the macrobudget, so the entitlements add up to it.'
                    : 'Open-ended: entitlements follow the counts and may exceed the budget line.'}{' '}
                  {view.settlementId ? 'Final entitlements from the settlement.' : `Entitlements of run ${run.seq} (${run.stage}).`}
                </p>
                <div className="cards" data-testid="overrun-figures">
                  <div className="stat">
                    <div className="label">Budget</div>
                    <div className="value">{formatMoney(view.budget)}</div>
                  </div>
                  <div className="stat">
                    <div className="label">Σ entitlements</div>
                    <div className="value">{formatMoney(view.total)}</div>
                  </div>
                  <div className="stat">
                    <div className="label">{sign > 0 ? 'Overrun' : sign < 0 ? 'Underrun (negative overrun)' : 'Overrun'}</div>
                    <div className="value" data-testid="overrun-amount">
                      {formatMoney(view.overrun)}{' '}
                      <span className={`badge ${sign > 0 ? 'danger' : 'ok'}`}>{sign > 0 ? 'over budget' : 'within budget'}</span>
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">Overrun in % of the budget</div>
                    <div className="value" data-testid="overrun-percentage">
                      {formatDecimal(view.percentage, 2)} %
                    </div>
                  </div>
                </div>
                <div className="table-wrap">
                  <table>
                    <caption>Allocation runs of the scheme-year</caption>
                    <thead>
                      <tr>
                        <th scope="col">Run</th>
                        <th scope="col">Stage · status</th>
                        <th scope="col" className="num">
                          Total
                        </th>
                        <th scope="col" className="num">
                          Overrun (open-ended)
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {(data?.allocationRuns ?? []).map((r) => (
                        <tr key={r.id}>
                          <td>Run {r.seq}</td>
                          <td>
                            {r.stage} · {r.status}
                          </td>
                          <td className="num">{formatMoney(r.totalAmount)}</td>
                          <td className="num">
                            {r.overrun === null || r.overrun === undefined ? 'n/a (closed budget)' : formatMoney(r.overrun)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <h2>Per municipality</h2>
                <div className="toolbar">
                  <label htmlFor={searchId}>
                    Search name or code
                    <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
                  </label>
                </div>
                <DataTable
                  caption={cut ? 'Entitlement and pro-rata cut per municipality' : 'Entitlement per municipality (no cut: within budget)'}
                  data={rows}
                  columns={columns}
                  search={search}
                  rowKey={(r) => r.code}
                  initialSorting={[{ id: 'entitlement', desc: true }]}
                  testId="overrun-table"
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
