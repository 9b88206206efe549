// Search hits from the engine, spelled as links, counted per category: the header's typeahead
// (/api/search), the /search page and the overview share it.
import { z } from 'zod';
import { bindingLabel, pageOf, roleLabel, subjectLabel, type Engine, type Page, type SearchHit } from '@/lib/rbac';
import { bindingHref, namespaceHref, roleHref, subjectHref } from './links';
import { issuesText, type Parsed } from './url-state';

/** What a hit is, as the engine finds them: the /search page's tabs. */
export const SEARCH_CATEGORIES = ['Namespace', 'Subject', 'Role', 'Binding'] as const;
export type SearchCategory = (typeof SEARCH_CATEGORIES)[number];

export interface SearchLink {
  /** Namespace, ServiceAccount, User, Group, Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
  kind: string;
  category: SearchCategory;
  label: string;
  href: string;
}

function link(h: SearchHit): SearchLink {
  switch (h.kind) {
    case 'Namespace':
      return { kind: 'Namespace', category: h.kind, label: h.name, href: namespaceHref(h.name) };
    case 'Subject':
      return { kind: h.subject.kind, category: h.kind, label: subjectLabel(h.subject), href: subjectHref(h.subject) };
    case 'Role':
      return { kind: h.role.kind, category: h.kind, label: roleLabel(h.role), href: roleHref(h.role) };
    case 'Binding':
      return { kind: h.binding.kind, category: h.kind, label: bindingLabel(h.binding), href: bindingHref(h.binding) };
  }
}

export function search(engine: Engine, query: string, limit = 100): SearchLink[] {
  return engine.search(query, limit).map(link);
}

export interface SearchAnswer {
  query: string;
  /** Every match, per category, whatever `category` shows. */
  totals: Record<SearchCategory, number>;
  /** One page of the matches (of `category`, or of all). */
  page: Page<SearchLink>;
}

/**
 * Every match counted (a name scan: a few milliseconds at 40,000 subjects), one page of them
 * linked. The engine lists namespaces, subjects, roles, bindings in name order.
 */
export function searchPage(
  engine: Engine,
  query: string,
  at: { offset: number; limit: number; category?: SearchCategory | undefined },
): SearchAnswer {
  const hits = engine.search(query, Number.POSITIVE_INFINITY);
  const totals = { Namespace: 0, Subject: 0, Role: 0, Binding: 0 };
  for (const h of hits) totals[h.kind] += 1;
  const shown = at.category ? hits.filter((h) => h.kind === at.category) : hits;
  const page = pageOf(shown, at.offset, at.limit);
  return { query, totals, page: { ...page, items: page.items.map(link) } };
}

const NOUNS: Record<SearchCategory, [string, string]> = {
  Namespace: ['namespace', 'namespaces'],
  Subject: ['subject', 'subjects'],
  Role: ['role', 'roles'],
  Binding: ['binding', 'bindings'],
};

/** "3 namespaces", "1 subject": a category's count in words. */
export function countWords(category: SearchCategory, n: number): string {
  return `${n.toLocaleString('en')} ${NOUNS[category][n === 1 ? 0 : 1]}`;
}

/** "12 roles, 3 subjects, 1 binding": the categories that matched, in the engine's order. */
export function totalsWords(totals: Record<SearchCategory, number>): string {
  const words = SEARCH_CATEGORIES.filter((c) => totals[c] > 0).map((c) => countWords(c, totals[c]));
  return words.length > 0 ? words.join(', ') : 'nothing';
}

const searchSchema = z.object({
  q: z.string().trim().min(1, 'say what to search for (q=)').max(200, 'at most 200 characters'),
  kind: z.enum(SEARCH_CATEGORIES).optional(),
});

/** `q` (required) and `kind` (a category) of /api/search and /search. */
export function parseSearchQuery(q: Record<string, string>): Parsed<{ q: string; kind?: SearchCategory }> {
  const r = searchSchema.safeParse(q);
  if (!r.success) return { ok: false, error: issuesText(r.error) };
  return { ok: true, value: { q: r.data.q, ...(r.data.kind && { kind: r.data.kind }) } };
}
