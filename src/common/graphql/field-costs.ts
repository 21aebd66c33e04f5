import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { DomainError } from '../errors/domain-error';

/**
 * What a field costs in the complexity limit when its real work is more than reading a row
 * (decision 1151). Keyed `Type.field`; every other field costs 1, and a list with `first` costs
 * `first` × its items. `expensive` fields walk a whole table (the journal, every balance, every
 * person): at most one of each per operation, so aliases cannot multiply them.
 */
export interface FieldCost {
  cost: number;
  expensive?: boolean;
}

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  // Reads and hashes every journal transaction (about 0.4 s per 100,000 postings on this machine).
  'Query.verifyJournal': { cost: 5000, expensive: true },
  // From the last checkpoint to the head; from genesis when there is no checkpoint yet.
  'Query.verifyJournalSinceCheckpoint': { cost: 1000, expensive: true },
  // A full verification, then a comparison with the kept checkpoint.
  'Query.checkJournalAgainstCheckpoint': { cost: 5000, expensive: true },
  // Aggregates every posting up to a date.
  'Query.trialBalance': { cost: 1000, expensive: true },
  // Every posting of an account (or of a municipality's accounts) over a period.
  'Query.accountStatement': { cost: 500 },
  'Query.accountBalance': { cost: 10 },
  'Query.municipalityBalances': { cost: 200 },
  // The attribution of every person under every rule, side by side.
  'Query.attributionSideBySide': { cost: 2000, expensive: true },
  // The per-person trace of an attribution run: the run's whole year of periods, recomputed per page.
  'Query.attributionDetail': { cost: 1000, expensive: true },
  'Query.allocationExplanation': { cost: 200 },
  'Query.compareAllocationRuns': { cost: 500 },
  // Writes an export file of a whole run.
  'Mutation.exportReconciliation': { cost: 1000, expensive: true },
  // Starting work that runs on the job queue is cheap for the request; the work is priced by the queue.
  'Mutation.startReconciliation': { cost: 100 },
  'Mutation.startJournalVerification': { cost: 100 },
};

/**
 * Refuses an operation that selects an expensive field more than once (under aliases or through
 * fragments): `BAD_USER_INPUT`, reason `EXPENSIVE_FIELD_REPEATED`, naming the field.
 */
export function refuseRepeatedExpensiveFields(document: DocumentNode, operationName: string | null | undefined): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    } else if (definition.kind === Kind.OPERATION_DEFINITION && (operationName == null || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  if (operation === undefined) {
    return;
  }
  const root = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
  // Expensive fields are root fields: count them in the operation's top selection set, fragments
  // and inline fragments included (each fragment spread once per place it is spread).
  const seen = new Map<string, number>();
  const count = (set: SelectionSetNode, depth: number): void => {
    if (depth > 20) {
      return;
    }
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = `${root}.${selection.name.value}`;
        if (FIELD_COSTS[key]?.expensive === true) {
          const n = (seen.get(key) ?? 0) + 1;
          seen.set(key, n);
          if (n > 1) {
            throw new DomainError('BAD_USER_INPUT', `${selection.name.value} may be asked once per operation`, {
              reason: 'EXPENSIVE_FIELD_REPEATED',
              field: selection.name.value,
            });
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count(selection.selectionSet, depth + 1);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) {
          count(fragment.selectionSet, depth + 1);
        }
      }
    }
  };
  count(operation.selectionSet, 0);
}
