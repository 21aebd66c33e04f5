import { useEffect, useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../../gql';
import type { AuditorRunDifferencesQuery, ReconciliationDifferenceFilter } from '../../../gql/graphql';
import { graphqlErrors, type ApiError } from '../../../client';

const DifferencesQuery = graphql(`
  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {
    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AuditorDifference
        }
      }
    }
  }
`);

export type Difference = AuditorRunDifferencesQuery['reconciliationDifferences']['edges'][number]['node'];

/**
 * The differences of a run that match a filter: the first 500 at once, further pages of 500 on
 * request ("show more"); a new filter starts again from the first page.
 */
export function useDifferences(runId: string, filter: ReconciliationDifferenceFilter) {
  const variables = useMemo(() => ({ runId, filter }), [runId, filter]);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DifferencesQuery, variables });
  const client = useClient();
  const [more, setMore] = useState<{ nodes: Difference[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [moreError, setMoreError] = useState<ApiError[]>([]);
  useEffect(() => {
    setMore(null);
    setMoreError([]);
  }, [variables]);

  const first = data?.reconciliationDifferences;
  const nodes = useMemo(() => [...(first?.edges.map((e) => e.node) ?? []), ...(more?.nodes ?? [])], [first, more]);
  const hasNextPage = more ? more.hasNextPage : (first?.pageInfo.hasNextPage ?? false);
  const endCursor = more ? more.endCursor : (first?.pageInfo.endCursor ?? null);

  async function loadMore() {
    const result = await client.query(DifferencesQuery, { ...variables, after: endCursor }).toPromise();
    if (result.error) {
      setMoreError(graphqlErrors(result.error));
      return;
    }
    const page = result.data?.reconciliationDifferences;
    if (page) {
      setMore({
        nodes: [...(more?.nodes ?? []), ...page.edges.map((e) => e.node)],
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      });
    }
  }

  return {
    totalCount: first?.totalCount ?? null,
    nodes,
    hasNextPage,
    loadMore,
    moreError,
    fetching,
    loaded: data !== undefined,
    error,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}
