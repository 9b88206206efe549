// The cluster's size in one line, each count a link to the list of what it counts: on the overview
// and above the namespace table (which leaves out the link to itself).
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import type { Engine } from '@/lib/rbac';

export function ClusterCounts({ counts, linkNamespaces }: { counts: Engine['counts']; linkNamespaces: boolean }) {
  const namespaces = `${counts.namespaces.toLocaleString('en')} namespaces`;
  return (
    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
      {linkNamespaces ? (
        <Link className={linkClass} href="/namespaces">
          {namespaces}
        </Link>
      ) : (
        namespaces
      )}{' '}
      ·{' '}
      <Link className={linkClass} href="/subjects?kind=ServiceAccount">
        {counts.serviceAccounts.toLocaleString('en')} service accounts
      </Link>{' '}
      · {counts.pods.toLocaleString('en')} pods ·{' '}
      <Link className={linkClass} href="/bindings?kind=ClusterRoleBinding&builtin=show">
        {counts.clusterRoleBindings.toLocaleString('en')} ClusterRoleBindings
      </Link>{' '}
      ·{' '}
      <Link className={linkClass} href="/roles?kind=ClusterRole&builtin=show">
        {counts.clusterRoles.toLocaleString('en')} ClusterRoles
      </Link>
    </p>
  );
}
