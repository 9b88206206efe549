import type { NextRequest } from 'next/server';
import { badRequest, csv, json } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { yamlAnswer } from '@/lib/web/object-yaml';
import { currentData } from '@/lib/web/current';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { pageOf, roleLabel } from '@/lib/rbac';
import { roleFromSegments } from '@/lib/web/links';
import { ROLE_TABLES, roleCsv, roleDetail, type RoleTable } from '@/lib/reports/object-exports';
import { exportFormat } from '@/lib/web/url-state';

export const dynamic = 'force-dynamic';

/** One role: its rules as the role page's table (paged), and its bindings; `format=csv` with `table=rules|bindings`. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ ref: string[] }> }) {
  const ref = roleFromSegments((await params).ref);
  if (!ref) return badRequest('expected /api/roles/role/NAMESPACE/NAME or /api/roles/clusterrole/NAME');
  // The object as read, as YAML (the pages' raw view downloads it).
  if (req.nextUrl.searchParams.get('format') === 'yaml') return yamlAnswer(ref);
  const q = req.nextUrl.searchParams;
  const format = exportFormat(q);
  if (!format.ok) return badRequest(format.error);
  const paging = apiPaging(req.nextUrl.searchParams);
  if (!paging.ok) return badRequest(paging.error);
  const table = q.get('table') ?? 'rules';
  if (!(ROLE_TABLES as readonly string[]).includes(table))
    return badRequest(`table must be one of ${ROLE_TABLES.join(', ')}, got "${table}"`);
  return withSource(async () => {
    const { engine } = await currentData();
    const detail = roleDetail(engine, ref);
    if (!detail) return json({ error: `${ref.kind} "${roleLabel(ref)}" not found` }, 404);
    const completeness = engine.completeness('view');
    if (format.value === 'csv')
      return csv(roleCsv(detail, table as RoleTable), `rbac-atlas-role-${table}.csv`, completeness);
    // The rule table a page at a time (limit, continue; total counts its rows): a role may hold
    // 20,000 rules, 2.6 MB of JSON (#25). The CSV holds every row.
    const rules = pageOf(detail.rules, paging.offset, paging.limit);
    return json({ ...completeness, ...detail, rules: rules.items, ...pageFields(rules) });
  });
}
