// An inventory list's state, all of it in the URL (filter, kinds, namespace, built-in, dangerous,
// sort, order, page): read once here for the page and its API, and spelled back with the defaults
// left out so links stay short.
import { z } from 'zod';
import { INVENTORY_SORTS, type InventoryList, type InventoryQuery, type InventorySort } from '@/lib/rbac';
import { BUILTIN_PARAM, schemaInput, type Query } from './url-state';

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

const text = (max: number) => z.string().transform((s) => s.slice(0, max));

/** One schema per list, for its page and its API alike; anything unknown falls back to the default: a list always shows. */
function inventorySchema<L extends InventoryList>(list: L) {
  const sorts = INVENTORY_SORTS[list] as readonly string[];
  const known = INVENTORY_KINDS[list] as readonly string[];
  return z
    .object({
      filter: text(253).default(''),
      kind: z.string().default(''),
      namespace: text(253).optional(),
      builtin: z.string().optional(),
      danger: z.string().optional(),
      sort: z.string().default('name'),
      order: z.string().optional(),
    })
    .transform(({ filter, kind, namespace, builtin, danger, sort, order }): InventoryState<L> => {
      const kinds = kind.split(',').filter((k) => known.includes(k));
      return {
        filter,
        kinds: kinds.length === known.length ? [] : kinds,
        ...(namespace && { namespace }),
        builtin: builtin === 'show',
        dangerous: danger === 'only',
        sort: (sorts.includes(sort) ? sort : 'name') as InventorySort<L>,
        order: order === 'desc' ? 'desc' : 'asc',
      };
    });
}

export function inventoryState<L extends InventoryList>(list: L, q: Query): InventoryState<L> {
  return inventorySchema(list).parse(schemaInput(q, ['kind']));
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
  if (s.builtin) q.set(BUILTIN_PARAM, 'show');
  if (s.dangerous) q.set('danger', 'only');
  if (s.sort !== 'name') q.set('sort', s.sort);
  if (s.order !== 'asc') q.set('order', s.order);
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text ? `?${text}` : '';
}
