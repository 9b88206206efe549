import { SourceError } from '@/components/layout/source-error';
import { SourceNotices } from '@/components/layout/source-notices';
import { currentSource } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import { namespaceSummaries } from '@/lib/rbac';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  let source;
  try {
    source = await currentSource();
  } catch (e) {
    if (e instanceof ClusterError) return <SourceError message={e.message} />;
    throw e;
  }
  const namespaces = namespaceSummaries(source.model);
  return (
    <>
      <SourceNotices demo={source.spec.kind === 'demo'} issues={source.issues} skippedKinds={source.skippedKinds} />
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
                  {ns.name}
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
    </>
  );
}
