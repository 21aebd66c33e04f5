import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { categoryLabel, routeLabel } from '../../explain';
import { formatCount, formatDate } from '../../format';
import { MunicipalityGate } from './MunicipalityGate';

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

function personColumns(t: TFunction): ColumnDef<PersonRow, string>[] {
  return [
    {
      id: 'personId',
      header: t('controller.people.person'),
      accessorFn: (p) => p.personId,
      cell: (c) => <code>{c.getValue()}</code>,
    },
    { id: 'category', header: t('common.category'), accessorFn: (p) => categoryLabel(t, p.category) },
    { id: 'route', header: t('controller.people.route'), accessorFn: (p) => (p.route ? routeLabel(t, p.route) : '—') },
    {
      id: 'startDate',
      header: t('controller.people.since'),
      accessorFn: (p) => p.startDate,
      cell: (c) => <span className="ctl-nowrap">{formatDate(c.getValue())}</span>,
    },
    {
      id: 'endDate',
      header: t('controller.people.until'),
      accessorFn: (p) => p.endDate ?? '',
      cell: (c) => (c.getValue() === '' ? t('controller.people.running') : formatDate(c.getValue())),
    },
    { id: 'obligation', header: t('controller.people.obligation'), accessorFn: (p) => String(p.obligationNo), meta: { numeric: true } },
    {
      id: 'obligationStart',
      header: t('controller.people.obligationSince'),
      accessorFn: (p) => p.obligationStart,
      cell: (c) => <span className="ctl-nowrap">{formatDate(c.getValue())}</span>,
    },
  ];
}

const PAGE_SIZE = 50;

/** The people the municipality is responsible for on a date, by pseudonymised id only, a page at a time. */
export function People() {
  const { t } = useTranslation();
  return <MunicipalityGate page={t('nav.controller.people')}>{(m) => <PeopleOf code={m.code} />}</MunicipalityGate>;
}

function PeopleOf({ code }: { code: string }) {
  const { t } = useTranslation();
  const columns = useMemo(() => personColumns(t), [t]);
  const [date, setDate] = useState('');
  // Cursors of the pages visited so far: the API pages forward; going back re-uses a known cursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [search, setSearch] = useState('');
  const after = cursors[cursors.length - 1] ?? null;
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: PeopleQuery,
    variables: { code, date: validDate, first: PAGE_SIZE, after },
  });
  const view = data?.peopleInView;
  const rows = view?.edges.map((e) => e.node) ?? [];
  const pageNo = cursors.length;
  const from = (pageNo - 1) * PAGE_SIZE + 1;
  return (
    <>
      <p className="muted">{t('controller.people.intro')}</p>
      <div className="toolbar">
        <label>
          {t('controller.people.onDate')}
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
          {t('controller.people.searchPage')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <QueryState fetching={fetching && !view} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {view ? (
          <>
            <p role="status" data-testid="people-total">
              {view.totalCount === 0
                ? t('controller.people.none')
                : t('controller.people.total', {
                    count: view.totalCount,
                    total: formatCount(view.totalCount),
                    first: formatCount(from),
                    last: formatCount(from + rows.length - 1),
                  })}
            </p>
            <DataTable
              caption={t('controller.people.caption', { code })}
              data={rows}
              columns={columns}
              search={search}
              rowKey={(p) => `${p.personId}-${p.obligationNo}-${p.startDate}`}
              testId="people"
              pageSize={null}
              csvName={`people-${code}${validDate === null ? '' : `-${validDate}`}-page-${pageNo}`}
            />
            <nav aria-label={t('controller.people.pages')} className="buttons ctl-pager">
              <button
                type="button"
                className="secondary"
                disabled={pageNo === 1 || fetching}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                {t('controller.people.previous')}
              </button>
              <span className="muted">{t('controller.people.page', { page: pageNo })}</span>
              <button
                type="button"
                className="secondary"
                disabled={!view.pageInfo.hasNextPage || fetching}
                onClick={() => setCursors((c) => [...c, view.pageInfo.endCursor ?? null])}
              >
                {t('controller.people.next')}
              </button>
            </nav>
          </>
        ) : null}
      </QueryState>
    </>
  );
}
