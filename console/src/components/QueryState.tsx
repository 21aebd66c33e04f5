import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphqlErrors, isTransient } from '../client';

/** Loading and error states of a query, announced to screen readers. */
export function QueryState({
  fetching,
  error,
  retry,
  children,
}: {
  fetching: boolean;
  error?: CombinedError | null;
  /** Runs the query again (a transient error offers it as a button). */
  retry?: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  if (error) {
    return <ErrorPanel error={error} retry={retry} />;
  }
  if (fetching) {
    return (
      <p className="muted" role="status" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  return <>{children}</>;
}

/**
 * An error from the API in words: a refusal as "not allowed", a server that does not answer (or
 * answers 503) as a temporary problem with a button to try again; the session is kept either way.
 */
export function ErrorPanel({ error, retry }: { error: CombinedError; retry?: () => void }) {
  const { t } = useTranslation();
  const errors = graphqlErrors(error);
  if (isTransient(error)) {
    return (
      <div className="alert" role="alert" data-testid="unavailable">
        <strong>{t('errors.unavailableTitle')}</strong>
        <p>{t('errors.unavailableText')}</p>
        <button type="button" className="secondary" onClick={() => (retry ? retry() : window.location.reload())}>
          {t('errors.retry')}
        </button>
      </div>
    );
  }
  const forbidden = errors.some((e) => e.code === 'FORBIDDEN');
  return (
    <div className="alert" role="alert" data-testid={forbidden ? 'forbidden' : 'error'}>
      <strong>{forbidden ? t('errors.forbiddenTitle') : t('errors.errorTitle')}</strong>
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
