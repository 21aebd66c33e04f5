import { useId, useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { useStageLabel } from '../../components/StatusBadge';
import { useUrlParam } from '../../components/urlState';
import { chartValue, compareDecimal, formatMoney, formatPercent, signOf } from '../../format';
import { useMunicipalities } from './paging';
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

// The reference and the AttributionRule values (the API labels variants with strings).
const VARIANTS = ['TAAKSTELLING', 'PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'] as const;
const labelOf = (t: TFunction, v: string) =>
  (VARIANTS as readonly string[]).includes(v) ? t(`finance.sideBySide.variant.${v as (typeof VARIANTS)[number]}`) : v;

/** Attribution rules against the taakstelling: the largest gains and losses, and every line. */
export function SideBySide() {
  // The closed-budget scheme first: there every variant shares one total, so the chart shows how
  // money moves between municipalities; under an open-ended scheme totals follow the counts.
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const choice = useSchemeYearChoice(({ runs }) => [
    (s) => runs.some((r) => r.year === s.year) && s.budgetMode === 'CLOSED',
    (s) => runs.some((r) => r.year === s.year),
  ]);
  const scheme = choice.selected;
  const variantId = useId();
  const searchId = useId();
  const [picked, setPicked] = useUrlParam('rule');
  const [search, setSearch] = useUrlParam('q');
  const run = choice.currentRun;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SideBySideQuery,
    variables: { schemeCode: scheme?.code ?? '', year: scheme?.year ?? 0, ruleVersionId: run?.ruleVersionId ?? '' },
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
    gain: signOf(r.difference) > 0 ? chartValue(r.difference) : null,
    loss: signOf(r.difference) < 0 ? chartValue(r.difference) : null,
  }));
  const columns = useMemo<ColumnDef<SideRow, string>[]>(
    () => [
      { accessorKey: 'code', header: t('common.code') },
      { accessorKey: 'name', header: t('common.municipality') },
      { accessorKey: 'province', header: t('common.province') },
      {
        accessorKey: 'reference',
        header: labelOf(t, 'TAAKSTELLING'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.reference, b.original.reference),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        accessorKey: 'amount',
        header: labelOf(t, variant),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.amount, b.original.amount),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        accessorKey: 'difference',
        header: t('common.difference'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.difference, b.original.difference),
        cell: (c) => formatMoney(c.getValue()),
      },
      {
        id: 'percent',
        accessorFn: (r) => r.percent ?? '',
        header: t('finance.sideBySide.differencePercent'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.percent, b.original.percent),
        cell: (c) => formatPercent(c.row.original.percent),
      },
    ],
    [variant, t],
  );
  const gainName = t('finance.sideBySide.gain');
  const lossName = t('finance.sideBySide.loss');
  return (
    <>
      <PageTitle title={t('nav.finance.sideBySide')}>{t('finance.sideBySide.heading')}</PageTitle>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        {run === undefined ? (
          <p className="muted">{t('finance.sideBySide.noRun', { code: scheme?.code, year: scheme?.year })}</p>
        ) : (
          <QueryState
            fetching={fetching || municipalities.fetching}
            error={error ?? municipalities.error}
            retry={() => reexecute({ requestPolicy: 'network-only' })}
          >
            {sbs && (
              <>
                <p className="muted">{t('finance.sideBySide.ruleVersion', { seq: run.seq, stage: stageLabel(run.stage) })}</p>
                <div className="table-wrap">
                  <table data-testid="variant-totals">
                    <caption>{t('finance.sideBySide.totalsCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('finance.sideBySide.variantHeader')}</th>
                        <th scope="col" className="num">
                          {t('common.total')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {sbs.variants.map((v) => (
                        <tr key={v.label}>
                          <td>
                            {labelOf(t, v.label)}{' '}
                            {v.label === sbs.reference && <span className="badge">{t('finance.sideBySide.reference')}</span>}
                          </td>
                          <td className="num">{formatMoney(v.total)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="toolbar">
                  <label htmlFor={variantId}>
                    {t('finance.sideBySide.rule')}
                    <select id={variantId} value={variant} onChange={(e) => setPicked(e.target.value)}>
                      {others.map((v) => (
                        <option key={v.label} value={v.label}>
                          {labelOf(t, v.label)}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                <h2>{t('finance.sideBySide.chartHeading', { rule: labelOf(t, variant).toLowerCase() })}</h2>
                <p className="muted" data-testid="gains-and-losses">
                  {gains.length === 0 ? t('finance.sideBySide.noGains') : t('finance.sideBySide.gains', { count: gains.length })}{' '}
                  {losses.length === 0 ? t('finance.sideBySide.noLosses') : t('finance.sideBySide.losses', { count: losses.length })}
                </p>
                <div
                  className="fin-chart-tall"
                  role="img"
                  aria-label={t('finance.sideBySide.chartLabel', { gains: gains.length, losses: losses.length })}
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
                      <Bar dataKey="gain" name={gainName} stackId="d" fill="#116329" isAnimationActive={false} />
                      <Bar dataKey="loss" name={lossName} stackId="d" fill="#a40e26" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <h2>{t('finance.sideBySide.every')}</h2>
                <div className="toolbar">
                  <label htmlFor={searchId}>
                    {t('common.searchNameOrCode')}
                    <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
                  </label>
                </div>
                <DataTable
                  caption={t('finance.sideBySide.tableCaption', { rule: labelOf(t, variant) })}
                  data={rows}
                  columns={columns}
                  search={search}
                  rowKey={(r) => r.code}
                  initialSorting={[{ id: 'difference', desc: false }]}
                  testId="side-by-side-table"
                  csvName={scheme ? `side-by-side-${scheme.code}-${scheme.year}-${variant}` : 'side-by-side'}
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
