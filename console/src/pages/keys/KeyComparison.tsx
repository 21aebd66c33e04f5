import { useId, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { SchemeYearPicker, useSchemeYearChoice } from '../../components/SchemeYearPicker';
import { useUrlParam } from '../../components/urlState';
import { chartValue, compareDecimal, formatDate, formatDecimal, formatMoney } from '../../format';
import { useMunicipalities } from '../finance/paging';
import '../finance/finance.css';

const ComparisonsQuery = graphql(`
  query KeyComparisons($schemeCode: String!, $year: Int!) {
    keyComparisons(schemeCode: $schemeCode, year: $year) {
      id
      fromYear
      toYear
      finalRule
      createdAt
      createdBy
    }
  }
`);

const ComparisonQuery = graphql(`
  query KeyComparisonDetail($id: ID!, $key: String, $offset: Int, $limit: Int) {
    keyComparison(id: $id, key: $key, offset: $offset, limit: $limit) {
      id
      fromYear
      toYear
      finalRule
      inputHash
      outputHash
      summary {
        key
        advance
        final
        absSettlement
        netSettlement
        volatility
        relativeError
        yearsWithCounts
      }
      lineCount
      lines {
        key
        municipalityCode
        volatility
        absSettlement
        netSettlement
        years {
          year
          advance
          final
          settlement
        }
      }
    }
  }
`);

const RunMutation = graphql(`
  mutation RunKeyComparison($input: RunKeyComparisonInput!) {
    runKeyComparison(input: $input) {
      replayed
      comparison {
        id
      }
    }
  }
`);

const KEYS = [
  'TAAKSTELLING',
  'REGISTERED_PEILDATUM',
  'REGISTERED_PRO_RATA_DAYS',
  'REGISTERED_FIRST_OF_MONTH',
  'REGISTERED_FIRST_MUNICIPALITY',
  'POPULATION_SHARE',
  'COUNTS_TWO_YEARS_EARLIER',
  'SHRINKAGE_EB_MEDIAN',
] as const;
type Key = (typeof KEYS)[number];

interface LineRow {
  code: string;
  name: string;
  absSettlement: string;
  netSettlement: string;
  volatility: string;
  [year: `y${number}`]: string;
}

/** Which key? Candidate distribution keys side by side (finance officers run them, auditors read). */
export function KeyComparison({ canRun }: { canRun: boolean }) {
  const { t } = useTranslation();
  const keyLabel = (k: string) => ((KEYS as readonly string[]).includes(k) ? t(`keys.key.${k as Key}`) : k);
  const choice = useSchemeYearChoice();
  const scheme = choice.selected;
  const [picked, setPicked] = useUrlParam('comparison');
  const [pickedKey, setPickedKey] = useUrlParam('key');
  const [search, setSearch] = useUrlParam('q');
  const comparisonId = useId();
  const keyId = useId();
  const fromId = useId();
  const toId = useId();
  const searchId = useId();
  const [fromYear, setFromYear] = useState('');
  const [toYear, setToYear] = useState('');
  const [list, reList] = useQuery({
    query: ComparisonsQuery,
    variables: { schemeCode: scheme?.code ?? '', year: scheme?.year ?? 0 },
    pause: scheme === null,
  });
  const comparisons = list.data?.keyComparisons ?? [];
  const id = comparisons.some((c) => c.id === picked) ? picked : (comparisons[0]?.id ?? '');
  const key = (KEYS as readonly string[]).includes(pickedKey) ? pickedKey : 'SHRINKAGE_EB_MEDIAN';
  const [detail, reDetail] = useQuery({ query: ComparisonQuery, variables: { id, key, offset: 0, limit: 500 }, pause: id === '' });
  const [running, run] = useMutation(RunMutation);
  const municipalities = useMunicipalities();
  const c = detail.data?.keyComparison;
  const years = useMemo(() => (c ? Array.from({ length: c.toYear - c.fromYear + 1 }, (_, i) => c.fromYear + i) : []), [c]);
  const rows = useMemo<LineRow[]>(
    () =>
      (c?.lines ?? []).map((l) => {
        const row: LineRow = {
          code: l.municipalityCode,
          name: municipalities.byCode.get(l.municipalityCode)?.name ?? l.municipalityCode,
          absSettlement: l.absSettlement,
          netSettlement: l.netSettlement,
          volatility: l.volatility,
        };
        for (const y of l.years) {
          row[`y${y.year}`] = y.settlement;
        }
        return row;
      }),
    [c, municipalities.byCode],
  );
  const columns = useMemo<ColumnDef<LineRow, string>[]>(
    () => [
      { accessorKey: 'code', header: t('common.code') },
      { accessorKey: 'name', header: t('common.municipality') },
      ...years.map((y): ColumnDef<LineRow, string> => ({
        id: `y${y}`,
        accessorFn: (r) => r[`y${y}`] ?? '0',
        header: t('keys.settlementIn', { year: y }),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original[`y${y}`], b.original[`y${y}`]),
        cell: (x) => formatMoney(x.getValue()),
      })),
      {
        accessorKey: 'absSettlement',
        header: t('keys.absSettlement'),
        meta: { numeric: true, sum: 'money' },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.absSettlement, b.original.absSettlement),
        cell: (x) => formatMoney(x.getValue()),
      },
      {
        accessorKey: 'volatility',
        header: t('keys.volatility'),
        meta: { numeric: true },
        enableGlobalFilter: false,
        sortingFn: (a, b) => compareDecimal(a.original.volatility, b.original.volatility),
        cell: (x) => formatDecimal(x.getValue(), 2),
      },
    ],
    [t, years],
  );
  const chartData = (c?.summary ?? []).map((s) => ({ name: keyLabel(s.key), value: chartValue(s.absSettlement), text: s.absSettlement }));
  const start = async () => {
    if (!scheme) {
      return;
    }
    const result = await run({
      input: {
        schemeCode: scheme.code,
        year: scheme.year,
        ruleVersionId: choice.currentRun?.ruleVersionId ?? '',
        fromYear: Number(fromYear || scheme.year - 3),
        toYear: Number(toYear || scheme.year - 1),
        idempotencyKey: `console-keys-${scheme.code}-${scheme.year}-${fromYear}-${toYear}-${Date.now()}`,
      },
    });
    const newId = result.data?.runKeyComparison.comparison.id;
    if (newId) {
      setPicked(newId);
      reList({ requestPolicy: 'network-only' });
    }
  };
  return (
    <>
      <PageTitle title={t('keys.title')}>{t('keys.heading')}</PageTitle>
      <p className="muted">{t('keys.intro')}</p>
      <QueryState fetching={choice.fetching} error={choice.error} retry={choice.retry}>
        <SchemeYearPicker schemes={choice.schemes} selected={scheme} onSelect={choice.select} />
        {canRun && scheme && (
          <form
            className="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <label htmlFor={fromId}>
              {t('keys.fromYear')}
              <input
                id={fromId}
                inputMode="numeric"
                value={fromYear}
                placeholder={String(scheme.year - 3)}
                onChange={(e) => setFromYear(e.target.value)}
              />
            </label>
            <label htmlFor={toId}>
              {t('keys.toYear')}
              <input
                id={toId}
                inputMode="numeric"
                value={toYear}
                placeholder={String(scheme.year - 1)}
                onChange={(e) => setToYear(e.target.value)}
              />
            </label>
            <button type="submit" disabled={running.fetching || !choice.currentRun}>
              {t('keys.run')}
            </button>
            {!choice.currentRun && <span className="muted">{t('keys.needsRun')}</span>}
            {running.error && <span role="alert">{running.error.graphQLErrors[0]?.message ?? running.error.message}</span>}
          </form>
        )}
        <QueryState fetching={list.fetching} error={list.error} retry={() => reList({ requestPolicy: 'network-only' })}>
          {comparisons.length === 0 ? (
            <p className="muted">{t('keys.none')}</p>
          ) : (
            <div className="toolbar">
              <label htmlFor={comparisonId}>
                {t('keys.comparison')}
                <select id={comparisonId} value={id} onChange={(e) => setPicked(e.target.value)}>
                  {comparisons.map((x) => (
                    <option key={x.id} value={x.id}>
                      {t('keys.option', {
                        from: x.fromYear,
                        to: x.toYear,
                        date: formatDate(String(x.createdAt).slice(0, 10)),
                        by: x.createdBy,
                      })}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
        </QueryState>
        {id !== '' && (
          <QueryState
            fetching={detail.fetching || municipalities.fetching}
            error={detail.error ?? municipalities.error}
            retry={() => reDetail({ requestPolicy: 'network-only' })}
          >
            {c && (
              <>
                <p className="muted">
                  {t('keys.basis', { from: c.fromYear, to: c.toYear, rule: c.finalRule, hash: c.outputHash.slice(0, 12) })}
                </p>
                <div className="table-wrap">
                  <table data-testid="key-summary">
                    <caption>{t('keys.summaryCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('keys.keyHeader')}</th>
                        <th scope="col" className="num">
                          {t('keys.advance')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.final')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.absSettlement')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.netSettlement')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.volatility')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.relativeError')}
                        </th>
                        <th scope="col" className="num">
                          {t('keys.yearsWithCounts')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.summary.map((s) => (
                        <tr key={s.key}>
                          <td>{keyLabel(s.key)}</td>
                          <td className="num">{formatMoney(s.advance)}</td>
                          <td className="num">{formatMoney(s.final)}</td>
                          <td className="num">{formatMoney(s.absSettlement)}</td>
                          <td className="num">{formatMoney(s.netSettlement)}</td>
                          <td className="num">{formatDecimal(s.volatility, 2)}</td>
                          <td className="num">{s.relativeError === null ? '—' : formatDecimal(s.relativeError, 4)}</td>
                          <td className="num">{s.yearsWithCounts}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <h2>{t('keys.chartHeading')}</h2>
                <div className="fin-chart-tall" role="img" aria-label={t('keys.chartLabel')} data-testid="key-chart">
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={chartData} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                      <XAxis type="number" tickFormatter={(v: number) => formatMoney(String(Math.round(v)), { cents: false })} />
                      <YAxis type="category" dataKey="name" width={220} interval={0} tick={{ fontSize: 12 }} />
                      <Tooltip
                        formatter={(_v, _n, item) => [formatMoney((item.payload as { text: string }).text), t('keys.absSettlement')]}
                      />
                      <Bar dataKey="value" fill="#0969da" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <h2>{t('keys.perMunicipality')}</h2>
                <div className="toolbar">
                  <label htmlFor={keyId}>
                    {t('keys.keyHeader')}
                    <select id={keyId} value={key} onChange={(e) => setPickedKey(e.target.value)}>
                      {KEYS.map((k) => (
                        <option key={k} value={k}>
                          {keyLabel(k)}
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
                  caption={t('keys.tableCaption', { key: keyLabel(key) })}
                  data={rows}
                  columns={columns}
                  search={search}
                  rowKey={(r) => r.code}
                  initialSorting={[{ id: 'absSettlement', desc: true }]}
                  testId="key-lines"
                  csvName={scheme ? `keys-${scheme.code}-${scheme.year}-${key}` : 'keys'}
                />
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
