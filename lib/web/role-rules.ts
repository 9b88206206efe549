// A role page's rules as an admin reads them: dangerous rows first, filtered by words and by
// "dangerous only", the filter in the URL (`filter=`, `danger=only`) so a link shows the same rows.
import { z } from 'zod';
import type { RuleRow } from '@/lib/rbac';
import { firstValues, type SearchParams } from '@/lib/web/search-params';

export interface RuleFilter {
  /** Words a row must contain (its resource or URL, names, verbs or dangers), any case. */
  filter: string;
  dangerous: boolean;
}

const schema = z.object({
  filter: z.string().trim().max(200).optional().catch(undefined),
  danger: z.string().optional().catch(undefined),
});

export function parseRuleFilter(sp: SearchParams): RuleFilter {
  const r = schema.parse(firstValues(sp));
  return { filter: r.filter ?? '', dangerous: r.danger === 'only' };
}

/** The filter's own parameters, for links that keep it (paging). */
export function ruleFilterQuery(f: RuleFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.filter !== '') q.set('filter', f.filter);
  if (f.dangerous) q.set('danger', 'only');
  return q;
}

const rowText = (r: RuleRow) =>
  [r.resource, r.nonResourceURL ?? '', ...r.resourceNames, ...r.verbs, ...r.dangers.map((d) => d.title)]
    .join(' ')
    .toLowerCase();

/** The rows the filter keeps, dangerous ones first (each group in the table's own order). */
export function filterRuleRows(rows: readonly RuleRow[], f: RuleFilter): RuleRow[] {
  const words = f.filter.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = rows.filter((r) => (!f.dangerous || r.dangers.length > 0) && words.every((w) => rowText(r).includes(w)));
  return [...kept.filter((r) => r.dangers.length > 0), ...kept.filter((r) => r.dangers.length === 0)];
}

/** Each danger of a role's rows, with how many rows carry it: the chips atop its page. */
export function dangerCounts(rows: readonly RuleRow[]): { id: string; title: string; rows: number }[] {
  const counts = new Map<string, { id: string; title: string; rows: number }>();
  for (const r of rows)
    for (const d of r.dangers) {
      const c = counts.get(d.id) ?? { id: d.id, title: d.title, rows: 0 };
      c.rows += 1;
      counts.set(d.id, c);
    }
  return [...counts.values()].sort((a, b) => b.rows - a.rows || a.title.localeCompare(b.title));
}
