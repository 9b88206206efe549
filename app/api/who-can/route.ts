import type { NextRequest } from 'next/server';
import { parseRequestQuery } from '@/lib/request/query';
import { badRequest, csv, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { whoCanCsv } from '@/lib/views/csv';
import { pageOf, requestNamespace } from '@/lib/rbac';
import { apiPaging, pageFields } from '@/lib/views/paging';

export const dynamic = 'force-dynamic';

/** Who can make a request (verb, resource, …): JSON a page at a time, or CSV (format=csv); builtin=hide. */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const parsed = parseRequestQuery(q);
  if (!parsed.ok) return badRequest(parsed.error);
  const paging = apiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  const format = q.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return badRequest(`format must be json or csv, got "${format}"`);
  const builtin = q.get('builtin') ?? 'show';
  if (builtin !== 'show' && builtin !== 'hide') return badRequest(`builtin must be show or hide, got "${builtin}"`);
  return withSource(async () => {
    const { engine } = await currentData();
    const everyone = engine.whoCan(parsed.value);
    // Every allowed subject by default, as the authorizer answers; builtin=hide leaves out
    // Kubernetes' own identities, as the who-can page does by default.
    const answer = builtin === 'show' ? everyone : everyone.filter((s) => !engine.isBuiltinAnswer(s));
    const page = pageOf(answer, paging.offset, paging.limit);
    const completeness = engine.completeness('who-can', requestNamespace(parsed.value));
    if (format === 'csv') return csv(whoCanCsv(page.items), 'who-can.csv', completeness);
    return json({
      request: parsed.value,
      ...completeness,
      ...pageFields(page),
      summary: engine.summarizeWhoCan(answer),
      subjects: page.items,
    });
  });
}
