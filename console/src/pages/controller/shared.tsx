import { YearSelect } from '../../components/YearSelect';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { QueryState } from '../../components/QueryState';
import './controller.css';

const MunicipalityQuery = graphql(`
  query ControllerMunicipality($code: String!) {
    municipality(code: $code) {
      code
      name
      province
      population
    }
  }
`);

export interface GatedMunicipality {
  code: string;
  name: string;
  province: string;
  population: number;
}

/**
 * Every controller page starts here: the code from the URL goes to the API as typed, and nothing
 * else of the page is queried or shown unless the API hands out that municipality. Another
 * municipality's code gets the API's refusal (FORBIDDEN) and only that.
 */
export function MunicipalityGate({ page, children }: { page: string; children: (m: GatedMunicipality) => ReactNode }) {
  const { code = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: MunicipalityQuery, variables: { code } });
  const m = data?.municipality;
  // The heading only ever shows what the API returned, or the code as typed.
  const label = m ? `${m.name} (${m.code})` : code;
  return (
    <>
      <PageTitle title={`${page} · ${m ? m.name : code}`}>
        {page}
        <span className="ctl-subtitle"> · {label}</span>
      </PageTitle>
      <QueryState fetching={fetching} error={error}>
        {m && m.code === code ? children(m) : null}
      </QueryState>
    </>
  );
}

const SchemeYearsQuery = graphql(`
  query ControllerSchemeYears {
    schemes {
      id
      code
      name
      year
      status
      budgetMode
      settlesOnSpending
      usesRoutes
      unitScale
      accountabilityDeadline
    }
    allocationRuns {
      id
      seq
      schemeCode
      year
      stage
      status
      createdAt
    }
  }
`);

export interface SchemeYear {
  id: string;
  code: string;
  name: string;
  year: number;
  status: string;
  budgetMode: string;
  settlesOnSpending: boolean;
  usesRoutes: boolean;
  unitScale: number;
  accountabilityDeadline: string;
}

export interface RunSummary {
  id: string;
  seq: number;
  schemeCode: string;
  year: number;
  stage: string;
  status: string;
  createdAt: string;
}

/** Scheme-years (newest year first) and every allocation run (runs are national; their lines are scoped). */
export function useSchemeYears() {
  const [result] = useQuery({ query: SchemeYearsQuery });
  const schemes: SchemeYear[] = [...(result.data?.schemes ?? [])].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));
  const runs: RunSummary[] = result.data?.allocationRuns ?? [];
  return { schemes, runs, fetching: result.fetching, error: result.error };
}

/**
 * The scheme-year chosen in the URL (`?scheme=…&year=…`), else the first of `preferred` (the
 * latest with data for the page), else the newest scheme-year.
 */
export function useSelectedSchemeYear(schemes: SchemeYear[], preferred: SchemeYear[]) {
  const [params, setParams] = useSearchParams();
  const scheme = params.get('scheme');
  const year = Number(params.get('year'));
  const chosen = schemes.find((s) => s.code === scheme && s.year === year) ?? preferred[0] ?? schemes[0] ?? null;
  const select = (s: SchemeYear) => {
    setParams({ scheme: s.code, year: String(s.year) }, { replace: true });
  };
  return { selected: chosen, select };
}

export function SchemeYearPicker({
  schemes,
  selected,
  onSelect,
}: {
  schemes: SchemeYear[];
  selected: SchemeYear | null;
  onSelect: (s: SchemeYear) => void;
}) {
  return (
    <div className="toolbar">
      <label>
        Scheme-year
        <select
          value={selected?.id ?? ''}
          onChange={(e) => {
            const s = schemes.find((x) => x.id === e.target.value);
            if (s) {
              onSelect(s);
            }
          }}
        >
          {schemes.map((s) => (
            <option key={s.id} value={s.id}>
              {s.year} · {s.code} ({s.status.toLowerCase()})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The year chosen in the URL (`?year=…`), else the first preferred year, else the newest. */
export function useSelectedYear(years: number[], preferred: number[]) {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year'));
  const chosen = years.includes(year) ? year : (preferred[0] ?? years[0] ?? null);
  const select = (y: number) => {
    setParams({ year: String(y) }, { replace: true });
  };
  return { year: chosen, select };
}

export function YearPicker({ years, year, onSelect }: { years: number[]; year: number | null; onSelect: (y: number) => void }) {
  return (
    <div className="toolbar">
      <YearSelect years={years} value={year} onChange={(y) => y !== 'all' && onSelect(y)} />
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const tone: Record<string, string> = {
    PAID: 'ok',
    FINALISED: 'ok',
    ACCEPTED: 'ok',
    SETTLED: 'ok',
    CURRENT: 'ok',
    SUBMITTED: 'warn',
    DRAFT: 'warn',
    PLANNED: '',
    AWAITING_REPORT: 'warn',
    SUSPENDED: 'danger',
    REJECTED: 'danger',
    CANCELLED: 'danger',
    REPLACED: '',
  };
  return <span className={`badge ${tone[status] ?? ''}`.trim()}>{status.replace(/_/g, ' ').toLowerCase()}</span>;
}
