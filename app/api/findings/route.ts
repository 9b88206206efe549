import type { NextRequest } from 'next/server';
import { badRequest, csv, jsonStream, riskCsv, textStream } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { csvChunks } from '@/lib/reports/csv';
import { currentData } from '@/lib/web/current';
import { riskStatusJson } from '@/lib/reports/risk-status';
import { findingGroupJson, findingJson, findingRef } from '@/lib/reports/findings-report';
import {
  filterFindings,
  findingMatch,
  parseFindingFilter,
  parseRisksView,
  visibleFindings,
} from '@/lib/web/findings-filter';
import { API_DEFAULT_LIMIT, expiredContinue, optionalApiPaging, pageFields, riskListVersion } from '@/lib/web/paging';
import { pageOf } from '@/lib/rbac';
import { exportFormat } from '@/lib/web/url-state';

export const dynamic = 'force-dynamic';

/**
 * The same JSON as `rbac-atlas audit -o json` (without exceptions, which are the CLI's file) a page
 * at a time (`limit`, `continue`, `total`, as the other lists; a token from another version of the
 * findings is 410 Gone), or one CSV row per finding
 * (format=csv, every one, streamed); filtered as /risks is (severity, id, namespace, subject, builtin).
 * With `by=subject` or `by=kind` (and `sort`, `order`), the rows of /risks instead: one per group,
 * its severity (its worst finding's), counts per severity and worst finding; `findings` counts them all.
 */
export async function GET(req: NextRequest) {
  const { filter, problems } = parseFindingFilter(req.nextUrl.searchParams);
  if (problems.length > 0) return badRequest(problems.join('; '));
  const format = exportFormat(req.nextUrl.searchParams);
  if (!format.ok) return badRequest(format.error);
  const paging = optionalApiPaging(req.nextUrl.searchParams, false);
  if (!paging.ok) return badRequest(paging.error);
  const grouped = req.nextUrl.searchParams.has('by');
  const { view, problems: viewProblems } = parseRisksView(req.nextUrl.searchParams);
  // sort and order mean something only with by: a flat list is in severity order, as the CLI's.
  if (grouped && viewProblems.length > 0) return badRequest(viewProblems.join('; '));
  if (grouped && format.value === 'csv') return badRequest('format=csv lists findings: leave out by');
  if (grouped && 'all' in paging) return badRequest('limit=all lists findings: leave out by');
  const asked = 'all' in paging ? undefined : paging;
  return withSource(async () => {
    const { engine } = await currentData();
    // Read before the answer: computing, the findings are empty and say nothing (docs/api.md).
    const risks = riskStatusJson(engine.risks.status());
    // A page's token names the findings' version: one from another is 410 (the list would straddle two).
    const version = riskListVersion(engine);
    const expired = asked && expiredContinue(asked, version, risks);
    if (expired) return expired;
    if (grouped) {
      const { by, sort, order } = view;
      const page = engine.findingGroups({
        ...findingMatch(filter),
        by,
        sort,
        order,
        offset: asked?.offset ?? 0,
        limit: asked?.limit ?? API_DEFAULT_LIMIT,
      });
      return jsonStream(
        { ...engine.completeness('paths'), risks, ...pageFields(page, version), findings: page.findings },
        'groups',
        page.items,
        findingGroupJson,
      );
    }
    const findings = filterFindings(visibleFindings(engine.findings(), filter), filter);
    if (format.value === 'csv')
      return riskCsv(engine.risks.status(), () =>
        csv(
          textStream(
            csvChunks(['severity', 'id', 'title', 'ref', 'namespace', 'builtin', 'remediation'], findings, (f) => [
              f.severity,
              f.id,
              f.title,
              findingRef(f),
              f.namespace ?? '',
              String(f.builtin),
              f.remediation,
            ]),
          ),
          'rbac-atlas-findings.csv',
          engine.completeness('paths'),
        ),
      );
    // A page at a time (every finding of a 10,000-namespace cluster is some 90 MB of JSON, of a
    // 5,000-subject binding to admin 40 MB: #25), the page streamed; the CSV has every finding.
    const head = { ...engine.completeness('paths'), risks };
    if (!asked) return jsonStream({ ...head, total: findings.length }, 'findings', findings, findingJson);
    const page = pageOf(findings, asked.offset, asked.limit);
    return jsonStream({ ...head, ...pageFields(page, version) }, 'findings', page.items, (f) => findingJson(f));
  });
}
