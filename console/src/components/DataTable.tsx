import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type FilterFn,
  type PaginationState,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { formatCount, formatLocale, formatMoney, sumDecimals } from '../format';
import { downloadCsv } from './csv';
import { csvRecords, type CsvColumn } from './csvRecords';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned, tabular figures (amounts and counts). */
    numeric?: boolean;
    /** The totals row sums this column's decimal strings, exactly; `count` formats the sum as a count, else as money. */
    sum?: 'money' | 'count';
    /** The value in a CSV download (default: the column's value as the API sent it); `false` leaves the column out. */
    csv?: false | ((row: TData) => string);
  }
}

export const PAGE_SIZES = [25, 50, 100, 250] as const;

export interface DataTableProps<T> {
  caption: string;
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  /** Free-text search over the columns that have `enableGlobalFilter` (default all accessor columns). */
  search?: string;
  initialSorting?: SortingState;
  /** Shown when there are no rows (after filtering). */
  empty?: ReactNode;
  rowKey?: (row: T) => string;
  testId?: string;
  /** Rows per page (default 50); `null` shows every row (a table the API already pages). */
  pageSize?: number | null;
  /** The CSV download's file name without `.csv` (default the test id); `null` offers no download. */
  csvName?: string | null;
}

function containsText<T>(): FilterFn<T> {
  return (row, columnId, value) => {
    const needle = String(value).trim().toLowerCase();
    if (needle === '') {
      return true;
    }
    return String(row.getValue(columnId) ?? '')
      .toLowerCase()
      .includes(needle);
  };
}

function headerText<T>(column: Column<T, unknown>): string {
  const header = column.columnDef.header;
  return typeof header === 'string' ? header : column.id;
}

/**
 * A sortable, searchable, paged table (TanStack Table): headers are buttons with `aria-sort`, the
 * caption names the table and counts its rows, a totals row sums the amount columns over every row
 * that matches (not only the page shown), and "Download CSV" saves the matching rows in the order
 * shown.
 */
export function DataTable<T>({
  caption,
  data,
  columns,
  search = '',
  initialSorting = [],
  empty,
  rowKey,
  testId,
  pageSize = 50,
  csvName,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const sizeId = useId();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: pageSize ?? Number.MAX_SAFE_INTEGER });
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: search, pagination },
    onSortingChange: setSorting,
    onPaginationChange: setPagination,
    globalFilterFn: containsText<T>(),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId: rowKey ? (row: T) => rowKey(row) : undefined,
  });
  const matching = table.getPrePaginationRowModel().rows;
  const rows = table.getRowModel().rows;
  const leaves = table.getVisibleLeafColumns();
  const summed = leaves.some((c) => c.columnDef.meta?.sum !== undefined);
  const totals = useMemo(() => {
    const out = new Map<string, string | null>();
    for (const column of leaves) {
      if (column.columnDef.meta?.sum === undefined) {
        continue;
      }
      try {
        out.set(column.id, sumDecimals(matching.map((r) => r.getValue<string | null | undefined>(column.id))));
      } catch {
        out.set(column.id, null);
      }
    }
    return out;
  }, [leaves, matching]);
  const pageCount = table.getPageCount();
  const { pageIndex } = table.getState().pagination;
  // The pager shows when there is more than one page, or the reader changed the page size.
  const paged = pageSize !== null && (matching.length > pagination.pageSize || pagination.pageSize !== pageSize);
  const first = pageIndex * pagination.pageSize + 1;
  const fileName = csvName === null ? null : `${csvName ?? testId ?? 'table'}.csv`;

  function download(name: string) {
    const locale = formatLocale();
    const csvColumns: CsvColumn<(typeof matching)[number]>[] = leaves
      .filter((c) => c.columnDef.meta?.csv !== false && (c.accessorFn !== undefined || typeof c.columnDef.meta?.csv === 'function'))
      .map((c) => {
        const custom = c.columnDef.meta?.csv;
        return {
          header: headerText(c),
          numeric: c.columnDef.meta?.numeric === true,
          value: (r) => (typeof custom === 'function' ? custom(r.original) : String(r.getValue(c.id) ?? '')),
        };
      });
    downloadCsv(csvRecords(csvColumns, matching, locale), name, locale);
  }

  return (
    <div className="table-block">
      <div className="table-wrap">
        <table data-testid={testId}>
          <caption>
            {caption}{' '}
            <span className="muted">
              (
              {matching.length === data.length
                ? t('table.rows', { count: data.length })
                : t('table.rowsOf', { count: data.length, shown: matching.length })}
              )
            </span>
          </caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.column.columnDef.meta?.numeric === true;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={leaves.length} className="muted">
                  {empty ?? t('table.empty')}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id}>
                  {row.getVisibleCells().map((cell) => {
                    const numeric = cell.column.columnDef.meta?.numeric === true;
                    return (
                      <td key={cell.id} className={numeric ? 'num' : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
          {summed && matching.length > 0 ? (
            <tfoot data-testid={testId === undefined ? undefined : `${testId}-totals`}>
              <tr>
                {leaves.map((column, i) => {
                  const kind = column.columnDef.meta?.sum;
                  if (kind !== undefined) {
                    const total = totals.get(column.id);
                    return (
                      <td key={column.id} className="num" data-testid={testId === undefined ? undefined : `${testId}-total-${column.id}`}>
                        {total === null || total === undefined ? '—' : kind === 'count' ? formatCount(total) : formatMoney(total)}
                      </td>
                    );
                  }
                  return i === 0 ? (
                    <th key={column.id} scope="row">
                      {t('table.totalOf', { count: matching.length })}
                    </th>
                  ) : (
                    <td key={column.id} />
                  );
                })}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <div className="table-tools">
        {paged ? (
          <nav className="pager" aria-label={t('table.pagesOf', { caption })}>
            <button type="button" className="secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
              {t('table.previous')}
            </button>
            <span data-testid={testId === undefined ? undefined : `${testId}-page`}>
              {t('table.page', {
                page: pageIndex + 1,
                pages: pageCount,
                first,
                last: Math.min(first + pagination.pageSize - 1, matching.length),
                count: matching.length,
              })}
            </span>
            <button type="button" className="secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
              {t('table.next')}
            </button>
            <label htmlFor={sizeId}>
              {t('table.pageSize')}
              <select id={sizeId} value={pagination.pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
                {PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          </nav>
        ) : null}
        {fileName !== null && matching.length > 0 ? (
          <button type="button" className="secondary" onClick={() => download(fileName)}>
            {t('table.downloadCsv')}
            <span className="sr-only"> {caption}</span>
          </button>
        ) : null}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {t('table.shown', { count: rows.length })}
      </p>
    </div>
  );
}
