import { useEffect, useRef } from 'react';
import { Link, useOutletContext, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { formatDate, formatDecimal, formatMoney } from '../../format';

const ExplanationQuery = graphql(`
  query FinanceAllocationExplanation($code: String!, $runId: String!) {
    allocationExplanation(municipalityCode: $code, runId: $runId) {
      municipalityCode
      decisionNumber
      amount
      baseAmount
      weight
      totalWeight
      exactShare
      adjustment
      budget
      budgetMode
      steps
      terms {
        category
        route
        count
        rate
        rateValidFrom
        product
      }
    }
  }
`);

/** The calculation of one municipality's line, term by term (shown above the run's table). */
export function Explanation() {
  const names = useOutletContext<Map<string, string> | undefined>();
  const { runId = '', code = '' } = useParams();
  const [params] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: ExplanationQuery, variables: { code, runId } });
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
        Explanation: {name === undefined ? code : `${name} (${code})`}
      </h2>
      <QueryState fetching={fetching} error={error}>
        {e && (
          <>
            <p>
              Decision <strong>{e.decisionNumber}</strong>: amount <strong data-testid="explanation-amount">{formatMoney(e.amount)}</strong>
            </p>
            <div className="table-wrap">
              <table>
                <caption>Terms of the weight</caption>
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col">Route</th>
                    <th scope="col" className="num">
                      Count
                    </th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    <th scope="col">Rate valid from</th>
                    <th scope="col" className="num">
                      Count × rate
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {e.terms.map((t, i) => (
                    <tr key={i}>
                      <td>{t.category}</td>
                      <td>{t.route ?? '—'}</td>
                      <td className="num">{formatDecimal(t.count, 2)}</td>
                      <td className="num">{formatMoney(t.rate)}</td>
                      <td>{formatDate(t.rateValidFrom)}</td>
                      <td className="num">{formatMoney(t.product)}</td>
                    </tr>
                  ))}
                  <tr>
                    <td colSpan={5}>Base amount (vaste voet)</td>
                    <td className="num">{formatMoney(e.baseAmount)}</td>
                  </tr>
                  <tr>
                    <th scope="row" colSpan={5}>
                      Weight
                    </th>
                    <td className="num">{formatMoney(e.weight)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <h3>Calculation</h3>
            <ol className="fin-steps">
              {e.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </>
        )}
      </QueryState>
      <p>
        <Link to={`/finance/runs/${runId}${query === '' ? '' : `?${query}`}`}>Close the explanation</Link>
      </p>
    </section>
  );
}
