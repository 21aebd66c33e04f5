import { useId, useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { useStageLabel } from '../../components/StatusBadge';
import { useUrlParam } from '../../components/urlState';
import { compareDecimal, formatDate, formatMoney } from '../../format';
import { useMunicipalities } from './paging';
import './finance.css';

const ForecastsOfYear = graphql(`
  query FinanceExposureForecasts($year: Int!) {
    forecasts(year: $year) {
      id
      method
      createdAt
      params
    }
  }
`);

const ExposureQuery = graphql(`
  query FinanceExposure($forecastId: ID!, $runId: ID!) {
    forecastExposure(forecastId: $forecastId, allocationRunId: $runId) {
      budget
      totalOnEstimate
      totalP10
      totalP50
      totalP90
      overrunP10
      overrunP50
      overrunP90
      lines {
        municipalityCode
        paid
        advanceBasis
        entitledP10
        entitledP50
        entitledP90
        settlementP10
        settlementP50
        settlementP90
      }
    }
  }
`);

interface ExposureRow {
  code: string;
  name: string;
  paid: string;
  advanceBasis: string;
  entitledP50: string;
  settlementP10: string;
  settlementP50: string;
  settlementP90: string;
}

const money = (key: keyof ExposureRow, header: string): ColumnDef<ExposureRow, string> => ({
  accessorKey: key,
  header,
  meta: { numeric: true, sum: 'money' },
  enableGlobalFilter: false,
  sortingFn: (a, b) => compareDecimal(a.original[key], b.original[key]),
  cell: (c) => formatMoney(c.getValue()),
});

/**
 * The mid-year re-estimate (decision 1303): for the advance run of a scheme-year and a forecast of
 * its year, each municipality's paid, advance basis and expected settlement at 10/50/90 %, and the
 * national totals and overrun range against the budget.
 */
export function Exposure() {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const choice = useSchemeYearChoice(({ runs }) => [(s) => runs.some((r) => r.year === s.year)]);
  const scheme = choice.selected;
  const run = choice.currentRun;
  const forecastId = useId();
  const [forecastParam, setForecast] = useUrlParam('forecast');
  const [forecasts] = useQuery({ query: ForecastsOfYear, variables: { year: scheme?.year ?? 0 }, pause: scheme === undefined });
  const list = forecasts.data?.forecasts ?? [];
  const forecast = list.find((f) => f.id === forecastParam) ?? list.find((f) => f.method === 'SHRINKAGE_EB') ?? list[0];
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ExposureQuery,
    variables: { forecastId: forecast?.id ?? '', runId: run?.id ?? '' },
    pause: forecast === undefined || run === undefined,
  });
  const municipalities = useMunicipalities();
  const view = data?.forecastExposure;
  const rows = useMemo<ExposureRow[]>(
    () =>
      (view?.lines ?? []).map((l) => ({
        code: l.municipalityCode,
        name: municipalities.byCode.get(l.municipalityCode)?.name ?? l.municipalityCode,
        paid: l.paid,
        advanceBasis: l.advanceBasis,
        entitledP50: l.entitledP50,
        settlementP10: l.settlementP10,
        settlementP50: l.settlementP50,
        settlementP90: l.settlementP90,
      })),
    [view, municipalities.byCode],
  );
  const columns = useMemo<ColumnDef<ExposureRow, string>[]>(
    () => [
      { accessorKey: 'code', header: t('common.code') },
      { accessorKey: 'name', header: t('common.municipality') },
      money('paid', t('finance.exposure.paid')),
      money('advanceBasis', t('finance.exposure.advanceBasis')),
      money('entitledP50', t('finance.exposure.entitledP50')),
      money('settlementP10', t('finance.exposure.settlement', { level: 10 })),
      money('settlementP50', t('finance.exposure.settlement', { level: 50 })),
      money('settlementP90', t('finance.exposure.settlement', { level: 90 })),
    ],
    [t],
  );
  const stat = (label: string, value: string, testId: string) => (
    <div className="stat">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {formatMoney(value)}
      </div>
    </div>
  );
  return (
    <>
      <PageTitle title={t('nav.finance.exposure')}>{t('finance.exposure.heading')}</PageTitle>
      <p className="muted">{t('finance.exposure.intro')}</p>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        {run === undefined || (forecast === undefined && !forecasts.fetching) ? (
          <p className="muted">{t('finance.exposure.nothing', { code: scheme?.code, year: scheme?.year })}</p>
        ) : (
          <QueryState
            fetching={forecasts.fetching || fetching || municipalities.fetching}
            error={forecasts.error ?? error ?? municipalities.error}
            retry={() => reexecute({ requestPolicy: 'network-only' })}
          >
            <div className="toolbar">
              <label htmlFor={forecastId}>
                {t('finance.exposure.forecast')}
                <select id={forecastId} value={forecast?.id ?? ''} onChange={(e) => setForecast(e.target.value)}>
                  {list.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.method} · {formatDate(f.createdAt)}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted">{t('finance.exposure.run', { seq: run.seq, stage: stageLabel(run.stage) })}</span>
            </div>
            {view && (
              <>
                <div className="cards" data-testid="exposure-figures">
                  {stat(t('finance.exposure.budget'), view.budget, 'exposure-budget')}
                  {stat(t('finance.exposure.total', { level: 10 }), view.totalP10, 'exposure-total-p10')}
                  {stat(t('finance.exposure.total', { level: 50 }), view.totalP50, 'exposure-total-p50')}
                  {stat(t('finance.exposure.total', { level: 90 }), view.totalP90, 'exposure-total-p90')}
                  {stat(t('finance.exposure.overrun', { level: 10 }), view.overrunP10, 'exposure-overrun-p10')}
                  {stat(t('finance.exposure.overrun', { level: 90 }), view.overrunP90, 'exposure-overrun-p90')}
                </div>
                <DataTable
                  caption={t('finance.exposure.caption')}
                  data={rows}
                  columns={columns}
                  rowKey={(r) => r.code}
                  testId="exposure-table"
                  initialSorting={[{ id: 'settlementP50', desc: false }]}
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
