import type { Metadata } from 'next';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { ContextLink as Link } from '@/components/layout/context-link';
import { currentDataOrError } from '@/lib/web/current';

export const metadata: Metadata = { title: 'Hidden by your access' };

/**
 * A page the viewer's Kubernetes access does not show (`token` mode): status 403, why, and the
 * permission it needs (lib/web/access-gates.ts). The reason is asked again here (the review is
 * cached), since forbidden() carries none.
 */
export default async function Forbidden() {
  const data = await currentDataOrError();
  const reason = 'refused' in data ? data.refused.message : 'your access does not show this page';
  return (
    <PageContainer>
      <div
        role="alert"
        aria-labelledby="forbidden-title"
        className="mx-auto max-w-xl rounded-xl border border-amber-300 bg-amber-50 p-8 text-center shadow-sm dark:border-amber-800 dark:bg-amber-950/40"
      >
        <p className="font-mono text-sm font-semibold text-amber-800 dark:text-amber-300">403</p>
        <h1
          id="forbidden-title"
          className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100"
        >
          Hidden by your access
        </h1>
        <p className="mt-3 break-words text-slate-700 dark:text-slate-300" data-testid="forbidden-reason">
          {reason}
        </p>
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          RBAC Atlas shows each viewer only what their own Kubernetes identity may list: ask a cluster administrator for
          the permission above, or sign in with another token.
        </p>
        <p className="mt-4">
          <Link className={`font-medium ${linkClass}`} href="/">
            Back to the overview
          </Link>
        </p>
      </div>
    </PageContainer>
  );
}
