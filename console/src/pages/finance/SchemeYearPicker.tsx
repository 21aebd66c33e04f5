import { YearSelect } from '../../components/YearSelect';
import { useId } from 'react';
import { useUrlParams } from '../../components/urlParams';
import { useQuery } from 'urql';
import { graphql } from '../../gql';

const SchemeYearOptionsQuery = graphql(`
  query FinanceSchemeYearOptions {
    schemes {
      id
      code
      name
      year
      budgetMode
      budget
      accountabilityDeadline
    }
    allocationRuns {
      id
      schemeCode
      year
      seq
      stage
      status
      ruleVersionId
      createdAt
    }
  }
`);

export interface SchemeYearChoice {
  schemeCode: string;
  year: number;
}

/**
 * The scheme and year a page shows, kept in the URL (`?scheme=…&year=…`) so a view can be linked.
 * Defaults to the latest year that has an allocation run (else the latest scheme-year), and within
 * it to the first scheme by code (or `preferMode`'s first scheme).
 */
export function useSchemeYear(preferMode?: 'OPEN_ENDED' | 'CLOSED') {
  const [{ data, fetching, error }] = useQuery({ query: SchemeYearOptionsQuery });
  const [params, updateParams] = useUrlParams();
  const schemes = [...(data?.schemes ?? [])].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));
  const runs = data?.allocationRuns ?? [];
  const years = [...new Set(schemes.map((s) => s.year))].sort((a, b) => b - a);
  const yearsWithRuns = years.filter((y) => runs.some((r) => r.year === y));
  const defaultYear = yearsWithRuns[0] ?? years[0];
  const yearParam = Number(params.get('year'));
  const year = years.includes(yearParam) ? yearParam : defaultYear;
  const inYear = schemes.filter((s) => s.year === year);
  const codeParam = params.get('scheme');
  const preferred = inYear.find((s) => s.budgetMode === preferMode) ?? inYear[0];
  const scheme = inYear.find((s) => s.code === codeParam) ?? preferred;
  const schemeRuns = runs.filter((r) => r.schemeCode === scheme?.code && r.year === year).sort((a, b) => b.seq - a.seq);
  const currentRun = schemeRuns.find((r) => r.status === 'CURRENT') ?? schemeRuns[0];
  const choose = (next: Partial<SchemeYearChoice>) => {
    const changes: Record<string, string> = {};
    if (next.year !== undefined) {
      changes.year = String(next.year);
    }
    if (next.schemeCode !== undefined) {
      changes.scheme = next.schemeCode;
    }
    updateParams(changes);
  };
  return { fetching, error, years, year, inYear, scheme, schemeRuns, currentRun, choose };
}

/** Labelled selects for the year and the scheme. */
export function SchemeYearPicker({ state }: { state: ReturnType<typeof useSchemeYear> }) {
  const id = useId();
  const { years, year, inYear, scheme, choose } = state;
  return (
    <div className="toolbar">
      <YearSelect years={years} value={year ?? null} onChange={(y) => y !== 'all' && choose({ year: y })} />
      <label htmlFor={`${id}-scheme`}>
        Scheme
        <select id={`${id}-scheme`} value={scheme?.code ?? ''} onChange={(e) => choose({ schemeCode: e.target.value })}>
          {inYear.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
