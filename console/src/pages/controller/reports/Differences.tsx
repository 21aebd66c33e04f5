import { useTranslation } from 'react-i18next';
import { categoryLabel, routeLabel } from '../../../explain';
import { formatCount, formatMoney } from '../../../format';
import type { Report } from './useReports';

/** Spending checks compare euros; count checks compare persons. */
const figure = (check: string, value: string) => (check.startsWith('SPENDING') ? formatMoney(value) : formatCount(value));

/** The differences the API found when the version was submitted, each within or beyond its tolerance. */
export function Differences({ report }: { report: Report }) {
  const { t } = useTranslation();
  if (report.differences.length === 0) {
    return <p className="muted">{t('controller.reports.noDifferences')}</p>;
  }
  return (
    <div className="table-wrap">
      <table data-testid="report-differences">
        <caption>{t('controller.reports.differencesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('controller.reports.check')}</th>
            <th scope="col">{t('common.category')}</th>
            <th scope="col" className="num">
              {t('controller.reports.reported')}
            </th>
            <th scope="col" className="num">
              {t('common.expected')}
            </th>
            <th scope="col" className="num">
              {t('common.difference')}
            </th>
            <th scope="col">{t('controller.reports.tolerance')}</th>
          </tr>
        </thead>
        <tbody>
          {report.differences.map((d) => (
            <tr key={d.id}>
              <td>{d.check.replace(/_/g, ' ').toLowerCase()}</td>
              <td>
                {[d.category ? categoryLabel(t, d.category) : null, d.route ? routeLabel(t, d.route) : null].filter(Boolean).join(' / ') ||
                  '—'}
              </td>
              <td className="num">{figure(d.check, d.reported)}</td>
              <td className="num">{figure(d.check, d.expected)}</td>
              <td className="num">{figure(d.check, d.difference)}</td>
              <td>
                {d.beyondTolerance ? (
                  <span className="badge danger">{t('controller.reports.beyond')}</span>
                ) : (
                  <span className="badge ok">{t('controller.reports.within')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
