import { YearSelect } from '../../components/YearSelect';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { formatDate, formatMoney } from '../../format';

const SchemeYearsQuery = graphql(`
  query FinanceSchemeYears {
    schemes {
      id
      code
      name
      year
      status
      budget
      budgetMode
    }
    allocationRuns {
      id
      seq
      schemeCode
      year
      stage
      status
      totalAmount
      municipalityCount
      createdAt
      createdBy
    }
  }
`);

/** Scheme-years with their allocation runs, newest year first. */
export function SchemeYears() {
  const [{ data, fetching, error }] = useQuery({ query: SchemeYearsQuery });
  const [params, setParams] = useSearchParams();
  const all = [...(data?.schemes ?? [])].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));
  const years = [...new Set(all.map((s) => s.year))];
  const yearParam = params.get('year');
  const schemes = yearParam === null || yearParam === 'all' ? all : all.filter((s) => String(s.year) === yearParam);
  return (
    <>
      <PageTitle title="Scheme-years and runs">Scheme-years and allocation runs</PageTitle>
      <QueryState fetching={fetching} error={error}>
        <div className="toolbar">
          <YearSelect
            years={years}
            value={yearParam === null || yearParam === 'all' ? 'all' : Number(yearParam)}
            onChange={(y) => setParams({ year: String(y) }, { replace: true })}
            allLabel="All years"
          />
        </div>
        {schemes.length === 0 && <p className="muted">No scheme-years.</p>}
        {schemes.map((scheme) => {
          const runs = (data?.allocationRuns ?? []).filter((r) => r.schemeCode === scheme.code && r.year === scheme.year);
          return (
            <section key={scheme.id} className="card" aria-labelledby={`scheme-${scheme.id}`}>
              <h2 id={`scheme-${scheme.id}`}>
                {scheme.name.endsWith(String(scheme.year)) ? scheme.name : `${scheme.name} ${scheme.year}`}{' '}
                <span className="badge">{scheme.status}</span>
              </h2>
              <p className="muted">
                {scheme.code} · budget {formatMoney(scheme.budget)} ({scheme.budgetMode === 'CLOSED' ? 'closed budget' : 'open-ended'})
              </p>
              <p className="buttons">
                <Link to={`/finance/side-by-side?scheme=${scheme.code}&year=${scheme.year}`}>
                  Attribution vs taakstelling
                  <span className="sr-only">
                    {' '}
                    of {scheme.code} {scheme.year}
                  </span>
                </Link>
                <Link to={`/finance/advances?scheme=${scheme.code}&year=${scheme.year}`}>
                  Advances
                  <span className="sr-only">
                    {' '}
                    of {scheme.code} {scheme.year}
                  </span>
                </Link>
                <Link to={`/finance/overrun?scheme=${scheme.code}&year=${scheme.year}`}>
                  Overrun
                  <span className="sr-only">
                    {' '}
                    of {scheme.code} {scheme.year}
                  </span>
                </Link>
                <Link to={`/finance/reporting?scheme=${scheme.code}&year=${scheme.year}`}>
                  Reporting status
                  <span className="sr-only">
                    {' '}
                    of {scheme.code} {scheme.year}
                  </span>
                </Link>
              </p>
              {runs.length === 0 ? (
                <p className="muted">No allocation runs yet.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="sr-only">
                      Allocation runs of {scheme.name} {scheme.year}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Run</th>
                        <th scope="col">Stage</th>
                        <th scope="col">Status</th>
                        <th scope="col" className="num">
                          Total
                        </th>
                        <th scope="col" className="num">
                          Municipalities
                        </th>
                        <th scope="col">Created</th>
                      </tr>
                    </thead>
                    <tbody>
                      {runs.map((run) => (
                        <tr key={run.id}>
                          <td>
                            <Link to={`/finance/runs/${run.id}`}>
                              {scheme.code} {scheme.year} run {run.seq}
                            </Link>
                          </td>
                          <td>{run.stage}</td>
                          <td>{run.status}</td>
                          <td className="num">{formatMoney(run.totalAmount)}</td>
                          <td className="num">{run.municipalityCount}</td>
                          <td>
                            {formatDate(run.createdAt)} <span className="muted">by {run.createdBy}</span>
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
