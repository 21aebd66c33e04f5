import type { CombinedError } from 'urql';
import { fieldErrors, graphqlErrors } from '../../../client';

/** One API problem: the dotted field path and its message. */
export interface Problem {
  field: string | null;
  message: string;
}

/** Every problem the API reported (extensions.problems when it lists several, else the errors themselves). */
export function problemsOf(error: CombinedError): Problem[] {
  const out: Problem[] = [];
  for (const e of error.graphQLErrors) {
    const listed = e.extensions.problems;
    if (Array.isArray(listed)) {
      for (const p of listed as { field?: unknown; message?: unknown }[]) {
        out.push({ field: typeof p.field === 'string' ? p.field : null, message: typeof p.message === 'string' ? p.message : e.message });
      }
    }
  }
  if (out.length > 0) {
    return out;
  }
  const byField = fieldErrors(graphqlErrors(error));
  return graphqlErrors(error).map((e) => ({ field: e.field, message: e.field !== null ? (byField[e.field] ?? e.message) : e.message }));
}
