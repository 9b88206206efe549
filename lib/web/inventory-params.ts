// An inventory list's state, all of it in the URL (filter, kinds, namespace, built-in, dangerous,
// sort, order, page): read once here for the page and its API, and spelled back with the defaults
// left out so links stay short.
import { INVENTORY_SORTS, type InventoryList, type InventoryQuery, type InventorySort } from '@/lib/rbac';

type Query = URLSearchParams | Record<string, string | string[] | undefined>;

export const INVENTORY_KINDS = {
  roles: ['Role', 'ClusterRole'],
  bindings: ['RoleBinding', 'ClusterRoleBinding'],
  subjects: ['ServiceAccount', 'User', 'Group'],
} as const satisfies Record<InventoryList, readonly string[]>;

export interface InventoryState<L extends InventoryList> {
  filter: string;
  kinds: string[];
  namespace?: string;
  builtin: boolean;
  dangerous: boolean;
  sort: InventorySort<L>;
  order: 'asc' | 'desc';
}

function one(q: Query, key: string): string {
  const v = q instanceof URLSearchParams ? q.get(key) : q[key];
  return (Array.isArray(v) ? v.join(',') : v) ?? '';
}

/** Anything unknown falls back to the default: a list always shows. */
export function inventoryState<L extends InventoryList>(list: L, q: Query): InventoryState<L> {
  const sorts = INVENTORY_SORTS[list] as readonly string[];
  const sort = one(q, 'sort');
  const known = INVENTORY_KINDS[list] as readonly string[];
  const kinds = one(q, 'kind')
    .split(',')
    .filter((k) => known.includes(k));
  const namespace = one(q, 'namespace');
  return {
    filter: one(q, 'filter').slice(0, 253),
    kinds: kinds.length === known.length ? [] : kinds,
    ...(namespace && { namespace: namespace.slice(0, 253) }),
    builtin: one(q, 'builtin') === 'show',
    dangerous: one(q, 'danger') === 'only',
    sort: (sorts.includes(sort) ? sort : 'name') as InventorySort<L>,
    order: one(q, 'order') === 'desc' ? 'desc' : 'asc',
  };
}

export function inventoryQuery<L extends InventoryList>(s: InventoryState<L>): InventoryQuery<L> {
  return {
    filter: s.filter,
    kinds: s.kinds,
    ...(s.namespace !== undefined && { namespace: s.namespace }),
    builtin: s.builtin,
    dangerous: s.dangerous,
    sort: s.sort,
    order: s.order,
  };
}

/** The query string of a state and page, defaults left out ("" when all are defaults). */
export function inventorySearch(s: InventoryState<InventoryList>, page = 1): string {
  const q = new URLSearchParams();
  if (s.filter) q.set('filter', s.filter);
  if (s.kinds.length > 0) q.set('kind', s.kinds.join(','));
  if (s.namespace) q.set('namespace', s.namespace);
  if (s.builtin) q.set('builtin', 'show');
  if (s.dangerous) q.set('danger', 'only');
  if (s.sort !== 'name') q.set('sort', s.sort);
  if (s.order !== 'asc') q.set('order', s.order);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text ? `?${text}` : '';
}
