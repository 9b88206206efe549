import type { ReactNode } from 'react';
import { ContextLink as Link } from './context-link';
import { NAV_ITEMS } from './nav-items';
import { linkClass, PageContainer } from './page-container';

/** The path segments after the section (`/roles/role/a/b` → `role, a, b`), decoded where they decode. */
export function pathParts(pathname: string): string[] {
  return pathname
    .split('/')
    .slice(2)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/**
 * Every "not found" in both themes: what was asked for, why it may be missing, the way back, the
 * sections, and a search. Used by the root 404 and by each object page's own.
 */
export function NotFoundCard({
  title,
  back,
  children,
}: {
  title: ReactNode;
  back?: { href: string; label: string };
  children: ReactNode;
}) {
  return (
    <PageContainer>
      <div className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="font-mono text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight break-words">{title}</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">{children}</p>
        {back && (
          <p className="mt-4">
            <Link className={`font-medium ${linkClass}`} href={back.href}>
              {back.label}
            </Link>
          </p>
        )}
        <ul aria-label="Go to" className="mt-6 flex flex-wrap justify-center gap-x-5 gap-y-2 text-sm">
          {NAV_ITEMS.filter((i) => i.href !== '/changes').map((i) => (
            <li key={i.href}>
              <Link className={linkClass} href={i.href}>
                {i.label}
              </Link>
            </li>
          ))}
        </ul>
        <form method="get" action="/search" role="search" className="mx-auto mt-6 flex max-w-sm gap-2">
          <input
            type="search"
            name="q"
            aria-label="Search the cluster"
            placeholder="Search by name"
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <button
            type="submit"
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            Search
          </button>
        </form>
      </div>
    </PageContainer>
  );
}
