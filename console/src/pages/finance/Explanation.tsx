import { useEffect, useRef } from 'react';
import { Link, useOutletContext, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { allocationSteps, termLabel } from '../../explain';
import { formatCount, formatDate, formatMoney } from '../../format';

const ExplanationQuery = graphql(`
  query FinanceAllocationExplanation($code: String!, $runId: String!) {
    allocationExplanation(municipalityCode: $code, runId: $runId) {
      municipalityCode
      ...ConsoleAllocationExplanationFigures
    }
  }
`);

/** The calculation of one municipality's line, term by term (shown above the run's table). */
export function Explanation() {
  const { t } = useTranslation();
  const names = useOutletContext<Map<string, string> | undefined>();
  const { runId = '', code = '' } = useParams();
  const [params] = useSearchParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ExplanationQuery, variables: { code, runId } });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [code]);
  const e = data?.allocationExplanation;
  const name = names?.get(code);
  const query = params.toString();
  return (
    <section className="card fin-explanation" aria-labelledby="explanation-heading" data-testid="explanation">
      <h2 id="explanation-heading" ref={heading} tabIndex={-1}>
        {t('finance.explanation.heading', { who: name === undefined ? code : `${name} (${code})` })}
      </h2>
      <QueryState fetching={fetching} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {e && (
          <>
            <p>
              {t('finance.explanation.decision')} <strong>{e.decisionNumber}</strong>: {t('finance.explanation.amount')}{' '}
              <strong data-testid="explanation-amount">{formatMoney(e.amount)}</strong>
            </p>
            <div className="table-wrap">
              <table>
                <caption>{t('finance.explanation.termsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('common.category')}</th>
                    <th scope="col" className="num">
                      {t('common.count')}
                    </th>
                    <th scope="col" className="num">
                      {t('finance.explanation.rate')}
                    </th>
                    <th scope="col">{t('finance.explanation.rateValidFrom')}</th>
                    <th scope="col" className="num">
                      {t('finance.explanation.product')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {e.terms.map((term, i) => (
                    <tr key={i}>
                      <td>{termLabel(t, term)}</td>
                      <td className="num" data-testid="term-count">
                        {formatCount(term.count)}
                      </td>
                      <td className="num">{formatMoney(term.rate)}</td>
                      <td>{formatDate(term.rateValidFrom)}</td>
                      <td className="num">{formatMoney(term.product)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td colSpan={4}>{t('finance.explanation.baseAmount')}</td>
                    <td className="num">{formatMoney(e.baseAmount)}</td>
                  </tr>
                  <tr>
                    <th scope="row" colSpan={4}>
                      {t('finance.run.weight')}
                    </th>
                    <td className="num">{formatMoney(e.weight)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <h3>{t('finance.explanation.calculation')}</h3>
            <ol className="fin-steps" data-testid="explanation-steps">
              {allocationSteps(t, e).map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </>
        )}
      </QueryState>
      <p>
        <Link to={`/finance/runs/${runId}${query === '' ? '' : `?${query}`}`}>{t('finance.explanation.close')}</Link>
      </p>
    </section>
  );
}
