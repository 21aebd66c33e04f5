import { useEffect, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';

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

const BacktestRowsQuery = graphql(`
  query FinanceBacktestRows($id: ID!) {
    forecastBacktest(id: $id) {
      id
      rows {
        year
        municipalityCode
        category
        route
        actual
      }
    }
  }
`);

const ForecastLinesQuery = graphql(`
  query FinanceForecastLines($id: ID!) {
    forecast(id: $id) {
      id
      year
      lines {
        municipalityCode
        category
        route
        value
        p10
        p50
        p90
      }
    }
  }
`);

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

/** Every stored forecast line of a backtest with the actual count of its year (read from the backtest's rows). */
export function useFanLines(backtest: { id: string; forecastIds: string[] } | undefined): {
  lines: FanLine[];
  fetching: boolean;
  error: CombinedError | null;
} {
  const client = useClient();
  const [state, setState] = useState<{ key: string; lines: FanLine[]; error: CombinedError | null }>({ key: '', lines: [], error: null });
  const key = backtest?.id ?? '';
  useEffect(() => {
    if (backtest === undefined) {
      return;
    }
    let cancelled = false;
    void (async () => {
      const rows = await client.query(BacktestRowsQuery, { id: backtest.id }).toPromise();
      if (rows.error) {
        if (!cancelled) {
          setState({ key: backtest.id, lines: [], error: rows.error });
        }
        return;
      }
      const actual = new Map(
        (rows.data?.forecastBacktest.rows ?? []).map((r) => [`${r.year}|${r.municipalityCode}|${r.category}|${r.route ?? ''}`, r.actual]),
      );
      const lines: FanLine[] = [];
      for (const id of backtest.forecastIds) {
        const f = await client.query(ForecastLinesQuery, { id }).toPromise();
        if (f.error) {
          if (!cancelled) {
            setState({ key: backtest.id, lines: [], error: f.error });
          }
          return;
        }
        const forecast = f.data?.forecast;
        for (const l of forecast?.lines ?? []) {
          lines.push({
            year: forecast!.year,
            municipalityCode: l.municipalityCode,
            category: l.category,
            route: l.route ?? null,
            value: l.value,
            p10: l.p10 ?? null,
            p50: l.p50 ?? null,
            p90: l.p90 ?? null,
            actual: actual.get(`${forecast!.year}|${l.municipalityCode}|${l.category}|${l.route ?? ''}`) ?? null,
          });
        }
      }
      if (!cancelled) {
        setState({ key: backtest.id, lines, error: null });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [key, client]);
  return { lines: state.key === key ? state.lines : [], fetching: backtest !== undefined && state.key !== key, error: state.error };
}
