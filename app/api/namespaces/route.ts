import type { NextRequest } from 'next/server';
import { badRequest, csv, json, riskCsv } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { namespacesCsv } from '@/lib/reports/csv';
import { currentData } from '@/lib/web/current';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { exportFormat } from '@/lib/web/url-state';
import { parseNamespaceList } from '@/lib/web/namespace-list';

export const dynamic = 'force-dynamic';

/**
 * Namespace summaries, a page at a time: `filter` (substring), `sort`, `order`, `limit`, `continue`;
 * or `format=csv`: every matching namespace with its risk counts, as the overview's table.
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const paging = apiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  const list = parseNamespaceList(q);
  if (!list.ok) return badRequest(list.error);
  const format = exportFormat(q);
  if (!format.ok) return badRequest(format.error);
  return withSource(async () => {
    const { engine } = await currentData();
    const all = format.value === 'csv';
    const page = engine.namespaces({
      ...list.value,
      offset: all ? 0 : paging.offset,
      limit: all ? Number.MAX_SAFE_INTEGER : paging.limit,
    });
    if (all)
      return riskCsv(engine.risks.status(), () =>
        csv(namespacesCsv(engine, page.items), 'rbac-atlas-namespaces.csv', engine.completeness('view')),
      );
    return json({ ...engine.completeness('view'), ...pageFields(page), namespaces: page.items });
  });
}
