import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { permissionMatrix, subjectLabel } from '@/lib/rbac';
import { SourceErrorPage } from '@/components/layout/source-error';
import { currentDataOrError } from '@/lib/views/current';
import { subjectFromSegments, subjectKnown, subjectReport } from '@/lib/views/subject-report';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ ref: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = subjectFromSegments((await params).ref);
  return { title: ref ? subjectLabel(ref) : 'Subject' };
}

export default async function SubjectPage({ params }: Props) {
  const ref = subjectFromSegments((await params).ref);
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine } = data;
  if (!ref || !subjectKnown(engine, ref)) notFound();
  const report = subjectReport(engine, ref);
  return (
    <PageContainer>
      <p className="text-sm text-slate-600 dark:text-slate-400">{ref.kind}</p>
      <h1 className="font-mono text-2xl font-semibold break-all">{subjectLabel(ref)}</h1>
      {ref.kind === 'ServiceAccount' && (
        <p className="mt-1 font-mono text-sm text-slate-600 dark:text-slate-400">
          authenticates as system:serviceaccount:{ref.namespace}:{ref.name} (groups system:serviceaccounts,
          system:serviceaccounts:
          {ref.namespace}, system:authenticated)
        </p>
      )}
      {ref.kind === 'User' && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Shown with the groups every authenticated user has; groups from its identity provider are not known here.
        </p>
      )}
      {ref.kind === 'Group' && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          What the bindings that name this group grant to its members.
        </p>
      )}

      {ref.kind === 'ServiceAccount' && (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">Pods running as it ({report.pods.length})</h2>
          <ul className="mt-1 font-mono text-sm">
            {report.pods.map((p) => (
              <li key={p.name}>
                {p.name} {p.phase ? `(${p.phase})` : ''}{' '}
                {p.automountServiceAccountToken ? '— token mounted' : '— token not mounted'}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="mt-6">
        <h2 className="text-lg font-semibold">Cluster-wide (ClusterRoleBindings)</h2>
        <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <PermissionMatrix
            matrix={permissionMatrix(report.clusterWide)}
            caption={`of ${subjectLabel(ref)} cluster-wide`}
          />
        </div>
      </section>
      {report.namespaces.map(({ namespace, grants }) => (
        <section key={namespace} className="mt-6">
          <h2 className="text-lg font-semibold">
            In{' '}
            <Link href={`/namespaces/${encodeURIComponent(namespace)}`} className={`font-mono ${linkClass}`}>
              {namespace}
            </Link>{' '}
            (RoleBindings)
          </h2>
          <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <PermissionMatrix
              matrix={permissionMatrix(grants)}
              caption={`of ${subjectLabel(ref)} in namespace ${namespace}`}
            />
          </div>
        </section>
      ))}
      {report.dangling.length > 0 && (
        <p className="mt-6 text-sm text-amber-800 dark:text-amber-300">
          Bindings naming it that grant nothing:{' '}
          {report.dangling
            .map((d) => `${d.binding.namespace ? `${d.binding.namespace}/` : ''}${d.binding.name} (${d.reason})`)
            .join('; ')}
          .
        </p>
      )}
      <p className="mt-6 text-sm">
        <a className={linkClass} href={`/api/subjects/${(await params).ref.join('/')}?format=csv`}>
          Export CSV
        </a>{' '}
        ·{' '}
        <a className={linkClass} href={`/api/subjects/${(await params).ref.join('/')}`}>
          Export JSON
        </a>
      </p>
    </PageContainer>
  );
}
