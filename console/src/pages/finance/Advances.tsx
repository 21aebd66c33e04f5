import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { chartValue, formatCount, formatDate, formatExact, formatMoney, formatMonth, sumDecimals } from '../../format';
import './finance.css';

const AdvancePlansQuery = graphql(`
  query FinanceAdvancePlans($schemeCode: String!, $year: Int!) {
    advancePlans(schemeCode: $schemeCode, year: $year) {
      id
      version
      current
      advanceRate
      reason
      createdAt
      createdBy
      totalAdvance
      totalExcess
      allocationRunId
    }
  }
`);

// The page shows months, so it asks for the per-month sums (twelve rows), not every tranche of
// every municipality (decision 1760).
const AdvancePlanMonthsQuery = graphql(`
  query FinanceAdvancePlanMonths($planId: ID!) {
    advancePlanMonths(planId: $planId) {
      month
      planned
      paid
      suspended
      tranches
      tranchesPaid
    }
  }
`);

interface MonthRow {
  month: string;
  planned: string;
  paid: string;
  suspended: string;
  tranchesPaid: number;
  tranches: number;
}

/** Advances planned against paid over the year, nationally, month by month. */
export function Advances() {
  const { t } = useTranslation();
  const choice = useSchemeYearChoice(({ runs }) => [(s) => runs.some((r) => r.year === s.year)]);
  const scheme = choice.selected;
  const [plans, reexecutePlans] = useQuery({
    query: AdvancePlansQuery,
    variables: { schemeCode: scheme?.code ?? '', year: scheme?.year ?? 0 },
    pause: scheme === null,
  });
  const plan = plans.data?.advancePlans.find((p) => p.current) ?? plans.data?.advancePlans[0];
  const [lines] = useQuery({ query: AdvancePlanMonthsQuery, variables: { planId: plan?.id ?? '' }, pause: plan === undefined });
  const months = useMemo<MonthRow[]>(() => lines.data?.advancePlanMonths ?? [], [lines.data]);
  const totalPlanned = sumDecimals(
    months.map((m) => m.planned),
    2,
  );
  const totalPaid = sumDecimals(
    months.map((m) => m.paid),
    2,
  );
  const plannedName = t('finance.advances.planned');
  const paidName = t('finance.advances.paid');
  const chartData = months.map((m) => ({ label: formatMonth(m.month), planned: chartValue(m.planned), paid: chartValue(m.paid), row: m }));
  return (
    <>
      <PageTitle title={t('finance.advances.title')}>{t('finance.advances.heading')}</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        <QueryState fetching={plans.fetching} error={plans.error} retry={() => reexecutePlans({ requestPolicy: 'network-only' })}>
          {plan === undefined ? (
            <p className="muted">{t('finance.advances.noPlan', { code: scheme?.code, year: scheme?.year })}</p>
          ) : (
            <>
              <p className="muted">
                {t(plan.current ? 'finance.advances.planCurrent' : 'finance.advances.plan', {
                  version: plan.version,
                  rate: formatExact(plan.advanceRate),
                  date: formatDate(plan.createdAt),
                  by: plan.createdBy,
                })}
                {plan.reason !== '' ? ` — ${plan.reason}` : ''}.
              </p>
              <QueryState fetching={lines.fetching} error={lines.error}>
                <div className="cards">
                  <div className="stat">
                    <div className="label">{t('finance.advances.planTotal')}</div>
                    <div className="value" data-testid="plan-total">
                      {formatMoney(plan.totalAdvance)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">{t('finance.advances.plannedTotal')}</div>
                    <div className="value" data-testid="planned-total">
                      {formatMoney(totalPlanned)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">{t('finance.advances.paidTotal')}</div>
                    <div className="value" data-testid="paid-total">
                      {formatMoney(totalPaid)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">{t('finance.advances.excess')}</div>
                    <div className="value">{formatMoney(plan.totalExcess)}</div>
                  </div>
                </div>
                <h2>{t('finance.advances.byMonth')}</h2>
                <div className="chart" role="img" aria-label={t('finance.advances.chartLabel')} data-testid="advances-chart">
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={chartData} margin={{ left: 24, right: 8, top: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                      <YAxis width={110} tickFormatter={(v: number) => formatMoney(String(Math.round(v)), { cents: false })} />
                      <Tooltip
                        formatter={(_value, name, item) => {
                          const row = (item.payload as { row: MonthRow }).row;
                          return [formatMoney(name === paidName ? row.paid : row.planned), name];
                        }}
                      />
                      <Legend />
                      <Bar dataKey="planned" name={plannedName} fill="#8cb4dc" isAnimationActive={false} />
                      <Bar dataKey="paid" name={paidName} fill="#0b5cad" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <div className="table-wrap">
                  <table data-testid="advances-table">
                    <caption>{t('finance.advances.tableCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('finance.advances.month')}</th>
                        <th scope="col" className="num">
                          {plannedName}
                        </th>
                        <th scope="col" className="num">
                          {paidName}
                        </th>
                        <th scope="col" className="num">
                          {t('finance.advances.suspended')}
                        </th>
                        <th scope="col" className="num">
                          {t('finance.advances.tranchesPaid')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {months.map((m) => (
                        <tr key={m.month}>
                          <th scope="row">{formatMonth(m.month)}</th>
                          <td className="num">{formatMoney(m.planned)}</td>
                          <td className="num">{formatMoney(m.paid)}</td>
                          <td className="num">{formatMoney(m.suspended)}</td>
                          <td className="num">
                            {t('finance.advances.ofTranches', { paid: formatCount(m.tranchesPaid), all: formatCount(m.tranches) })}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('table.total')}</th>
                        <td className="num">{formatMoney(totalPlanned)}</td>
                        <td className="num">{formatMoney(totalPaid)}</td>
                        <td className="num">
                          {formatMoney(
                            sumDecimals(
                              months.map((m) => m.suspended),
                              2,
                            ),
                          )}
                        </td>
                        <td className="num">
                          {t('finance.advances.ofTranches', {
                            paid: formatCount(months.reduce((n, m) => n + m.tranchesPaid, 0)),
                            all: formatCount(months.reduce((n, m) => n + m.tranches, 0)),
                          })}
                        </td>
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </QueryState>
            </>
          )}
        </QueryState>
      </QueryState>
    </>
  );
}
