import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { NAV_ITEMS } from '@/components/layout/nav-items';

export const metadata: Metadata = { title: 'Not found' };

// Anything the cluster does not have (a namespace, subject, role or binding), or a mistyped URL.
export default function NotFound() {
  return (
    <PageContainer>
      <div className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="font-mono text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Not in this cluster</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          No namespace, subject, role or binding has this address in the data shown now. It may have been deleted, be in
          another context, or the link may be mistyped.
        </p>
        <ul className="mt-6 flex flex-wrap justify-center gap-x-5 gap-y-2 text-sm">
          {NAV_ITEMS.filter((i) => i.href !== '/changes').map((i) => (
            <li key={i.href}>
              <Link className={linkClass} href={i.href}>
                {i.label}
              </Link>
            </li>
          ))}
        </ul>
        <form method="get" action="/" role="search" className="mx-auto mt-6 flex max-w-sm gap-2">
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
