import { useEffect, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import type { FinanceBacktestRowsQuery } from '../../../gql/graphql';

export const BacktestsQuery = graphql(`
  query FinanceForecastBacktests {
    forecastBacktests {
      id
      method
      params
      createdAt
      forecastIds
      summary {
        sizeClass
        lines
        sumActual
        sumAbsError
        wape
        coverage50
        coverage80
        coverage90
      }
    }
  }
`);

/**
 * One municipality's lines of a backtest, a page at a time, with the municipalities it has lines
 * for: what the fan chart draws (decision 1880; before, every line of every forecast of the
 * backtest, 736 KB at national scale).
 */
const BacktestRowsQuery = graphql(`
  query FinanceBacktestRows($id: ID!, $code: String, $first: Int!, $after: String) {
    forecastBacktest(id: $id) {
      id
      municipalityCodes
      rowPage(municipalityCode: $code, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            year
            municipalityCode
            category
            route
            forecast
            p10
            p50
            p90
            actual
          }
        }
      }
    }
  }
`);

/** Lines per request: one municipality has a few dozen (categories × routes × years). */
const PAGE = 500;

export function useBacktests() {
  const [result, reexecute] = useQuery({ query: BacktestsQuery });
  return { ...result, backtests: result.data?.forecastBacktests ?? [], retry: () => reexecute({ requestPolicy: 'network-only' }) };
}

export interface FanLine {
  year: number;
  municipalityCode: string;
  category: string;
  route: string | null;
  value: string;
  p10: string | null;
  p50: string | null;
  p90: string | null;
  actual: string | null;
}

/**
 * The stored forecast lines of one municipality in a backtest with the actual count of their year
 * (the backtest's lines: forecast, quantiles and actual side by side), and the municipalities the
 * backtest has lines for. `code` null or not in the backtest: GM0363 if it has lines, else the first.
 */
export function useFanLines(
  backtest: { id: string } | undefined,
  code: string | null,
): {
  codes: string[];
  code: string;
  lines: FanLine[];
  fetching: boolean;
  error: CombinedError | null;
} {
  const client = useClient();
  const [state, setState] = useState<{ key: string; codes: string[]; code: string; lines: FanLine[]; error: CombinedError | null }>({
    key: '',
    codes: [],
    code: '',
    lines: [],
    error: null,
  });
  const key = backtest === undefined ? '' : `${backtest.id}|${code ?? ''}`;
  useEffect(() => {
    if (backtest === undefined) {
      return;
    }
    let cancelled = false;
    const fail = (error: CombinedError) => {
      if (!cancelled) {
        setState({ key, codes: [], code: '', lines: [], error });
      }
    };
    void (async () => {
      const read = async (wanted: string) => {
        const lines: FanLine[] = [];
        let codes: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page = await client.query(BacktestRowsQuery, { id: backtest.id, code: wanted, first: PAGE, after }).toPromise();
          if (page.error || !page.data) {
            return { error: page.error ?? null, codes, lines };
          }
          const bt: FinanceBacktestRowsQuery['forecastBacktest'] = page.data.forecastBacktest;
          codes = bt.municipalityCodes;
          for (const { node: r } of bt.rowPage.edges) {
            lines.push({
              year: r.year,
              municipalityCode: r.municipalityCode,
              category: r.category,
              route: r.route ?? null,
              value: r.forecast,
              p10: r.p10 ?? null,
              p50: r.p50 ?? null,
              p90: r.p90 ?? null,
              actual: r.actual,
            });
          }
          if (!bt.rowPage.pageInfo.hasNextPage || bt.rowPage.pageInfo.endCursor == null) {
            return { error: null, codes, lines };
          }
          after = bt.rowPage.pageInfo.endCursor;
        }
      };
      let wanted = code ?? 'GM0363';
      let result = await read(wanted);
      if (result.error === null && !result.codes.includes(wanted) && result.codes.length > 0) {
        // Not in this backtest: the first municipality that is.
        wanted = result.codes.includes('GM0363') ? 'GM0363' : (result.codes[0] as string);
        result = await read(wanted);
      }
      if (result.error) {
        fail(result.error);
        return;
      }
      if (!cancelled) {
        setState({ key, codes: result.codes, code: wanted, lines: result.lines, error: null });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [key, client]);
  const current = state.key === key;
  // While another municipality of the same backtest is read, the picker keeps its list and choice.
  const sameBacktest = backtest !== undefined && state.key.startsWith(`${backtest.id}|`);
  return {
    codes: current || sameBacktest ? state.codes : [],
    code: current ? state.code : sameBacktest ? (code ?? state.code) : '',
    lines: current ? state.lines : [],
    fetching: backtest !== undefined && !current,
    error: current ? state.error : null,
  };
}
