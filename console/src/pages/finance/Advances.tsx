import { useMemo } from 'react';
import { useQuery } from 'urql';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { formatDate, formatMoney } from '../../format';
import { SchemeYearPicker, useSchemeYear } from './SchemeYearPicker';
import { sumDecimals } from './money';
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

const AdvancePlanLinesQuery = graphql(`
  query FinanceAdvancePlanLines($planId: ID!) {
    advancePlanLines(planId: $planId) {
      municipalityCode
      advance
      tranches {
        index
        dueDate
        amount
        cash
        offset
        status
      }
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

const monthFormat = new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (month: string) => monthFormat.format(new Date(`${month}-15T00:00:00Z`));

/** Advances planned against paid over the year, nationally, month by month. */
export function Advances() {
  const choice = useSchemeYear();
  const [plans] = useQuery({
    query: AdvancePlansQuery,
    variables: { schemeCode: choice.scheme?.code ?? '', year: choice.year ?? 0 },
    pause: choice.scheme === undefined,
  });
  const plan = plans.data?.advancePlans.find((p) => p.current) ?? plans.data?.advancePlans[0];
  const [lines] = useQuery({ query: AdvancePlanLinesQuery, variables: { planId: plan?.id ?? '' }, pause: plan === undefined });
  const months = useMemo<MonthRow[]>(() => {
    const groups = new Map<string, { amount: string; cash: string | null; offset: string | null; status: string }[]>();
    for (const line of lines.data?.advancePlanLines ?? []) {
      for (const t of line.tranches) {
        const month = t.dueDate.slice(0, 7);
        groups.set(month, [...(groups.get(month) ?? []), t]);
      }
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, ts]) => {
        const live = ts.filter((t) => t.status !== 'CANCELLED');
        const paid = ts.filter((t) => t.status === 'PAID');
        return {
          month,
          planned: sumDecimals(live.map((t) => t.amount)),
          paid: sumDecimals(paid.flatMap((t) => [t.cash, t.offset])),
          suspended: sumDecimals(ts.filter((t) => t.status === 'SUSPENDED').map((t) => t.amount)),
          tranchesPaid: paid.length,
          tranches: live.length,
        };
      });
  }, [lines.data]);
  const totalPlanned = sumDecimals(months.map((m) => m.planned));
  const totalPaid = sumDecimals(months.map((m) => m.paid));
  const chartData = months.map((m) => ({ label: monthLabel(m.month), planned: Number(m.planned), paid: Number(m.paid), row: m }));
  return (
    <>
      <PageTitle title="Advances">Advances: planned against paid</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error}>
        <SchemeYearPicker state={choice} />
        <QueryState fetching={plans.fetching} error={plans.error}>
          {plan === undefined ? (
            <p className="muted">
              No advance plan for {choice.scheme?.code} {choice.year}.
            </p>
          ) : (
            <>
              <p className="muted">
                Plan version {plan.version}
                {plan.current ? ' (current)' : ''}: advance rate {plan.advanceRate}, made {formatDate(plan.createdAt)} by {plan.createdBy}
                {plan.reason !== '' ? ` — ${plan.reason}` : ''}.
              </p>
              <QueryState fetching={lines.fetching} error={lines.error}>
                <div className="cards">
                  <div className="stat">
                    <div className="label">Advance of the plan (API total)</div>
                    <div className="value" data-testid="plan-total">
                      {formatMoney(plan.totalAdvance)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">Planned in tranches</div>
                    <div className="value" data-testid="planned-total">
                      {formatMoney(totalPlanned)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">Paid (cash and offset)</div>
                    <div className="value" data-testid="paid-total">
                      {formatMoney(totalPaid)}
                    </div>
                  </div>
                  <div className="stat">
                    <div className="label">Paid beyond the advance (excess)</div>
                    <div className="value">{formatMoney(plan.totalExcess)}</div>
                  </div>
                </div>
                <h2>By month</h2>
                <div
                  className="chart"
                  role="img"
                  aria-label="Bar chart of planned and paid advances per month; the table below has the figures"
                  data-testid="advances-chart"
                >
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={chartData} margin={{ left: 24, right: 8, top: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                      <YAxis width={110} tickFormatter={(v: number) => formatMoney(String(Math.round(v)), { cents: false })} />
                      <Tooltip
                        formatter={(_value, name, item) => {
                          const row = (item.payload as { row: MonthRow }).row;
                          return [formatMoney(name === 'Paid' ? row.paid : row.planned), name];
                        }}
                      />
                      <Legend />
                      <Bar dataKey="planned" name="Planned" fill="#8cb4dc" isAnimationActive={false} />
                      <Bar dataKey="paid" name="Paid" fill="#0b5cad" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <div className="table-wrap">
                  <table data-testid="advances-table">
                    <caption>Planned and paid advances per month (all municipalities)</caption>
                    <thead>
                      <tr>
                        <th scope="col">Month</th>
                        <th scope="col" className="num">
                          Planned
                        </th>
                        <th scope="col" className="num">
                          Paid
                        </th>
                        <th scope="col" className="num">
                          Suspended
                        </th>
                        <th scope="col" className="num">
                          Tranches paid
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {months.map((m) => (
                        <tr key={m.month}>
                          <th scope="row">{monthLabel(m.month)}</th>
                          <td className="num">{formatMoney(m.planned)}</td>
                          <td className="num">{formatMoney(m.paid)}</td>
                          <td className="num">{formatMoney(m.suspended)}</td>
                          <td className="num">
                            {m.tranchesPaid} of {m.tranches}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">Total</th>
                        <td className="num">{formatMoney(totalPlanned)}</td>
                        <td className="num">{formatMoney(totalPaid)}</td>
                        <td className="num">{formatMoney(sumDecimals(months.map((m) => m.suspended)))}</td>
                        <td className="num">
                          {months.reduce((n, m) => n + m.tranchesPaid, 0)} of {months.reduce((n, m) => n + m.tranches, 0)}
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
