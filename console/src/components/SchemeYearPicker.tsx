import { useId, useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { ConsoleSchemeYearsQuery } from '../gql/graphql';
import { useUrlParams } from './urlState';
import { useStatusLabel } from './StatusBadge';
import { chooseSchemeYear, chooseYear, sortSchemeYears, yearParam, yearsOf } from './schemeYear';

const SchemeYearsQuery = graphql(`
  query ConsoleSchemeYears {
    schemes {
      id
      code
      name
      year
      status
      budget
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
      ruleVersionId
      totalAmount
      municipalityCount
      createdAt
      createdBy
    }
  }
`);

export type SchemeYear = ConsoleSchemeYearsQuery['schemes'][number];
export type RunSummary = ConsoleSchemeYearsQuery['allocationRuns'][number];

/** Every scheme-year (newest year first) and every allocation run: one query for every role's pickers. */
export function useSchemeYears() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SchemeYearsQuery });
  const schemes = useMemo(() => sortSchemeYears(data?.schemes ?? []), [data]);
  const runs = useMemo(() => data?.allocationRuns ?? [], [data]);
  return { schemes, runs, fetching, error, retry: () => reexecute({ requestPolicy: 'network-only' }) };
}

/** The allocation runs of one scheme-year, newest first. */
export function runsOf(runs: readonly RunSummary[], scheme: SchemeYear | null | undefined): RunSummary[] {
  return runs
    .filter((r) => scheme !== null && scheme !== undefined && r.schemeCode === scheme.code && r.year === scheme.year)
    .sort((a, b) => b.seq - a.seq);
}

/**
 * The scheme-year a page shows, kept in the URL (`?scheme=…&year=…`) so a view can be linked;
 * `prefer` orders the defaults (e.g. "has a current run", "is open"). See `chooseSchemeYear`.
 */
export function useSchemeYearChoice(prefer: (ctx: { runs: readonly RunSummary[] }) => ((s: SchemeYear) => boolean)[] = () => []) {
  const years = useSchemeYears();
  const [params, update] = useUrlParams();
  const selected = chooseSchemeYear(
    years.schemes,
    { scheme: params.get('scheme'), year: yearParam(params.get('year')) },
    prefer({ runs: years.runs }),
  );
  const select = (s: SchemeYear) => update({ scheme: s.code, year: String(s.year) });
  const schemeRuns = runsOf(years.runs, selected);
  const currentRun = schemeRuns.find((r) => r.status === 'CURRENT') ?? schemeRuns[0];
  return { ...years, selected, select, schemeRuns, currentRun };
}

export type SchemeYearChoice = ReturnType<typeof useSchemeYearChoice>;

/** The year a page shows (`?year=…`), else the first preferred year, else the newest. */
export function useYearChoice(years: readonly number[], preferred: readonly number[]) {
  const [params, update] = useUrlParams();
  const year = chooseYear(years, yearParam(params.get('year')), preferred);
  return { year, select: (y: number) => update({ year: String(y) }) };
}

/** A labelled year select; `allLabel` adds an "all years" choice whose value is `all`. */
export function YearSelect({
  years,
  value,
  onChange,
  allLabel,
}: {
  years: readonly number[];
  value: number | 'all' | null;
  onChange: (year: number | 'all') => void;
  allLabel?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <label htmlFor={id}>
      {t('picker.year')}
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
        {allLabel !== undefined ? <option value="all">{allLabel}</option> : null}
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The query string as the browser has it at this moment (ahead of a render still under way). */
function currentParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** The scheme-year picker of every page: a year, then a scheme of that year (with its status). */
export function SchemeYearPicker({
  schemes,
  selected,
  onSelect,
}: {
  schemes: readonly SchemeYear[];
  selected: SchemeYear | null;
  onSelect: (s: SchemeYear) => void;
}) {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const id = useId();
  const years = yearsOf(schemes);
  const inYear = schemes.filter((s) => s.year === selected?.year);
  return (
    <div className="toolbar">
      <YearSelect
        years={years}
        value={selected?.year ?? null}
        onChange={(y) => {
          if (y === 'all') {
            return;
          }
          // The scheme as the URL has it now: one chosen a moment ago may not have re-rendered yet.
          const next = chooseSchemeYear(schemes, { scheme: currentParams().get('scheme') ?? selected?.code ?? null, year: y });
          if (next !== null) {
            onSelect(next);
          }
        }}
      />
      <label htmlFor={id}>
        {t('picker.scheme')}
        <select
          id={id}
          value={selected?.code ?? ''}
          onChange={(e) => {
            // The year as the URL has it now, not as this list was rendered: a year chosen a moment
            // ago may not have re-rendered it yet, and its stale year would undo that choice.
            const year = yearParam(currentParams().get('year')) ?? selected?.year;
            const next = schemes.find((s) => s.code === e.target.value && s.year === year) ?? inYear.find((s) => s.code === e.target.value);
            if (next !== undefined) {
              onSelect(next);
            }
          }}
        >
          {inYear.map((s) => (
            <option key={s.id} value={s.code}>
              {t('picker.schemeOption', { name: s.name, code: s.code, status: statusLabel(s.status) })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
