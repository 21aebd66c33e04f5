import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { formatCount, formatDate, formatPercent } from '../../format';
import { useBacktests } from './forecasts/data';
import './finance.css';

/** A fraction as the API sends it ("0.913") as a percentage with two decimals ("91,30 %"). */
export function fractionAsPercent(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  const [integer = '0', fraction = ''] = text.split('.');
  const digits = `${fraction}000`;
  // Shift the decimal point two places (exact on the string), then let formatPercent round.
  const shifted = `${Number(integer) * 100 + Number(digits.slice(0, 2))}.${digits.slice(2) || '0'}`;
  return formatPercent(shifted);
}

const SIZE_CLASSES = ['UNDER_20K', 'FROM_20K_TO_50K', 'FROM_50K_TO_100K', 'FROM_100K', 'ALL'] as const;

/**
 * Which method is best for which size of municipality: every backtest with, per size class, the
 * WAPE and the share of actuals inside the 50, 80 and 90 % intervals (decision 1301).
 */
export function Backtests() {
  const { t } = useTranslation();
  const backtests = useBacktests();
  return (
    <>
      <PageTitle title={t('nav.finance.backtests')}>{t('finance.backtests.heading')}</PageTitle>
      <p className="muted">{t('finance.backtests.intro')}</p>
      <QueryState fetching={backtests.fetching} error={backtests.error} retry={backtests.retry}>
        {backtests.backtests.length === 0 && <p className="muted">{t('finance.backtests.none')}</p>}
        {backtests.backtests.length > 0 && (
          <div className="table-wrap">
            <table data-testid="backtest-table">
              <caption>{t('finance.backtests.caption', { count: backtests.backtests.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('finance.backtests.method')}</th>
                  <th scope="col">{t('finance.backtests.sizeClass')}</th>
                  <th scope="col" className="num">
                    {t('finance.backtests.lines')}
                  </th>
                  <th scope="col" className="num">
                    {t('finance.backtests.sumActual')}
                  </th>
                  <th scope="col" className="num">
                    WAPE
                  </th>
                  <th scope="col" className="num">
                    {t('finance.backtests.coverage', { level: 50 })}
                  </th>
                  <th scope="col" className="num">
                    {t('finance.backtests.coverage', { level: 80 })}
                  </th>
                  <th scope="col" className="num">
                    {t('finance.backtests.coverage', { level: 90 })}
                  </th>
                </tr>
              </thead>
              <tbody>
                {backtests.backtests.flatMap((b) =>
                  [...b.summary]
                    .sort((x, y) => SIZE_CLASSES.indexOf(x.sizeClass as never) - SIZE_CLASSES.indexOf(y.sizeClass as never))
                    .map((s) => (
                      <tr key={`${b.id}-${s.sizeClass}`} data-testid={`backtest-${b.method}-${s.sizeClass}`}>
                        <th scope="row">
                          {b.method}{' '}
                          <span className="muted">{t('finance.backtests.made', { date: formatDate(b.createdAt), params: b.params })}</span>
                        </th>
                        <td>{t(`finance.backtests.class.${s.sizeClass as (typeof SIZE_CLASSES)[number]}`)}</td>
                        <td className="num">{formatCount(s.lines)}</td>
                        <td className="num">{formatCount(s.sumActual)}</td>
                        <td className="num">{fractionAsPercent(s.wape)}</td>
                        <td className="num">{fractionAsPercent(s.coverage50)}</td>
                        <td className="num">{fractionAsPercent(s.coverage80)}</td>
                        <td className="num">{fractionAsPercent(s.coverage90)}</td>
                      </tr>
                    )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}
