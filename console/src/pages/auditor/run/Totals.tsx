import { useTranslation } from 'react-i18next';
import { formatCount, formatMoney } from '../../../format';
import { parseTotals } from '../common';

/** The run's expected and actual balances over all municipalities, and its differences per cause. */
export function Totals({ text }: { text: string | null | undefined }) {
  const { t } = useTranslation();
  const totals = parseTotals(text);
  if (totals === null) {
    return null;
  }
  const rows: [string, string | undefined, string | undefined][] = [
    [t('auditor.totals.committed'), totals.committedExpected, totals.committedActual],
    [t('auditor.totals.advances'), totals.advanceExpected, totals.advanceActual],
    [t('auditor.totals.receivables'), totals.receivableExpected, totals.receivableActual],
  ];
  const causes = Object.entries(totals.byCause ?? {}).sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <section aria-labelledby="run-totals">
      <h2 id="run-totals">{t('auditor.totals.heading')}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t('auditor.totals.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auditor.totals.balance')}</th>
              <th scope="col" className="num">
                {t('common.expected')}
              </th>
              <th scope="col" className="num">
                {t('common.actual')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, expected, actual]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{formatMoney(expected)}</td>
                <td className="num">{formatMoney(actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t('auditor.totals.differences', { count: totals.differences ?? 0, n: formatCount(totals.differences ?? 0) })}
        {causes.length > 0 ? ': ' : '.'}
        {causes.map(([cause, n], i) => (
          <span key={cause}>
            {i > 0 ? ', ' : ''}
            {cause} {formatCount(n)}
          </span>
        ))}
      </p>
    </section>
  );
}
