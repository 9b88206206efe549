import type { NextRequest } from 'next/server';
import { pageOf } from '@/lib/rbac';
import { chosenSpec, isLive } from '@/lib/k8s/current-source';
import { badRequest, csv, json, withSource } from '@/lib/views/api';
import { changeHistory, currentData } from '@/lib/views/current';
import { changesCsv, HISTORY_LIMIT } from '@/lib/views/changes';
import { apiPaging, pageFields } from '@/lib/views/paging';

export const dynamic = 'force-dynamic';

/** The RBAC changes seen while watching, newest first, each with who gained and lost what; or all as CSV. */
export async function GET(req: NextRequest) {
  const format = req.nextUrl.searchParams.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return badRequest(`format must be json or csv, got "${format}"`);
  const paging = apiPaging(req.nextUrl.searchParams);
  if (!paging.ok) return badRequest(paging.error);
  return withSource(async () => {
    const { context, source } = await currentData();
    if (format === 'csv') return csv(changesCsv(changeHistory(context)), 'rbac-atlas-changes.csv');
    const page = pageOf(changeHistory(context), paging.offset, paging.limit);
    return json({
      source: source.description,
      watching: isLive(chosenSpec()),
      kept: HISTORY_LIMIT,
      ...pageFields(page),
      changes: page.items,
    });
  });
}
