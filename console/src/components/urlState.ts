import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { mergeSearch } from './queryString';

/**
 * Page state kept in the query string (filters, selected year), so a view can be bookmarked and
 * shared. An update merges into the browser's *current* query string, not into the one of the
 * last render: React Router renders a navigation later (as a transition), so on a busy machine a
 * second change (a search typed right after a province was cleared) would otherwise be merged into
 * the stale parameters and bring the cleared filter back. `history.replaceState` updates
 * `window.location` synchronously, so it is always the latest state.
 */
export function useUrlParams(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const update = useCallback(
    (changes: Record<string, string>) => {
      const { pathname, search, hash } = window.location;
      void navigate({ pathname, search: mergeSearch(search, changes), hash }, { replace: true });
    },
    [navigate],
  );
  return [params, update];
}

/**
 * One query-string parameter as the state of a control (a select, a search box). The control shows
 * each change at once, from local state, and the URL follows; when the URL changes by other means
 * (back, a link) the control takes the browser's current value. So typing is never undone by a
 * render that still carries an older URL.
 */
export function useUrlParam(name: string): [string, (value: string) => void] {
  const [params, update] = useUrlParams();
  const fromUrl = params.get(name) ?? '';
  const [value, setValue] = useState(fromUrl);
  useEffect(() => {
    setValue(new URLSearchParams(window.location.search).get(name) ?? '');
  }, [fromUrl, name]);
  const set = useCallback(
    (next: string) => {
      setValue(next);
      update({ [name]: next });
    },
    [name, update],
  );
  return [value, set];
}
