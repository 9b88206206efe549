// An inventory's table: a header per column (a sort link where the column sorts), the name column
// as each row's header, and what to say when nothing matches.
import type { ReactNode } from 'react';
import { SortHeader } from '@/components/layout/sort-header';
import type { InventoryList, InventorySort } from '@/lib/rbac';

export interface Column<L extends InventoryList, T> {
  label: string;
  sort?: InventorySort<L>;
  numeric?: boolean;
  /** Hidden on narrow screens (phones): the name column always shows. */
  wide?: boolean;
  cell: (row: T) => ReactNode;
}

/** The list's sort as the headers need it: which column sorts, which way, and the link for another. */
export interface SortState<L extends InventoryList> {
  sort: InventorySort<L> | undefined;
  order: 'asc' | 'desc';
  href: (sort: InventorySort<L>, order: 'asc' | 'desc') => string;
}

export function InventoryTable<L extends InventoryList, T>({
  title,
  columns,
  rows,
  rowKey,
  sorting,
}: {
  title: string;
  columns: readonly Column<L, T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  sorting: SortState<L>;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{title}</caption>
      <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <tr>
          {columns.map((c) => (
            <ColumnHeader key={c.label} column={c} sorting={sorting} />
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
            {columns.map((c, i) =>
              i === 0 ? (
                <th key={c.label} scope="row" className="px-3 py-2 font-normal break-words">
                  {c.cell(row)}
                </th>
              ) : (
                <td
                  key={c.label}
                  className={`px-3 py-2 ${c.numeric ? 'text-right tabular-nums' : ''} ${c.wide ? 'hidden md:table-cell' : ''}`}
                >
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ColumnHeader<L extends InventoryList, T>({
  column: c,
  sorting,
}: {
  column: Column<L, T>;
  sorting: SortState<L>;
}) {
  const className = `px-3 py-2 font-medium whitespace-nowrap ${c.numeric ? 'text-right' : ''} ${c.wide ? 'hidden md:table-cell' : ''}`;
  const sort = c.sort;
  if (!sort)
    return (
      <th scope="col" className={className}>
        {c.label}
      </th>
    );
  return (
    <SortHeader
      label={c.label}
      active={sorting.sort === sort}
      order={sorting.order}
      // Names read A→Z first; counts, dangers and ages, largest (newest) first.
      first={sort === 'name' || sort === 'namespace' || sort === 'role' ? 'asc' : 'desc'}
      href={(order) => sorting.href(sort, order)}
      className={className}
    />
  );
}
