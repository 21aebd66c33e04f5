import { useCallback } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../../gql';
import { isActive, usePolling } from '../common';

const RunQuery = graphql(`
  query AuditorReconciliationRun($id: ID!) {
    reconciliationRun(id: $id) {
      ...AuditorRunSummary
      startedAt
      finishedAt
      inputHash
      outputHash
      journalHeadHash
      journalHeadSequence
      municipalityCodes
      totals
    }
    reconciliationReproductions(runId: $id) {
      inputHash
      outputHash
      matches
      reproducedAt
      reproducedBy
    }
  }
`);

const ReproduceMutation = graphql(`
  mutation AuditorReproduceReconciliation($runId: ID!) {
    reproduceReconciliation(runId: $runId) {
      matches
      inputHash
      outputHash
    }
  }
`);

/** One reconciliation run and its reproductions, polled every second while the run is still working. */
export function useRun(id: string) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: RunQuery, variables: { id } });
  const run = data?.reconciliationRun;
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(run !== undefined && isActive(run.status), reload);
  return { run, reproductions: data?.reconciliationReproductions ?? [], loading: fetching && data === undefined, error, reload };
}

export type Run = NonNullable<ReturnType<typeof useRun>['run']>;
export type Reproduction = ReturnType<typeof useRun>['reproductions'][number];

/** Recomputes the run from its frozen inputs (the API records the outcome). */
export function useReproduce() {
  const [{ fetching, error }, reproduce] = useMutation(ReproduceMutation);
  return {
    fetching,
    error,
    reproduce: async (runId: string) => (await reproduce({ runId })).data?.reproduceReconciliation ?? null,
  };
}
