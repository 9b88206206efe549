import type { NextRequest } from 'next/server';
import { badRequest, csv, json, textStream } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { yamlAnswer } from '@/lib/web/object-yaml';
import { currentData } from '@/lib/web/current';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { bindingLabel, pageOf } from '@/lib/rbac';
import { bindingFromSegments } from '@/lib/web/links';
import { bindingCsv, bindingDetail } from '@/lib/reports/object-exports';
import { exportFormat } from '@/lib/web/url-state';

export const dynamic = 'force-dynamic';

/** One binding: its subjects, role, where and what it grants; `format=csv`: a row per subject and grant. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ ref: string[] }> }) {
  const ref = bindingFromSegments((await params).ref);
  if (!ref)
    return badRequest('expected /api/bindings/rolebinding/NAMESPACE/NAME or /api/bindings/clusterrolebinding/NAME');
  // The object as read, as YAML (the pages' raw view downloads it).
  if (req.nextUrl.searchParams.get('format') === 'yaml') return yamlAnswer(ref);
  const format = exportFormat(req.nextUrl.searchParams);
  if (!format.ok) return badRequest(format.error);
  const paging = apiPaging(req.nextUrl.searchParams);
  if (!paging.ok) return badRequest(paging.error);
  return withSource(async () => {
    const { engine } = await currentData();
    const detail = bindingDetail(engine, ref);
    if (!detail) return json({ error: `${ref.kind} "${bindingLabel(ref)}" not found` }, 404);
    const completeness = engine.completeness('view', ref.namespace);
    if (format.value === 'csv') return csv(textStream(bindingCsv(detail)), 'rbac-atlas-binding.csv', completeness);
    // The rule table a page at a time (limit, continue; total counts its rows): a role may hold
    // 20,000 rules, 2.6 MB of JSON (#25). The CSV holds every row.
    const rules = pageOf(detail.rules, paging.offset, paging.limit);
    return json({ ...completeness, ...detail, rules: rules.items, ...pageFields(rules) });
  });
}
