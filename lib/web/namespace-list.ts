// The namespace overview's list state (filter, sort, order), for the overview page and
// /api/namespaces alike: one schema; the page keeps a bad value's default, the API refuses it.
import { z } from 'zod';
import { NAMESPACE_SORTS, type NamespaceSort } from '@/lib/rbac';
import { issuesText, schemaInput, withDefaults, type Parsed, type Query } from './url-state';

const got = (what: string) => (issue: { input?: unknown }) => `${what}, got "${String(issue.input)}"`;

export const namespaceListSchema = z.object({
  filter: z
    .string()
    .default('')
    .transform((s) => s.slice(0, 253)),
  sort: z
    .enum(NAMESPACE_SORTS as unknown as [NamespaceSort, ...NamespaceSort[]], {
      error: got(`sort must be one of ${NAMESPACE_SORTS.join(', ')}`),
    })
    .default('name'),
  order: z.enum(['asc', 'desc'], { error: got('order must be asc or desc') }).default('asc'),
});

export type NamespaceList = z.infer<typeof namespaceListSchema>;

/** The page's reading: a bad value is its default. */
export function namespaceListState(q: Query): NamespaceList {
  return withDefaults(namespaceListSchema, schemaInput(q)).value;
}

/** The API's reading: a bad value (an empty one too) is a 400 that names it. */
export function parseNamespaceList(q: Query): Parsed<NamespaceList> {
  const r = namespaceListSchema.safeParse(schemaInput(q, [], true));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: issuesText(r.error) };
}

/** A list state (and page) as a query, '' or `?…`, defaults left out: the page's and the API's. */
export function namespaceListQuery(s: NamespaceList, page = 1): string {
  const q = new URLSearchParams();
  if (s.filter) q.set('filter', s.filter);
  if (s.sort !== 'name') q.set('sort', s.sort);
  if (s.order !== 'asc') q.set('order', s.order);
  if (page > 1) q.set('page', String(page));
  const query = q.toString();
  return query ? `?${query}` : '';
}
