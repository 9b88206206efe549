import Link from 'next/link';
import { SourceErrorPage } from '@/components/layout/source-error';
import { SourceNotices } from '@/components/layout/source-notices';
import { namespaceSummaries } from '@/lib/rbac';
import { currentDataOrError } from '@/lib/views/current';
import { search } from '@/lib/views/search';

export const dynamic = 'force-dynamic';

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = (await searchParams).q;
  const query = (Array.isArray(q) ? q[0] : q)?.slice(0, 200) ?? '';
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { source, engine } = data;
  const namespaces = namespaceSummaries(source.model);
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <SourceNotices demo={source.spec.kind === 'demo'} issues={source.issues} skippedKinds={source.skippedKinds} />
      {query && <SearchResults query={query} hits={search(engine, query)} />}
      <h1 className="text-2xl font-semibold tracking-tight">Namespaces</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {namespaces.length} namespaces · {source.model.clusterRoleBindings.length} ClusterRoleBindings ·{' '}
        {source.model.clusterRoles.length} ClusterRoles
      </p>
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Namespace
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Service accounts
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Pods
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                RoleBindings
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Subjects bound
              </th>
            </tr>
          </thead>
          <tbody>
            {namespaces.map((ns) => (
              <tr key={ns.name} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <th scope="row" className="px-4 py-2 font-mono font-normal">
                  <Link
                    href={`/namespaces/${encodeURIComponent(ns.name)}`}
                    className="text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {ns.name}
                  </Link>
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{ns.serviceAccounts}</td>
                <td className="px-4 py-2 text-right tabular-nums">{ns.pods}</td>
                <td className="px-4 py-2 text-right tabular-nums">{ns.roleBindings}</td>
                <td className="px-4 py-2 text-right tabular-nums">{ns.subjects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SearchResults({ query, hits }: { query: string; hits: ReturnType<typeof search> }) {
  return (
    <section aria-label="Search results" className="mb-8">
      <h2 className="text-lg font-semibold">
        {hits.length} result{hits.length === 1 ? '' : 's'} for “{query}”
      </h2>
      <ul className="mt-2 grid gap-1 sm:grid-cols-2">
        {hits.map((h) => (
          <li key={`${h.kind}:${h.label}`} className="text-sm">
            <span className="inline-block w-36 text-slate-500 dark:text-slate-400">{h.kind}</span>
            <Link href={h.href} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
              {h.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
