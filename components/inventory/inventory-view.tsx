// One inventory list (roles, bindings or subjects): filters that apply as they change, a table
// sorted by any column (a link each), pages, and the same rows as CSV or JSON. Its filters and its
// table are inventory-filters.tsx and inventory-table.tsx.
import type { ReactNode } from 'react';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { Pager } from '@/components/layout/pager';
import type { InventoryList, InventoryPage } from '@/lib/rbac';
import { ExportLinks } from '@/components/layout/export-links';
import { INVENTORY_KINDS, inventorySearch, type InventoryState } from '@/lib/web/inventory-params';
import { InventoryFilters } from './inventory-filters';
import { InventoryTable, type Column } from './inventory-table';

export type { Column };

export const INVENTORY_PAGE_SIZE = 50;

export function InventoryView<L extends InventoryList, T>({
  list,
  title,
  noun,
  state,
  page,
  columns,
  rowKey,
  context,
  children,
}: {
  list: L;
  title: string;
  noun: string;
  state: InventoryState<L>;
  page: InventoryPage<T>;
  columns: readonly Column<L, T>[];
  rowKey: (row: T) => string;
  context: string | undefined;
  children?: ReactNode;
}) {
  const href = (s: InventoryState<L>, n = 1) => `/${list}${inventorySearch(s as InventoryState<InventoryList>, n)}`;
  const api = `/api/${list}${inventorySearch(state as InventoryState<InventoryList>)}`;
  const hidden = !state.builtin && page.hiddenBuiltin > 0;
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 md:px-6">
      <Breadcrumbs items={[{ label: 'RBAC Atlas', href: '/' }, { label: title }]} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <ExportLinks api={api} context={context} />
      </div>
      {children}
      <InventoryFilters
        noun={noun}
        kinds={INVENTORY_KINDS[list] as readonly string[]}
        state={state}
        hiddenBuiltin={page.hiddenBuiltin}
        showBuiltinHref={href({ ...state, builtin: true })}
      />
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <InventoryTable
          title={title}
          columns={columns}
          rows={page.items}
          rowKey={rowKey}
          sorting={{ sort: state.sort, order: state.order, href: (sort, order) => href({ ...state, sort, order }) }}
        />
        {page.items.length === 0 && (
          <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
            No {noun} match these filters{hidden ? ` (${page.hiddenBuiltin} built-in ones are hidden)` : ''}.
          </p>
        )}
      </div>
      <Pager page={page} size={INVENTORY_PAGE_SIZE} href={(n) => href(state, n)} noun={noun} />
    </div>
  );
}
