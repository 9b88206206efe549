import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { WhatIfForm } from '@/components/what-if/what-if-form';
import { requireViewerAccess } from '@/components/layout/with-current-data';

export const metadata: Metadata = { title: 'What-if' };

export const dynamic = 'force-dynamic';

export default async function WhatIfPage() {
  const closed = await requireViewerAccess();
  if (closed) return closed;
  return (
    <PageContainer>
      <h1 className="text-2xl font-semibold tracking-tight">What-if</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A change reviewed before it is made: paste or upload manifests and see who would gain and lose which
        permissions, and which paths to cluster-admin would open or close, against the data shown now (as{' '}
        <Link href="/diff" className={linkClass}>
          Diff
        </Link>{' '}
        shows two states). Nothing is applied, written or kept.
      </p>
      <WhatIfForm />
    </PageContainer>
  );
}
