import { useId, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { compareDecimal, formatDecimal, formatMoney } from '../../format';
import { SchemeYearPicker, useSchemeYear } from './SchemeYearPicker';
import { useMunicipalities } from './paging';
import { signOf } from './money';
import './finance.css';

const SideBySideQuery = graphql(`
  query FinanceAttributionSideBySide($schemeCode: String!, $year: Int!, $ruleVersionId: ID!) {
    attributionSideBySide(schemeCode: $schemeCode, year: $year, ruleVersionId: $ruleVersionId) {
      reference
      baseRuleVersionId
      variants {
        label
        total
      }
      lines {
        municipalityCode
        amounts {
          variant
          amount
          difference
          percent
        }
      }
    }
  }
`);

interface SideRow {
  code: string;
  name: string;
  province: string;
  reference: string;
  amount: string;
  difference: string;
  percent: string | null;
}

const TOP = 10;

const VARIANT_LABEL: Record<string, string> = {
  TAAKSTELLING: 'Taakstelling',
  PEILDATUM: 'Reference date (peildatum)',
  PRO_RATA_DAYS: 'Pro rata by days',
  FIRST_OF_MONTH: 'First of the month',
  FIRST_MUNICIPALITY: 'First municipality',
};
const labelOf = (v: string) => VARIANT_LABEL[v] ?? v;

/** Attribution rules against the taakstelling: the largest gains and losses, and every line. */
export function SideBySide() {
  // The closed-budget scheme first: there every variant shares one total, so the chart shows how
  // money moves between municipalities; under an open-ended scheme totals follow the counts.
  const choice = useSchemeYear('CLOSED');
  const variantId = useId();
  const searchId = useId();
  const [picked, setPicked] = useState<string>('');
  const [search, setSearch] = useState('');
  const run = choice.currentRun;
  const [{ data, fetching, error }] = useQuery({
    query: SideBySideQuery,
    variables: { schemeCode: choice.scheme?.code ?? '', year: choice.year ?? 0, ruleVersionId: run?.ruleVersionId ?? '' },
    pause: run === undefined,
  });
  const municipalities = useMunicipalities();
  const sbs = data?.attributionSideBySide;
  const others = (sbs?.variants ?? []).filter((v) => v.label !== sbs?.reference);
  const variant = others.some((v) => v.label === picked) ? picked : (others[0]?.label ?? '');
  const rows = useMemo<SideRow[]>(
    () =>
      (sbs?.lines ?? []).map((line) => {
        const ref = line.amounts.find((a) => a.variant === sbs?.reference);
        const v = line.amounts.find((a) => a.variant === variant);
        const m = municipalities.byCode.get(line.municipalityCode);
        return {
          code: line.municipalityCode,
          name: m?.name ?? line.municipalityCode,
          province: m?.province ?? '—',
          reference: ref?.amount ?? '0',
          amount: v?.amount ?? '0',
          difference: v?.difference ?? '0',
          percent: v?.percent ?? null,
        };
      }),
    [sbs, variant, municipalities.byCode],
  );
  const byDifference = [...rows].sort((a, b) => compareDecimal(b.difference, a.difference));
  const gains = byDifference.filter((r) => signOf(r.difference) > 0).slice(0, TOP);
  const losses = byDifference
    .filter((r) => signOf(r.difference) < 0)
    .reverse()
    .slice(0, TOP);
  // Bar lengths only: the figures shown (axis excepted) are the API's strings, formatted.
  const chartData = [...gains, ...losses.slice().reverse()].map((r) => ({
    name: r.name,
    difference: r.difference,
    gain: signOf(r.difference) > 0 ? Number(r.difference) : null,
    loss: signOf(r.difference) < 0 ? Number(r.difference) : null,
  }));
  const columns = useMemo<ColumnDef<SideRow, string>[]>(
    () => [
      { accessorKey: 'code', header: 'Code' },
      { accessorKey: 'name', header: 'Municipality' },
      { accessorKey: 'province', header: 'Province' },
      {
        accessorKey: 'reference',
        header: 'Taakstelling',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.reference, b.original.reference),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        accessorKey: 'amount',
        header: labelOf(variant),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.amount, b.original.amount),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        accessorKey: 'difference',
        header: 'Difference',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.difference, b.original.difference),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        id: 'percent',
        accessorFn: (r) => r.percent ?? '',
        header: 'Difference %',
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.percent, b.original.percent),
        cell: (c) => (c.row.original.percent === null ? '—' : `${formatDecimal(c.row.original.percent, 2)} %`),
      },
    ],
    [variant],
  );
  return (
    <>
      <PageTitle title="Attribution vs taakstelling">Attribution rules against the taakstelling</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error}>
        <SchemeYearPicker state={choice} />
        {run === undefined ? (
          <p className="muted">
            {choice.scheme?.code} {choice.year} has no allocation run yet: the side-by-side keeps the run&rsquo;s rule version.
          </p>
        ) : (
          <QueryState fetching={fetching || municipalities.fetching} error={error ?? municipalities.error}>
            {sbs && (
              <>
                <p className="muted">
                  Rule version of run {run.seq} ({run.stage}); every variant keeps its categories, reference date and base amounts.
                </p>
                <div className="table-wrap">
                  <table data-testid="variant-totals">
                    <caption>National total per variant</caption>
                    <thead>
                      <tr>
                        <th scope="col">Variant</th>
                        <th scope="col" className="num">
                          Total
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {sbs.variants.map((v) => (
                        <tr key={v.label}>
                          <td>
                            {labelOf(v.label)} {v.label === sbs.reference && <span className="badge">reference</span>}
                          </td>
                          <td className="num">{formatMoney(v.total)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="toolbar">
                  <label htmlFor={variantId}>
                    Attribution rule
                    <select id={variantId} value={variant} onChange={(e) => setPicked(e.target.value)}>
                      {others.map((v) => (
                        <option key={v.label} value={v.label}>
                          {labelOf(v.label)}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                <h2>Largest gains and losses under {labelOf(variant).toLowerCase()} against the taakstelling</h2>
                <p className="muted">
                  {gains.length === 0 ? 'No municipality gains under this rule. ' : `The ${gains.length} largest gains. `}
                  {losses.length === 0 ? 'No municipality loses under this rule.' : `The ${losses.length} largest losses.`}
                </p>
                <div
                  className="fin-chart-tall"
                  role="img"
                  aria-label={`Bar chart of the ${gains.length} largest gains and ${losses.length} largest losses; the table below has every municipality`}
                  data-testid="side-by-side-chart"
                >
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={chartData} layout="vertical" stackOffset="sign" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                      <XAxis type="number" tickFormatter={(v: number) => formatMoney(String(Math.round(v)), { cents: false })} />
                      <YAxis type="category" dataKey="name" width={130} interval={0} tick={{ fontSize: 12 }} />
                      <Tooltip
                        formatter={(_value, name, item) => [formatMoney((item.payload as { difference: string }).difference), name]}
                      />
                      <Legend />
                      <ReferenceLine x={0} stroke="#57606a" />
                      <Bar dataKey="gain" name="Gain" stackId="d" fill="#116329" isAnimationActive={false} />
                      <Bar dataKey="loss" name="Loss" stackId="d" fill="#a40e26" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <h2>Every municipality</h2>
                <div className="toolbar">
                  <label htmlFor={searchId}>
                    Search name or code
                    <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
                  </label>
                </div>
                <DataTable
                  caption={`${labelOf(variant)} against the taakstelling per municipality`}
                  data={rows}
                  columns={columns}
                  search={search}
                  rowKey={(r) => r.code}
                  initialSorting={[{ id: 'difference', desc: false }]}
                  testId="side-by-side-table"
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
