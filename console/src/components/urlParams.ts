import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Page state kept in the query string (filters, selected year), so a view can be bookmarked and
 * shared. Updates merge into the *latest* parameters (a functional update): two changes in quick
 * succession, such as clearing a filter and typing a search, both stick. An empty value removes
 * the parameter.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string>) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [name, value] of Object.entries(changes)) {
            if (value === '') {
              next.delete(name);
            } else {
              next.set(name, value);
            }
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [params, update];
}
