import { useState } from 'react';
import { useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { formatCount, formatDate } from '../../format';
import { MunicipalityGate } from './shared';

const PeopleQuery = graphql(`
  query ControllerPeople($code: String!, $date: String, $first: Int!, $after: String) {
    peopleInView(municipalityCode: $code, date: $date, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          personId
          category
          route
          startDate
          endDate
          obligationNo
          obligationStart
          obligationEnd
        }
      }
    }
  }
`);

interface PersonRow {
  personId: string;
  category: string;
  route?: string | null;
  startDate: string;
  endDate?: string | null;
  obligationNo: number;
  obligationStart: string;
  obligationEnd?: string | null;
}

const columns: ColumnDef<PersonRow, string>[] = [
  { id: 'personId', header: 'Person (pseudonymised)', accessorFn: (p) => p.personId, cell: (c) => <code>{c.getValue()}</code> },
  { id: 'category', header: 'Category', accessorFn: (p) => p.category },
  { id: 'route', header: 'Route', accessorFn: (p) => p.route ?? '—' },
  {
    id: 'startDate',
    header: 'Responsible since',
    accessorFn: (p) => p.startDate,
    cell: (c) => <span className="ctl-nowrap">{formatDate(c.getValue())}</span>,
  },
  {
    id: 'endDate',
    header: 'Until',
    accessorFn: (p) => p.endDate ?? '',
    cell: (c) => (c.getValue() === '' ? 'running' : formatDate(c.getValue())),
  },
  { id: 'obligation', header: 'Obligation', accessorFn: (p) => String(p.obligationNo), meta: { numeric: true } },
  {
    id: 'obligationStart',
    header: 'Obligation since',
    accessorFn: (p) => p.obligationStart,
    cell: (c) => <span className="ctl-nowrap">{formatDate(c.getValue())}</span>,
  },
];

const PAGE_SIZE = 50;

/** The people the municipality is responsible for on a date, by pseudonymised id only, a page at a time. */
export function People() {
  return <MunicipalityGate page="People">{(m) => <PeopleOf code={m.code} />}</MunicipalityGate>;
}

function PeopleOf({ code }: { code: string }) {
  const [date, setDate] = useState('');
  // Cursors of the pages visited so far: the API pages forward; going back re-uses a known cursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [search, setSearch] = useState('');
  const after = cursors[cursors.length - 1] ?? null;
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  const [{ data, fetching, error }] = useQuery({ query: PeopleQuery, variables: { code, date: validDate, first: PAGE_SIZE, after } });
  const view = data?.peopleInView;
  const rows = view?.edges.map((e) => e.node) ?? [];
  const pageNo = cursors.length;
  const from = (pageNo - 1) * PAGE_SIZE + 1;
  return (
    <>
      <p className="muted">
        People are shown by pseudonymised id only. A period is the time the municipality is responsible for a person’s obligation.
      </p>
      <div className="toolbar">
        <label>
          On date (empty: today)
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              setCursors([null]);
            }}
          />
        </label>
        <label>
          Search this page
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <QueryState fetching={fetching && !view} error={error}>
        {view ? (
          <>
            <p role="status" data-testid="people-total">
              {view.totalCount === 0
                ? 'No people on this date.'
                : `${formatCount(view.totalCount)} people; showing ${formatCount(from)}–${formatCount(from + rows.length - 1)}.`}
            </p>
            <DataTable
              caption={`People ${code} is responsible for`}
              data={rows}
              columns={columns}
              search={search}
              rowKey={(p) => `${p.personId}-${p.obligationNo}-${p.startDate}`}
              testId="people"
            />
            <nav aria-label="Pages" className="buttons ctl-pager">
              <button
                type="button"
                className="secondary"
                disabled={pageNo === 1 || fetching}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous page
              </button>
              <span className="muted">Page {pageNo}</span>
              <button
                type="button"
                className="secondary"
                disabled={!view.pageInfo.hasNextPage || fetching}
                onClick={() => setCursors((c) => [...c, view.pageInfo.endCursor ?? null])}
              >
                Next page
              </button>
            </nav>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
