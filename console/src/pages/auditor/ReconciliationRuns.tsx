import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../format';

const RunsQuery = graphql(`
  query AuditorReconciliationRuns {
    reconciliationRuns(first: 100) {
      edges {
        node {
          id
          schemeCode
          year
          status
          progressDone
          progressTotal
          differenceCount
          createdAt
        }
      }
    }
  }
`);

/** Reconciliation runs with status and progress. */
export function ReconciliationRuns() {
  const [{ data, fetching, error }] = useQuery({ query: RunsQuery });
  const runs = data?.reconciliationRuns.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageTitle title="Reconciliation runs">Reconciliation runs</PageTitle>
      <QueryState fetching={fetching} error={error}>
        {runs.length === 0 ? <p className="muted">No reconciliation runs yet.</p> : null}
        <ul>
          {runs.map((run) => (
            <li key={run.id}>
              {run.schemeCode} {run.year}: {run.status} ({run.progressDone}/{run.progressTotal}) · {formatDate(run.createdAt)}
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}
