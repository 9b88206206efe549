import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { CanBecome } from '@/components/risks/can-become';
import { CLUSTER_ADMIN, groupSameGrants, pageOf, permissionMatrix, subjectLabel, type SubjectRef } from '@/lib/rbac';
import { SourceErrorPage } from '@/components/layout/source-error';
import { currentDataOrError } from '@/lib/views/current';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { withContext } from '@/lib/views/context';
import { subjectFromSegments, subjectReport } from '@/lib/views/subject-report';
import { Pager } from '@/components/layout/pager';
import { namespaceHref, subjectHref } from '@/lib/views/links';
import { pageOffset } from '@/lib/views/paging';

export const dynamic = 'force-dynamic';

const PODS_SHOWN = 100;
const BECOME_SHOWN = 12;

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Sections (namespaces with the same grants) on one page of a subject bound in many namespaces. */
const SECTIONS_PAGE_SIZE = 10;
const NAMESPACES_NAMED = 30;
const MEMBERS_SHOWN = 20;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = subjectFromSegments((await params).ref);
  return { title: ref ? subjectLabel(ref) : 'Subject' };
}

export default async function SubjectPage({ params, searchParams }: Props) {
  const ref = subjectFromSegments((await params).ref);
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine } = data;
  if (!ref || !engine.isKnown(ref)) notFound();
  const report = subjectReport(engine, ref);
  const sections = pageOf(
    groupSameGrants(report.namespaces),
    pageOffset(await searchParams, SECTIONS_PAGE_SIZE),
    SECTIONS_PAGE_SIZE,
  );
  const members = ref.kind === 'Group' ? engine.groupMembers(ref.name) : [];
  const podsRead = engine.completeness('pods', ref.kind === 'ServiceAccount' ? ref.namespace : undefined);
  const self = subjectHref(ref);
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

      <IncompleteNotice completeness={engine.completeness('permissions')} what="What this subject can do" />
      <CanBecome
        admin={engine.distanceToAdmin(ref) === 0}
        toAdmin={engine.pathFrom(ref, CLUSTER_ADMIN)}
        others={engine.canBecome(ref, BECOME_SHOWN)}
        limit={BECOME_SHOWN}
      />
      {members.length > 0 && <GroupMembers members={members} />}
      {ref.kind === 'ServiceAccount' && (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">
            Pods running as it ({podsRead.complete ? report.pods.length : 'unknown'})
          </h2>
          <IncompleteNotice
            completeness={podsRead}
            what="This list of pods"
            text="Pods could not be read, so which pods run as this service account is unknown."
          />
          <ul className="mt-1 font-mono text-sm">
            {report.pods.slice(0, PODS_SHOWN).map((p) => (
              <li key={p.name}>
                {p.name} {p.phase ? `(${p.phase})` : ''}{' '}
                {p.automountServiceAccountToken ? '— token mounted' : '— token not mounted'}
              </li>
            ))}
            {report.pods.length > PODS_SHOWN && <li>… and {report.pods.length - PODS_SHOWN} more</li>}
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
      {report.namespaces.length > 0 && (
        <h2 className="mt-8 text-lg font-semibold">
          In {report.namespaces.length.toLocaleString('en')} namespace{report.namespaces.length === 1 ? '' : 's'}{' '}
          (RoleBindings)
        </h2>
      )}
      {sections.items.map(({ namespaces, grants }) => (
        <section key={namespaces[0]} className="mt-6">
          <h3 className="font-semibold">
            In{' '}
            {namespaces.slice(0, NAMESPACES_NAMED).map((ns, i) => (
              <span key={ns}>
                {i > 0 && ', '}
                <Link href={namespaceHref(ns)} className={`font-mono ${linkClass}`}>
                  {ns}
                </Link>
              </span>
            ))}
            {namespaces.length > NAMESPACES_NAMED &&
              ` and ${(namespaces.length - NAMESPACES_NAMED).toLocaleString('en')} more namespaces`}
            {namespaces.length > 1 && (
              <span className="font-normal text-slate-600 dark:text-slate-400">
                {' '}
                — the same grants in all {namespaces.length.toLocaleString('en')}, each through its own binding
              </span>
            )}
          </h3>
          <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <PermissionMatrix
              matrix={permissionMatrix(grants)}
              caption={`of ${subjectLabel(ref)} in namespace ${namespaces[0]}${namespaces.length > 1 ? ` and ${namespaces.length - 1} more` : ''}`}
            />
          </div>
        </section>
      ))}
      <Pager page={sections} size={SECTIONS_PAGE_SIZE} href={(n) => `${self}?page=${n}`} noun="sections" />
      {report.dangling.length > 0 && (
        <p className="mt-6 text-sm text-amber-800 dark:text-amber-300">
          Bindings naming it that grant nothing:{' '}
          {report.dangling
            .slice(0, 50)
            .map((d) => `${d.binding.namespace ? `${d.binding.namespace}/` : ''}${d.binding.name} (${d.reason})`)
            .join('; ')}
          .
        </p>
      )}
      <p className="mt-6 text-sm">
        <a
          className={linkClass}
          href={withContext(`/api/subjects/${(await params).ref.join('/')}?format=csv`, data.context)}
        >
          Export CSV
        </a>{' '}
        ·{' '}
        <a className={linkClass} href={withContext(`/api/subjects/${(await params).ref.join('/')}`, data.context)}>
          Export JSON
        </a>
      </p>
    </PageContainer>
  );
}

/** Who a built-in group certainly covers, counted, with the first few named. */
function GroupMembers({ members }: { members: readonly SubjectRef[] }) {
  const sa = members.filter((m) => m.kind === 'ServiceAccount').length;
  const users = members.length - sa;
  return (
    <section className="mt-6" aria-label="Members">
      <h2 className="text-lg font-semibold">Members known here</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {sa.toLocaleString('en')} service account{sa === 1 ? '' : 's'}
        {users > 0 && ` and ${users.toLocaleString('en')} user${users === 1 ? '' : 's'}`} are in this group by how
        Kubernetes authenticates them; each has what it grants.
      </p>
      <ul className="mt-1 font-mono text-xs">
        {members.slice(0, MEMBERS_SHOWN).map((m) => (
          <li key={subjectLabel(m)}>
            <Link className={linkClass} href={subjectHref(m)}>
              {m.kind} {subjectLabel(m)}
            </Link>
          </li>
        ))}
        {members.length > MEMBERS_SHOWN && <li>… and {(members.length - MEMBERS_SHOWN).toLocaleString('en')} more</li>}
      </ul>
    </section>
  );
}
