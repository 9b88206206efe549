import type { NextRequest } from 'next/server';
import { NAMESPACE_SORTS, type NamespaceSort } from '@/lib/rbac';
import { badRequest, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { apiPaging, pageFields } from '@/lib/views/paging';

export const dynamic = 'force-dynamic';

/** Namespace summaries, a page at a time: `filter` (substring), `sort`, `order`, `limit`, `continue`. */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const paging = apiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  const sort = q.get('sort') ?? 'name';
  if (!(NAMESPACE_SORTS as readonly string[]).includes(sort))
    return badRequest(`sort must be one of ${NAMESPACE_SORTS.join(', ')}, got "${sort}"`);
  const order = q.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return badRequest(`order must be asc or desc, got "${order}"`);
  const filter = (q.get('filter') ?? '').slice(0, 253);
  return withSource(async () => {
    const { engine } = await currentData();
    const page = engine.namespaces({
      filter,
      sort: sort as NamespaceSort,
      order,
      offset: paging.offset,
      limit: paging.limit,
    });
    return json({ ...engine.completeness('view'), ...pageFields(page), namespaces: page.items });
  });
}
