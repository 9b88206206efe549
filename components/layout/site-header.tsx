import { connection } from 'next/server';
import { Suspense } from 'react';
import { availableContexts } from '@/lib/k8s/current-source';
import { currentData, requestContext } from '@/lib/views/current';
import { ContextField, ContextLink as Link } from './context-link';
import { ContextPicker } from './context-picker';
import { SourceBadge, StaleBanner, type Freshness } from './source-status';

const navClass =
  'whitespace-nowrap text-sm text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white';

export async function SiteHeader() {
  // The source and its read time belong to the request, never to the build.
  await connection();
  const data = await currentData().catch(() => undefined);
  const contexts = await availableContexts();
  const context = (await requestContext()) ?? contexts?.default ?? '';
  const status = data?.status;
  const freshness: Freshness | undefined = status && {
    state: status.state,
    ...(status.since && { since: new Date(status.since).toISOString() }),
    ...(status.reason && { reason: status.reason }),
  };
  return (
    <>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="flex h-14 items-center justify-between gap-4 px-6">
          <nav aria-label="Main" className="flex items-center gap-5">
            <Link href="/" className="text-lg font-semibold tracking-tight whitespace-nowrap">
              RBAC Atlas
            </Link>
            <Link href="/" className={navClass}>
              Namespaces
            </Link>
            <Link href="/who-can" className={navClass}>
              Who can
            </Link>
            <Link href="/risks" className={navClass}>
              Risks
            </Link>
            <Link href="/changes" className={navClass}>
              Changes
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
          <div className="flex min-w-0 items-center gap-4">
            {contexts && contexts.names.length > 0 && (
              <Suspense fallback={null}>
                <ContextPicker names={contexts.names} current={context} />
              </Suspense>
            )}
            {data && (
              <Suspense fallback={null}>
                <SourceBadge
                  description={data.source.description}
                  readAt={data.source.readAt}
                  demo={data.source.spec.kind === 'demo'}
                  {...(freshness && { freshness })}
                />
              </Suspense>
            )}
          </div>
        </div>
      </header>
      <Suspense fallback={null}>
        <StaleBanner {...(freshness && { freshness })} />
      </Suspense>
    </>
  );
}
