import { useEffect, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { graphql } from '../../gql';

export interface Page<T> {
  nodes: T[];
  endCursor: string | null | undefined;
  hasNextPage: boolean;
}

export interface AllPages<T> {
  data: T[] | null;
  fetching: boolean;
  error?: CombinedError;
  /** Rows loaded so far, for a progress message. */
  loaded: number;
}

/**
 * Follows a connection page by page (`first: 500`, `after: endCursor`) until `hasNextPage` is false,
 * one request per page, never one per row. `key` restarts the walk when the query inputs change.
 */
export function useAllPages<T>(
  key: string | null,
  fetchPage: (after: string | null) => Promise<{ page?: Page<T>; error?: CombinedError }>,
): AllPages<T> {
  const [state, setState] = useState<AllPages<T> & { key: string | null }>({ key: null, data: null, fetching: true, loaded: 0 });
  useEffect(() => {
    if (key === null) {
      return;
    }
    let cancelled = false;
    void (async () => {
      const rows: T[] = [];
      let after: string | null = null;
      for (;;) {
        const { page, error } = await fetchPage(after);
        if (cancelled) {
          return;
        }
        if (error !== undefined || page === undefined) {
          setState({ key, data: null, fetching: false, error, loaded: rows.length });
          return;
        }
        rows.push(...page.nodes);
        if (!page.hasNextPage || page.endCursor === null || page.endCursor === undefined) {
          break;
        }
        after = page.endCursor;
        setState({ key, data: null, fetching: true, loaded: rows.length });
      }
      setState({ key, data: rows, fetching: false, loaded: rows.length });
    })();
    return () => {
      cancelled = true;
    };
    // fetchPage is recreated on every render; the key names what it fetches.
  }, [key]);
  if (key === null || state.key !== key) {
    return { data: null, fetching: key !== null, loaded: 0 };
  }
  return state;
}

const MunicipalitiesPage = graphql(`
  query FinanceMunicipalitiesPage($after: String) {
    municipalities(first: 500, after: $after) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          code
          name
          province
          provinceCode
        }
      }
    }
  }
`);

export interface MunicipalityInfo {
  code: string;
  name: string;
  province: string;
  provinceCode: string;
}

/** Every municipality (all pages), for joining names and provinces onto lines by code. */
export function useMunicipalities(): AllPages<MunicipalityInfo> & { byCode: Map<string, MunicipalityInfo> } {
  const client = useClient();
  const result = useAllPages<MunicipalityInfo>('municipalities', async (after) => {
    const r = await client.query(MunicipalitiesPage, { after }).toPromise();
    const c = r.data?.municipalities;
    return {
      error: r.error,
      page: c && { nodes: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage },
    };
  });
  const byCode = new Map((result.data ?? []).map((m) => [m.code, m]));
  return { ...result, byCode };
}

/** Provinces present in a list of municipalities, by name. */
export function provincesOf(municipalities: readonly MunicipalityInfo[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of municipalities) {
    seen.set(m.provinceCode, m.province);
  }
  return [...seen.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
