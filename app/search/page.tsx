import type { Metadata } from 'next';
import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { buttonClass, inputClass, linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { withCurrentData } from '@/components/layout/with-current-data';
import { pageOffset } from '@/lib/web/paging';
import {
  countWords,
  parseSearchQuery,
  SEARCH_CATEGORIES,
  searchPage,
  totalsWords,
  type SearchAnswer,
  type SearchCategory,
} from '@/lib/web/search';
import { firstValues, type SearchParams } from '@/lib/web/search-params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Search' };

const PAGE_SIZE = 50;

/** Every namespace, subject, role and binding whose name contains `q`: totals per kind first, then a page of them. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const values = firstValues(sp);
  const parsed = values.q === undefined ? undefined : parseSearchQuery(values);
  return withCurrentData(({ engine }) => {
    const query = parsed?.ok ? parsed.value : undefined;
    const answer =
      query &&
      searchPage(engine, query.q, { offset: pageOffset(sp, PAGE_SIZE), limit: PAGE_SIZE, category: query.kind });
    return (
      <PageContainer>
        <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
        <SearchForm q={values.q ?? ''} kind={query?.kind} />
        {parsed && !parsed.ok && (
          <p role="alert" className="mt-4 text-sm text-amber-800 dark:text-amber-300">
            Nothing to search for: type part of a name (a namespace, subject, role or binding).
          </p>
        )}
        {answer && query && <SearchResults answer={answer} kind={query.kind} />}
      </PageContainer>
    );
  });
}

function SearchForm({ q, kind }: { q: string; kind: SearchCategory | undefined }) {
  return (
    <form
      method="get"
      action="/search"
      role="search"
      aria-label="Search"
      className="mt-4 flex max-w-xl items-end gap-2"
    >
      <ContextField />
      {kind && <input type="hidden" name="kind" value={kind} />}
      <label className="block grow text-sm">
        <span className="text-slate-600 dark:text-slate-400">Name contains</span>
        <input type="search" name="q" defaultValue={q} placeholder="e.g. payments" className={inputClass} />
      </label>
      <button type="submit" className={buttonClass}>
        Search
      </button>
    </form>
  );
}

const searchHref = (q: string, kind?: SearchCategory, page = 1) => {
  const params = new URLSearchParams({ q });
  if (kind) params.set('kind', kind);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
};

function SearchResults({ answer, kind }: { answer: SearchAnswer; kind: SearchCategory | undefined }) {
  const all = SEARCH_CATEGORIES.reduce((n, c) => n + answer.totals[c], 0);
  return (
    <section aria-label="Search results" className="mt-6">
      <h2 className="text-lg font-semibold">
        {all.toLocaleString('en')} result{all === 1 ? '' : 's'} for “{answer.query}”: {totalsWords(answer.totals)}
      </h2>
      <nav aria-label="Result kinds" className="mt-2 flex flex-wrap gap-2 text-sm">
        <KindTab href={searchHref(answer.query)} current={!kind} text={`All (${all.toLocaleString('en')})`} />
        {SEARCH_CATEGORIES.filter((c) => answer.totals[c] > 0).map((c) => (
          <KindTab
            key={c}
            href={searchHref(answer.query, c)}
            current={kind === c}
            text={countWords(c, answer.totals[c])}
          />
        ))}
      </nav>
      {answer.page.total > 0 && <ResultsTable answer={answer} />}
      <Pager page={answer.page} size={PAGE_SIZE} href={(n) => searchHref(answer.query, kind, n)} noun="results" />
    </section>
  );
}

function KindTab({ href, current, text }: { href: string; current: boolean; text: string }) {
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`rounded-full border px-3 py-1 ${
        current
          ? 'border-sky-700 bg-sky-700 text-white dark:border-sky-400 dark:bg-sky-400 dark:text-slate-950'
          : 'border-slate-300 bg-white text-slate-800 hover:border-sky-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100'
      }`}
    >
      {text}
    </Link>
  );
}

function ResultsTable({ answer }: { answer: SearchAnswer }) {
  return (
    <table className="mt-3 w-full text-left text-sm">
      <caption className="sr-only">Results for {answer.query}</caption>
      <thead className="text-slate-600 dark:text-slate-400">
        <tr>
          <th scope="col" className="w-48 py-1 pr-4 font-medium">
            Kind
          </th>
          <th scope="col" className="py-1 font-medium">
            Name
          </th>
        </tr>
      </thead>
      <tbody>
        {answer.page.items.map((h) => (
          <tr key={h.href} className="border-t border-slate-200 dark:border-slate-800">
            <td className="py-1.5 pr-4 text-slate-700 dark:text-slate-300">{h.kind}</td>
            <th scope="row" className="py-1.5 font-mono font-normal break-words">
              <Link href={h.href} className={linkClass}>
                {h.label}
              </Link>
            </th>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
