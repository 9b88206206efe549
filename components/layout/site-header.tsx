import Link from 'next/link';
import { connection } from 'next/server';
import { currentSource } from '@/lib/k8s/current-source';
import { SourceBadge } from './source-badge';

export async function SiteHeader() {
  // The source and its read time belong to the request, never to the build.
  await connection();
  const source = await currentSource().catch(() => undefined);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          RBAC Atlas
        </Link>
        {source && (
          <SourceBadge description={source.description} readAt={source.readAt} demo={source.spec.kind === 'demo'} />
        )}
      </div>
    </header>
  );
}
