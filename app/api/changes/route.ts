import type { NextRequest } from 'next/server';
import { badRequest, csv, json, textStream } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { changeHistory, currentData, watching } from '@/lib/web/current';
import { ChangeHistory, entriesPage, entrySubjects, listedEntry, type ChangeEntry } from '@/lib/history/changes';
import { changesCsvChunks } from '@/lib/reports/changes-csv';
import { apiPaging, pageFields } from '@/lib/web/paging';
import { exportFormat } from '@/lib/web/url-state';
import { parseChangesQuery } from '@/lib/web/changes-query';

export const dynamic = 'force-dynamic';

/** One entry's subjects, paged (all its groups, or one): the entry's own fields beside them, its groups' lists left out. */
function entryAnswer(e: ChangeEntry, group: number | undefined, paging: { offset: number; limit: number }) {
  if (group !== undefined && group > e.groups.length)
    return badRequest(`group must be from 1 to ${e.groups.length}, got "${group}"`);
  const page = entrySubjects(e, paging.offset, paging.limit, group);
  const head = listedEntry(e, 0);
  return {
    entry: {
      ...head,
      groups: head.groups.map(({ size, kinds, dropped }) => ({ size, kinds, ...(dropped && { dropped }) })),
    },
    ...(group !== undefined && { group }),
    ...pageFields(page),
    subjects: page.items,
  };
}

/**
 * The RBAC changes seen while watching, newest first, each with the groups of subjects that moved
 * alike and their first subjects (a page holds as many entries as fit in a few MB); `?entry=ID`
 * pages one entry's subjects (`&group=N`: one group's); or all as CSV, streamed.
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const format = exportFormat(q);
  if (!format.ok) return badRequest(format.error);
  const paging = apiPaging(q);
  if (!paging.ok) return badRequest(paging.error);
  const asked = parseChangesQuery(q);
  if (!asked.ok) return badRequest(asked.error);
  const which = asked.value;
  return withSource(async () => {
    const { context, source } = await currentData();
    const history: ChangeHistory | undefined = changeHistory(context);
    const entries = history?.list() ?? [];
    if (format.value === 'csv') return csv(textStream(changesCsvChunks(entries)), 'rbac-atlas-changes.csv');
    const kept = (history ?? new ChangeHistory()).usage();
    const head = { source: source.description, watching: watching(), kept };
    if (which.entry !== undefined) {
      const e = history?.entry(which.entry);
      if (!e)
        return json({ error: `no change ${which.entry} is kept (it may have been let go to stay in budget)` }, 404);
      const answer = entryAnswer(e, which.group, paging);
      return answer instanceof Response ? answer : json({ ...head, ...answer });
    }
    const page = entriesPage(entries, paging.offset, paging.limit);
    return json({ ...head, ...pageFields(page), changes: page.items.map((e) => listedEntry(e)) });
  });
}
