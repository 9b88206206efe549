import { connection } from 'next/server';
import { Suspense } from 'react';
import { ViewerBadge } from '@/components/auth/viewer-badge';
import { availableContexts, currentData, requestContext } from '@/lib/web/current';
import { authMode, currentViewer } from '@/lib/web/viewer';
import { ContextLink as Link } from './context-link';
import { ContextPicker } from './context-picker';
import { KubeVersionBadge } from './kube-version-badge';
import { SearchBox } from './search-box';
import { SourceBadge, StaleBanner, type Freshness } from './source-status';
import { ThemeSwitch } from './theme';

export async function SiteHeader() {
  // The source and its read time belong to the request, never to the build.
  await connection();
  const viewer = await currentViewer();
  // In token mode, a page shown to nobody signed in (the sign-in page) shows nothing of the cluster.
  if (authMode() === 'token' && !viewer) return <BareHeader />;
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
        <div className="flex min-h-14 flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 md:h-14 md:flex-nowrap md:px-6 md:py-0">
          <div className="flex min-w-0 items-center gap-5">
            <Link href="/" className="text-lg font-semibold tracking-tight whitespace-nowrap">
              RBAC Atlas
            </Link>
            <Suspense fallback={null}>
              <SearchBox />
            </Suspense>
          </div>
          <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 md:flex-nowrap md:gap-4">
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
            {data && <KubeVersionBadge version={data.engine.kubernetes} />}
            {viewer && <ViewerBadge viewer={viewer} />}
            <ThemeSwitch />
          </div>
        </div>
      </header>
      <Suspense fallback={null}>
        <StaleBanner {...(freshness && { freshness })} />
      </Suspense>
    </>
  );
}

/** The header without anything read from the cluster: the name and the theme. */
function BareHeader() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex h-14 items-center justify-between gap-4 px-4 md:px-6">
        <span className="text-lg font-semibold tracking-tight whitespace-nowrap">RBAC Atlas</span>
        <ThemeSwitch />
      </div>
    </header>
  );
}
