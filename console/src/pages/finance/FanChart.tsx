import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { useUrlParam } from '../../components/urlState';
import { chartValue, formatCount } from '../../format';
import { useMunicipalities } from './paging';
import { useBacktests, useFanLines, type FanLine } from './forecasts/data';
import './finance.css';

interface Point {
  year: number;
  band: [number, number] | null;
  median: number | null;
  actual: number | null;
  line: FanLine;
}

/**
 * The fan chart of a municipality: per year the forecast made from the data known then (a stored
 * backtest forecast), its 10–90 % band and median, and the actual REGISTERED count as a line.
 */
export function FanChart() {
  const { t } = useTranslation();
  const backtests = useBacktests();
  const municipalities = useMunicipalities();
  const [backtestParam, setBacktest] = useUrlParam('backtest');
  const [codeParam, setCode] = useUrlParam('municipality');
  const [seriesParam, setSeries] = useUrlParam('series');
  const backtestId = useId();
  const codeId = useId();
  const seriesId = useId();
  // Default: the newest backtest with intervals (SHRINKAGE_EB).
  const withBands = backtests.backtests.filter((b) => b.method === 'SHRINKAGE_EB');
  const backtest = withBands.find((b) => b.id === backtestParam) ?? withBands[0];
  // Only the chosen municipality's lines are read (decision 1880); the list of codes comes with them.
  const fan = useFanLines(backtest, codeParam === '' ? null : codeParam);
  const codes = fan.codes;
  const code = fan.code;
  const seriesOf = (l: FanLine) => `${l.category}${l.route ? `/${l.route}` : ''}`;
  const series = useMemo(() => [...new Set(fan.lines.filter((l) => l.municipalityCode === code).map(seriesOf))].sort(), [fan.lines, code]);
  const chosenSeries = series.includes(seriesParam) ? seriesParam : (series[0] ?? '');
  const points = useMemo<Point[]>(
    () =>
      fan.lines
        .filter((l) => l.municipalityCode === code && seriesOf(l) === chosenSeries)
        .sort((a, b) => a.year - b.year)
        .map((l) => ({
          year: l.year,
          band: l.p10 !== null && l.p90 !== null ? [chartValue(l.p10), chartValue(l.p90)] : null,
          median: l.p50 === null ? null : chartValue(l.p50),
          actual: l.actual === null ? null : chartValue(l.actual),
          line: l,
        })),
    [fan.lines, code, chosenSeries],
  );
  const name = municipalities.byCode.get(code)?.name ?? code;
  return (
    <>
      <PageTitle title={t('nav.finance.forecasts')}>{t('finance.fan.heading')}</PageTitle>
      <p className="muted">{t('finance.fan.intro')}</p>
      <QueryState fetching={backtests.fetching} error={backtests.error} retry={backtests.retry}>
        {backtest === undefined ? (
          <p className="muted">{t('finance.fan.noBacktest')}</p>
        ) : (
          <>
            <div className="toolbar">
              <label htmlFor={backtestId}>
                {t('finance.fan.backtest')}
                <select id={backtestId} value={backtest.id} onChange={(e) => setBacktest(e.target.value)}>
                  {withBands.map((b) => (
                    <option key={b.id} value={b.id}>
                      {t('finance.fan.backtestOption', { method: b.method, params: b.params, count: b.forecastIds.length })}
                    </option>
                  ))}
                </select>
              </label>
              <label htmlFor={codeId}>
                {t('common.municipality')}
                <select id={codeId} value={code} onChange={(e) => setCode(e.target.value)}>
                  {codes.map((c) => (
                    <option key={c} value={c}>
                      {municipalities.byCode.get(c)?.name ?? c} ({c})
                    </option>
                  ))}
                </select>
              </label>
              <label htmlFor={seriesId}>
                {t('common.category')}
                <select id={seriesId} value={chosenSeries} onChange={(e) => setSeries(e.target.value)}>
                  {series.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <QueryState fetching={fan.fetching || municipalities.fetching} error={fan.error ?? municipalities.error}>
              <div
                className="chart"
                data-testid="fan-chart"
                data-points={points.length}
                role="img"
                aria-label={t('finance.fan.chartLabel', { name, series: chosenSeries })}
                style={{ height: 320 }}
              >
                <ResponsiveContainer width="100%" height="100%">
                  <ComposedChart data={points} margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="year" tick={{ fontSize: 12 }} />
                    <YAxis width={70} tickFormatter={(v: number) => formatCount(v)} />
                    <Tooltip
                      formatter={(value) =>
                        Array.isArray(value) ? value.map((v) => formatCount(Number(v))).join(' – ') : formatCount(Number(value))
                      }
                    />
                    <Legend />
                    <Area
                      dataKey="band"
                      name={t('finance.fan.band')}
                      fill="#8cb4dc"
                      stroke="#8cb4dc"
                      fillOpacity={0.5}
                      isAnimationActive={false}
                    />
                    <Line
                      dataKey="median"
                      name={t('finance.fan.median')}
                      stroke="#0b5cad"
                      strokeDasharray="5 4"
                      isAnimationActive={false}
                    />
                    <Line dataKey="actual" name={t('common.actual')} stroke="#b3261e" strokeWidth={2} isAnimationActive={false} />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
              <div className="table-wrap">
                <table data-testid="fan-table">
                  <caption>{t('finance.fan.tableCaption', { name, series: chosenSeries })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('picker.year')}</th>
                      <th scope="col" className="num">
                        {t('finance.fan.p10')}
                      </th>
                      <th scope="col" className="num">
                        {t('finance.fan.median')}
                      </th>
                      <th scope="col" className="num">
                        {t('finance.fan.p90')}
                      </th>
                      <th scope="col" className="num">
                        {t('finance.fan.point')}
                      </th>
                      <th scope="col" className="num">
                        {t('common.actual')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {points.map((p) => (
                      <tr key={p.year} data-testid={`fan-${p.year}`}>
                        <th scope="row">{p.year}</th>
                        <td className="num">{formatCount(p.line.p10)}</td>
                        <td className="num">{formatCount(p.line.p50)}</td>
                        <td className="num">{formatCount(p.line.p90)}</td>
                        <td className="num">{formatCount(p.line.value)}</td>
                        <td className="num">{formatCount(p.line.actual)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </QueryState>
          </>
        )}
      </QueryState>
    </>
  );
}
