import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { StatusBadge, useStageLabel } from '../../components/StatusBadge';
import { runsOf, useSchemeYears, YearSelect } from '../../components/SchemeYearPicker';
import { yearsOf } from '../../components/schemeYear';
import { useUrlParam } from '../../components/urlState';
import { formatCount, formatDate, formatMoney } from '../../format';

/** Scheme-years with their allocation runs, newest year first. */
export function SchemeYears() {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const { schemes: all, runs, fetching, error, retry } = useSchemeYears();
  const [yearParam, setYear] = useUrlParam('year');
  const years = yearsOf(all);
  const schemes = yearParam === '' || yearParam === 'all' ? all : all.filter((s) => String(s.year) === yearParam);
  return (
    <>
      <PageTitle title={t('finance.schemeYears.title')}>{t('finance.schemeYears.heading')}</PageTitle>
      <QueryState fetching={fetching} error={error} retry={retry}>
        <div className="toolbar">
          <YearSelect
            years={years}
            value={yearParam === '' || yearParam === 'all' ? 'all' : Number(yearParam)}
            onChange={(y) => setYear(String(y))}
            allLabel={t('picker.allYears')}
          />
        </div>
        {schemes.length === 0 && <p className="muted">{t('finance.schemeYears.none')}</p>}
        {schemes.map((scheme) => {
          const schemeRuns = runsOf(runs, scheme);
          const of = { code: scheme.code, year: scheme.year };
          const query = `?scheme=${scheme.code}&year=${scheme.year}`;
          return (
            <section key={scheme.id} className="card" aria-labelledby={`scheme-${scheme.id}`}>
              <h2 id={`scheme-${scheme.id}`}>
                {scheme.name.endsWith(String(scheme.year)) ? scheme.name : `${scheme.name} ${scheme.year}`}{' '}
                <StatusBadge status={scheme.status} />
              </h2>
              <p className="muted">
                {t('finance.schemeYears.budget', {
                  code: scheme.code,
                  budget: formatMoney(scheme.budget),
                  mode: t(`budgetMode.${scheme.budgetMode}`),
                })}
              </p>
              <p className="buttons">
                <Link to={`/finance/side-by-side${query}`}>
                  {t('nav.finance.sideBySide')}
                  <span className="sr-only"> {t('finance.schemeYears.ofScheme', of)}</span>
                </Link>
                <Link to={`/finance/advances${query}`}>
                  {t('nav.finance.advances')}
                  <span className="sr-only"> {t('finance.schemeYears.ofScheme', of)}</span>
                </Link>
                <Link to={`/finance/overrun${query}`}>
                  {t('nav.finance.overrun')}
                  <span className="sr-only"> {t('finance.schemeYears.ofScheme', of)}</span>
                </Link>
                <Link to={`/finance/reporting${query}`}>
                  {t('nav.finance.reporting')}
                  <span className="sr-only"> {t('finance.schemeYears.ofScheme', of)}</span>
                </Link>
              </p>
              {schemeRuns.length === 0 ? (
                <p className="muted">{t('finance.schemeYears.noRuns')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="sr-only">{t('finance.schemeYears.runsCaption', { name: scheme.name, year: scheme.year })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('finance.schemeYears.run')}</th>
                        <th scope="col">{t('finance.schemeYears.stage')}</th>
                        <th scope="col">{t('common.status')}</th>
                        <th scope="col" className="num">
                          {t('common.total')}
                        </th>
                        <th scope="col" className="num">
                          {t('common.municipalities')}
                        </th>
                        <th scope="col">{t('finance.schemeYears.created')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {schemeRuns.map((run) => (
                        <tr key={run.id}>
                          <td>
                            <Link to={`/finance/runs/${run.id}`}>{t('finance.schemeYears.runLink', { ...of, seq: run.seq })}</Link>
                          </td>
                          <td>{stageLabel(run.stage)}</td>
                          <td>
                            <StatusBadge status={run.status} />
                          </td>
                          <td className="num">{formatMoney(run.totalAmount)}</td>
                          <td className="num">{formatCount(run.municipalityCount)}</td>
                          <td>
                            {formatDate(run.createdAt)} <span className="muted">{t('common.by', { who: run.createdBy })}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          );
        })}
      </QueryState>
    </>
  );
}
