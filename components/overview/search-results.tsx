import { ContextLink as Link } from '@/components/layout/context-link';
import type { SearchLink } from '@/lib/web/search';

/** The header search's answer, on the overview until the search has a page of its own. */
export function SearchResults({ query, hits }: { query: string; hits: SearchLink[] }) {
  return (
    <section aria-label="Search results" className="mb-8">
      <h2 className="text-lg font-semibold">
        {hits.length >= 100 ? 'The first 100' : hits.length} result{hits.length === 1 ? '' : 's'} for “{query}”
      </h2>
      <ul className="mt-2 grid gap-1 sm:grid-cols-2">
        {hits.map((h) => (
          <li key={`${h.kind}:${h.label}`} className="text-sm">
            <span className="inline-block w-36 text-slate-600 dark:text-slate-400">{h.kind}</span>
            <Link href={h.href} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
              {h.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
