import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { graphqlErrors } from '../client';

/** Loading and error states of a query, announced to screen readers. */
export function QueryState({ fetching, error, children }: { fetching: boolean; error?: CombinedError; children?: ReactNode }) {
  if (error) {
    return <ErrorPanel error={error} />;
  }
  if (fetching) {
    return (
      <p className="muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  return <>{children}</>;
}

export function ErrorPanel({ error }: { error: CombinedError }) {
  const errors = graphqlErrors(error);
  const forbidden = errors.some((e) => e.code === 'FORBIDDEN');
  return (
    <div className="alert" role="alert" data-testid={forbidden ? 'forbidden' : 'error'}>
      <strong>{forbidden ? 'Not allowed' : 'Something went wrong'}</strong>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.message} <code>{e.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
