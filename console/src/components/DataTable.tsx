import { useState, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';

declare module '@tanstack/react-table' {
  // Right-aligned, tabular figures (amounts and counts): `meta: { numeric: true }` on a column.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    numeric?: boolean;
  }
}

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

/**
 * A sortable, searchable table (TanStack Table): headers are buttons with `aria-sort`, the caption
 * names the table, and the number of rows shown is announced.
 */
export function DataTable<T>({ caption, data, columns, search = '', initialSorting = [], empty, rowKey, testId }: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: search },
    onSortingChange: setSorting,
    globalFilterFn: containsText<T>(),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getRowId: rowKey ? (row: T) => rowKey(row) : undefined,
  });
  const rows = table.getRowModel().rows;
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>
          {caption}{' '}
          <span className="muted">
            ({rows.length === data.length ? plural(data.length, 'row') : `${rows.length} of ${plural(data.length, 'row')}`})
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
              <td colSpan={columns.length} className="muted">
                {empty ?? 'Nothing to show.'}
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
      </table>
      <p className="sr-only" role="status" aria-live="polite">
        {rows.length} rows shown
      </p>
    </div>
  );
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('nl-NL')} ${noun}${n === 1 ? '' : 's'}`;
}
