import type { NextRequest } from 'next/server';
import { badRequest, json } from '@/lib/web/api';
import { currentData } from '@/lib/web/current';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { firstValues } from '@/lib/web/search-params';
import { parseSearchQuery, searchPage } from '@/lib/web/search';
import { withSource } from '@/lib/web/with-source';

export const dynamic = 'force-dynamic';

/**
 * Namespaces, subjects, roles and bindings whose name contains `q`: `totals` per category (every
 * match), then one page of them (`kind=` one category; `limit`, `continue`), each with its link.
 */
export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  const paging = apiPaging(sp);
  if (!paging.ok) return badRequest(paging.error);
  const parsed = parseSearchQuery(firstValues(sp));
  if (!parsed.ok) return badRequest(parsed.error);
  return withSource(async () => {
    const { engine } = await currentData();
    const { q, kind } = parsed.value;
    const answer = searchPage(engine, q, { offset: paging.offset, limit: paging.limit, category: kind });
    const { complete, missing } = engine.completeness('view');
    const page = pageFields(answer.page);
    return json({ query: q, complete, missing, totals: answer.totals, ...page, items: answer.page.items });
  });
}
