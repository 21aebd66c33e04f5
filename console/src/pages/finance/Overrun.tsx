import { useMemo, useId } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { StatusBadge, useStageLabel } from '../../components/StatusBadge';
import { useUrlParam } from '../../components/urlState';
import { compareDecimal, formatDate, formatMoney, formatPercent, signOf } from '../../format';
import { useMunicipalities } from './paging';
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
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const choice = useSchemeYearChoice(({ runs }) => [
    (s) => runs.some((r) => r.year === s.year) && s.budgetMode === 'OPEN_ENDED',
    (s) => runs.some((r) => r.year === s.year),
  ]);
  const scheme = choice.selected;
  const searchId = useId();
  const basisId = useId();
  const [search, setSearch] = useUrlParam('q');
  const [basis, setBasis] = useUrlParam('basis');
  const run = choice.currentRun;
  const [settlements] = useQuery({
    query: SettlementsQuery,
    variables: { schemeCode: scheme?.code ?? '', year: scheme?.year ?? 0 },
    pause: run === undefined,
  });
  const usable = (settlements.data?.settlements ?? []).filter((x) => x.status !== 'REPLACED');
  // Default: the finalised settlement's final entitlements when there is one, else the current run.
  const defaultBasis = usable.find((x) => x.status === 'FINALISED')?.id ?? 'run';
  const chosen = basis === 'run' || usable.some((x) => x.id === basis) ? basis : defaultBasis;
  const settlementId = chosen === 'run' ? null : chosen;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: OverrunQuery,
    variables: {
      schemeCode: scheme?.code ?? '',
      year: scheme?.year ?? 0,
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
      { accessorKey: 'code', header: t('common.code') },
      { accessorKey: 'name', header: t('common.municipality') },
      { accessorKey: 'province', header: t('common.province') },
      {
        accessorKey: 'entitlement',
        header: t('common.entitlement'),
        meta: { numeric: true, sum: 'money' },
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
        header: t('finance.overrun.cut'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.reduction, b.original.reduction),
        cell: (c) => formatMoney(c.row.original.reduction),
      },
      {
        id: 'afterCut',
        accessorFn: (r) => r.afterCut ?? '',
        header: t('finance.overrun.afterCut'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.afterCut, b.original.afterCut),
        cell: (c) => formatMoney(c.row.original.afterCut),
      },
    ];
  }, [cut, t]);
  const sign = view ? signOf(view.overrun) : 0;
  return (
    <>
      <PageTitle title={t('nav.finance.overrun')}>{t('finance.overrun.heading')}</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        {run === undefined ? (
          <p className="muted">{t('finance.overrun.noRun', { code: scheme?.code, year: scheme?.year })}</p>
        ) : (
          <QueryState
            fetching={settlements.fetching || fetching || municipalities.fetching}
            error={settlements.error ?? error ?? municipalities.error}
            retry={() => reexecute({ requestPolicy: 'network-only' })}
          >
            {usable.length > 0 && (
              <div className="toolbar">
                <label htmlFor={basisId}>
                  {t('finance.overrun.basis')}
                  <select id={basisId} value={chosen} onChange={(e) => setBasis(e.target.value)}>
                    <option value="run">{t('finance.overrun.basisRun', { seq: run.seq, stage: stageLabel(run.stage) })}</option>
                    {usable.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.status === 'FINALISED'
                          ? t('finance.overrun.basisFinal', { date: formatDate(x.finalisedAt) })
                          : t('finance.overrun.basisDraft', { date: formatDate(x.createdAt) })}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            )}
            {view && (
              <>
                <p className="muted">
                  {scheme?.budgetMode === 'CLOSED' ? t('finance.overrun.closedNote') : t('finance.overrun.openNote')}{' '}
                  {view.settlementId
                    ? t('finance.overrun.fromSettlement')
                    : t('finance.overrun.fromRun', { seq: run.seq, stage: stageLabel(run.stage) })}
                </p>
                <div className="cards" data-testid="overrun-figures">
                  <div className="stat">
                    <div className="label">{t('finance.overrun.budget')}</div>
                    <div className="value">{formatMoney(view.budget)}</div>
                  </div>
                  <div className="stat">
                    <div className="label">{t('finance.overrun.sum')}</div>
                    <div className="value">{formatMoney(view.total)}</div>
                  </div>
                  <div className="stat">
                    <div className="label">{sign < 0 ? t('finance.overrun.underrun') : t('finance.overrun.overrun')}</div>
                    <div className="value" data-testid="overrun-amount">
                      {formatMoney(view.overrun)}{' '}
                      <span className={`badge ${sign > 0 ? 'danger' : 'ok'}`}>
                        {sign > 0 ? t('finance.overrun.overBudget') : t('finance.overrun.withinBudget')}
                      </span>
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">{t('finance.overrun.percentage')}</div>
                    <div className="value" data-testid="overrun-percentage">
                      {formatPercent(view.percentage)}
                    </div>
                  </div>
                </div>
                <div className="table-wrap">
                  <table>
                    <caption>{t('finance.overrun.runsCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('finance.schemeYears.run')}</th>
                        <th scope="col">{t('finance.overrun.stageStatus')}</th>
                        <th scope="col" className="num">
                          {t('common.total')}
                        </th>
                        <th scope="col" className="num">
                          {t('finance.overrun.runOverrun')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {(data?.allocationRuns ?? []).map((r) => (
                        <tr key={r.id}>
                          <td>{t('finance.overrun.runLabel', { seq: r.seq })}</td>
                          <td>
                            {stageLabel(r.stage)} · <StatusBadge status={r.status} />
                          </td>
                          <td className="num">{formatMoney(r.totalAmount)}</td>
                          <td className="num">
                            {r.overrun === null || r.overrun === undefined ? t('finance.overrun.notApplicable') : formatMoney(r.overrun)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <h2>{t('finance.overrun.perMunicipality')}</h2>
                <div className="toolbar">
                  <label htmlFor={searchId}>
                    {t('common.searchNameOrCode')}
                    <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
                  </label>
                </div>
                <DataTable
                  caption={cut ? t('finance.overrun.tableCut') : t('finance.overrun.tableNoCut')}
                  data={rows}
                  columns={columns}
                  search={search}
                  rowKey={(r) => r.code}
                  initialSorting={[{ id: 'entitlement', desc: true }]}
                  testId="overrun-table"
                  csvName={scheme ? `overrun-${scheme.code}-${scheme.year}` : 'overrun'}
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
