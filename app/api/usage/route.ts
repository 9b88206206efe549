import type { NextRequest } from 'next/server';
import { badRequest, csv, json, jsonStream, textStream } from '@/lib/web/api';
import { withSource } from '@/lib/web/with-source';
import { csvChunks } from '@/lib/reports/csv';
import { currentData } from '@/lib/web/current';
import { pageOf, type UsageWindow } from '@/lib/rbac';
import { optionalApiPaging, pageFields } from '@/lib/web/paging';
import { exportFormat } from '@/lib/web/url-state';
import { usageAnswers } from '@/lib/web/usage';
import { parseUsageApiFilter } from '@/lib/web/usage-filter';
import { USAGE_COLUMNS, usageCounts, usageLists, usageRow } from '@/lib/web/usage-lists';
import { readyUsageState } from '@/lib/web/usage-source';

export const dynamic = 'force-dynamic';

const stamp = (ms: number | undefined) =>
  ms === undefined ? 'none' : new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');

/** `20261205T210001-20261205T220005`: the window read, for a file name. */
function windowStamp(w: UsageWindow): string {
  return `${stamp(w.from)}-${stamp(w.to)}`;
}

/** A CSV of a read not yet done: marked incomplete, as every partial answer is. */
function partial(res: Response): Response {
  res.headers.set('x-rbac-atlas-complete', 'false');
  return res;
}

/**
 * One list of /usage (`list`: bindings, roles, identities, denied, disagreements; filtered by `q`,
 * `namespace`, `builtin` as the page is), with the window read (a "never used" is only for it),
 * the lines that were not events, and every list's count. JSON a page at a time (`limit`,
 * `continue`, `total`), or every row as CSV (format=csv). No audit log configured: 404 with why.
 */
export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const filter = parseUsageApiFilter(q);
  if (!filter.ok) return badRequest(filter.error);
  const format = exportFormat(q);
  if (!format.ok) return badRequest(format.error);
  const paging = optionalApiPaging(q, format.value === 'csv');
  if (!paging.ok) return badRequest(paging.error);
  return withSource(async () => {
    const { engine } = await currentData();
    const usage = await readyUsageState();
    if ('none' in usage) return json({ error: usage.none }, 404);
    const answers = usageAnswers(engine, usage.feed);
    const lists = usageLists(engine, answers, filter.value);
    const items = lists[filter.value.list] as readonly unknown[];
    const row = (item: unknown) => usageRow(filter.value.list, item as never);
    if (format.value === 'csv') {
      const header = USAGE_COLUMNS[filter.value.list];
      const body = textStream(csvChunks(header, items, (i) => header.map((k) => String(row(i)[k] ?? ''))));
      // The window read is in the file's name (a "never used" is only for it), and a read not yet
      // done says so in a header, as a partial answer does everywhere.
      const name = `usage-${filter.value.list}-${windowStamp(usage.feed.window())}.csv`;
      return usage.feed.read ? csv(body, name) : partial(csv(body, name));
    }
    const page = 'all' in paging ? pageOf(items, 0, items.length) : pageOf(items, paging.offset, paging.limit);
    const head = {
      list: filter.value.list,
      /** The log's first read is not done: every count is partial. */
      reading: !usage.feed.read,
      window: usage.feed.window(),
      problems: usage.feed.problems,
      attribution: {
        checked: answers.attribution.checked,
        agreed: answers.attribution.agreed,
        explained: answers.attribution.explained.length,
        disagreements: answers.attribution.disagreements.length,
      },
      counts: usageCounts(lists),
      ...pageFields(page),
    };
    return jsonStream(head, 'items', page.items, row);
  });
}
