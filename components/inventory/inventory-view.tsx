// One inventory list (roles, bindings or subjects): filters that apply as they change, a table
// sorted by any column (a link each), pages, and the same rows as CSV or JSON.
import type { ReactNode } from 'react';
import { AutoForm } from '@/components/layout/auto-form';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { SortHeader } from '@/components/layout/sort-header';
import { inputClass, linkClass } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import type { InventoryList, InventoryPage, InventorySort } from '@/lib/rbac';
import { ExportLinks } from '@/components/layout/export-links';
import { INVENTORY_KINDS, inventorySearch, type InventoryState } from '@/lib/web/inventory-params';

export const INVENTORY_PAGE_SIZE = 50;

export interface Column<L extends InventoryList, T> {
  label: string;
  sort?: InventorySort<L>;
  numeric?: boolean;
  /** Hidden on narrow screens (phones): the name column always shows. */
  wide?: boolean;
  cell: (row: T) => ReactNode;
}

const KIND_WORDS: Record<string, string> = {
  Role: 'Roles',
  ClusterRole: 'ClusterRoles',
  RoleBinding: 'RoleBindings',
  ClusterRoleBinding: 'ClusterRoleBindings',
  ServiceAccount: 'Service accounts',
  User: 'Users',
  Group: 'Groups',
};

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
  const base = `/${list}`;
  const href = (s: InventoryState<L>, n = 1) => `${base}${inventorySearch(s as InventoryState<InventoryList>, n)}`;
  const kinds = INVENTORY_KINDS[list] as readonly string[];
  const api = `/api/${list}${inventorySearch(state as InventoryState<InventoryList>)}`;
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 md:px-6">
      <Breadcrumbs items={[{ label: 'RBAC Atlas', href: '/' }, { label: title }]} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <ExportLinks api={api} context={context} />
      </div>
      {children}
      <AutoForm
        label={`Filter ${noun}`}
        defaults={{ kind: kinds.join(',') }}
        className="mt-4 flex flex-wrap items-end gap-x-5 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <ContextField />
        <label className="block w-full sm:w-64">
          <span className="text-slate-600 dark:text-slate-400">Name contains</span>
          <input type="search" name="filter" defaultValue={state.filter} className={inputClass} />
        </label>
        <label className="block w-full sm:w-48">
          <span className="text-slate-600 dark:text-slate-400">Namespace</span>
          <input
            type="search"
            name="namespace"
            defaultValue={state.namespace ?? ''}
            placeholder="any"
            className={inputClass}
          />
        </label>
        <fieldset className="flex flex-wrap gap-x-3">
          <legend className="sr-only">Kinds</legend>
          {kinds.map((k) => (
            <label key={k} className="inline-flex items-center gap-1.5 py-1">
              <input
                type="checkbox"
                name="kind"
                value={k}
                defaultChecked={state.kinds.length === 0 || state.kinds.includes(k)}
              />
              {KIND_WORDS[k]}
            </label>
          ))}
        </fieldset>
        <label className="inline-flex items-center gap-1.5 py-1">
          <input type="checkbox" name="danger" value="only" defaultChecked={state.dangerous} />
          Only dangerous
        </label>
        <label className="inline-flex items-center gap-1.5 py-1">
          <input type="checkbox" name="builtin" value="show" defaultChecked={state.builtin} />
          Show built-in{' '}
          {!state.builtin && page.hiddenBuiltin > 0 && (
            <span className="text-slate-500 dark:text-slate-400">
              ({page.hiddenBuiltin.toLocaleString('en')} hidden)
            </span>
          )}
        </label>
        {!state.builtin && page.hiddenBuiltin > 0 && (
          <Link className={`py-1 ${linkClass}`} href={href({ ...state, builtin: true })}>
            Show Kubernetes&apos; own
          </Link>
        )}
      </AutoForm>
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              {columns.map((c) => {
                const className = `px-3 py-2 font-medium whitespace-nowrap ${c.numeric ? 'text-right' : ''} ${c.wide ? 'hidden md:table-cell' : ''}`;
                const sort = c.sort;
                return sort ? (
                  <SortHeader
                    key={c.label}
                    label={c.label}
                    active={state.sort === sort}
                    order={state.order}
                    // Names read A→Z first; counts, dangers and ages, largest (newest) first.
                    first={sort === 'name' || sort === 'namespace' || sort === 'role' ? 'asc' : 'desc'}
                    href={(order) => href({ ...state, sort, order })}
                    className={className}
                  />
                ) : (
                  <th key={c.label} scope="col" className={className}>
                    {c.label}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {page.items.map((row) => (
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
        {page.items.length === 0 && (
          <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
            No {noun} match these filters
            {!state.builtin && page.hiddenBuiltin > 0 ? ` (${page.hiddenBuiltin} built-in ones are hidden)` : ''}.
          </p>
        )}
      </div>
      <Pager page={page} size={INVENTORY_PAGE_SIZE} href={(n) => href(state, n)} noun={noun} />
    </div>
  );
}
