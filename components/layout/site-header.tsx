import { ContextField, ContextLink as Link } from '@/components/layout/context-link';
import { connection } from 'next/server';
import { currentSource } from '@/lib/k8s/current-source';
import { SourceBadge } from './source-badge';

export async function SiteHeader() {
  // The source and its read time belong to the request, never to the build.
  await connection();
  const source = await currentSource().catch(() => undefined);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex h-14 items-center justify-between gap-4 px-6">
        <nav aria-label="Main" className="flex items-center gap-5">
          <Link href="/" className="text-lg font-semibold tracking-tight whitespace-nowrap">
            RBAC Atlas
          </Link>
          <Link
            href="/"
            className="text-sm text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white"
          >
            Namespaces
          </Link>
          <Link
            href="/who-can"
            className="text-sm text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white"
          >
            Who can
          </Link>
          <form method="get" action="/" role="search" className="hidden md:block">
            <ContextField />
            <input
              type="search"
              name="q"
              aria-label="Search namespaces, subjects, roles and bindings"
              placeholder="Search…"
              className="w-56 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
            />
          </form>
        </nav>
        {source && (
          <SourceBadge description={source.description} readAt={source.readAt} demo={source.spec.kind === 'demo'} />
        )}
      </div>
    </header>
  );
}
