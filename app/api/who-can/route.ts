import type { NextRequest } from 'next/server';
import { parseRequestQuery } from '@/lib/request/query';
import { badRequest, csv, json, withSource } from '@/lib/views/api';
import { currentData } from '@/lib/views/current';
import { whoCanCsv } from '@/lib/views/csv';
import { pageOf, requestNamespace } from '@/lib/rbac';
import { apiPaging, pageFields } from '@/lib/views/paging';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const parsed = parseRequestQuery(q);
  if (!parsed.ok) return badRequest(parsed.error);
  const paging = apiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  const format = q.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return badRequest(`format must be json or csv, got "${format}"`);
  return withSource(async () => {
    const { engine } = await currentData();
    const answer = engine.whoCan(parsed.value);
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
