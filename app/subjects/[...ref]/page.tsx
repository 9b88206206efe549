import type { SearchParams } from '@/lib/web/search-params';
import { SubjectGrantFixes } from '@/components/fix/grant-fixes';
import { ObjectYamlView } from '@/components/yaml/object-yaml-view';
import { BUILTIN_PARAM, builtinParam, param } from '@/lib/web/url-state';
import { seesEverything, type CurrentData } from '@/lib/web/current';
import { withCurrentData } from '@/components/layout/with-current-data';
import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { PermissionMatrix } from '@/components/subject/permission-matrix';
import { CanBecome } from '@/components/risks/can-become';
import {
  bindingLabel,
  CLUSTER_ADMIN,
  groupSameGrants,
  pageOf,
  permissionMatrix,
  subjectDangers,
  subjectLabel,
  subjectText,
  type Completeness,
  type Grant,
  type SubjectRef,
} from '@/lib/rbac';
import { AutoForm } from '@/components/layout/auto-form';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { ContextField } from '@/components/layout/context-link';
import { inputClass } from '@/components/layout/page-container';
import { DangerSummary } from '@/components/subject/danger-summary';
import { CheckRequest } from '@/components/subject/check-request';
import { UnboundNote } from '@/components/subject/unbound-note';
import { filterMatrix, matrixFilter } from '@/lib/web/matrix-filter';
import { describeRewrite, mountsToken } from '@/lib/rbac';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { NodeAuthorizerNote } from '@/components/layout/node-authorizer-note';
import { ExportLinks } from '@/components/layout/export-links';
import { subjectReport, unknownSubjectCompleteness, unknownSubjectMessage } from '@/lib/reports/subject-report';
import { Pager } from '@/components/layout/pager';
import { namespaceHref, pageParam, subjectFromSegments, subjectHref } from '@/lib/web/links';
import { pageOffset } from '@/lib/web/paging';
import { SubjectUsageView } from '@/components/usage/subject-usage';
import { readyUsageState, type UsageState } from '@/lib/web/usage-source';
import { HiddenByAccess } from '@/components/layout/hidden-by-access';
import { subjectUsage } from '@/lib/web/usage';
import type { Engine } from '@/lib/rbac';

export const dynamic = 'force-dynamic';

const PODS_SHOWN = 100;
const BECOME_SHOWN = 12;

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<SearchParams>;
};

/** Sections (namespaces with the same grants) on one page of a subject bound in many namespaces. */
const SECTIONS_PAGE_SIZE = 10;
const NAMESPACES_NAMED = 30;
const MEMBERS_SHOWN = 20;
/** Resource rows of each matrix on one page (`?rows=N` pages them all): a role may grant 20,000 (#25). */
const MATRIX_ROWS_PAGE_SIZE = 50;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ref = subjectFromSegments((await params).ref);
  return { title: ref ? subjectLabel(ref) : 'Subject' };
}

export default async function SubjectPage({ params, searchParams }: Props) {
  const segments = (await params).ref;
  const ref = subjectFromSegments(segments.map(pageParam));
  const sp = await searchParams;
  const usage = await readyUsageState();
  return withCurrentData((data) => {
    const { engine } = data;
    if (!ref) notFound();
    // A user or group no binding names still has what every authenticated identity has: its page.
    // A service account is an object: unknown to the data read, a plain 404 when that data was whole.
    const unbound = !engine.isKnown(ref);
    if (unbound && ref.kind === 'ServiceAccount') {
      const unread = unknownSubjectCompleteness(engine, ref);
      if (unread.complete) notFound();
      return <UnknownSubject subject={ref} completeness={unread} />;
    }
    const report = subjectReport(engine, ref);
    const admin = engine.distanceToAdmin(ref) === 0;
    const toAdmin = engine.pathFrom(ref, CLUSTER_ADMIN);
    const members = ref.kind === 'Group' ? engine.groupMembers(ref.name) : [];
    const podsRead = engine.completeness('pods', ref.kind === 'ServiceAccount' ? ref.namespace : undefined);
    return (
      <PageContainer>
        <SubjectHeader subject={ref} />
        {unbound && ref.kind !== 'ServiceAccount' && <UnboundNote subject={ref} />}
        <NodeAuthorizerNote subjects={[ref]} />
        <IncompleteNotice completeness={engine.completeness('permissions')} what="What this subject can do" />
        <DangerSummary dangers={subjectDangers(report)} admin={admin} toAdmin={toAdmin} risks={engine.risks.status()} />
        <CanBecome
          admin={admin}
          toAdmin={toAdmin}
          others={engine.canBecome(ref, BECOME_SHOWN)}
          limit={BECOME_SHOWN}
          risks={engine.risks.status()}
        />
        {members.length > 0 && <GroupMembers members={members} />}
        {ref.kind === 'ServiceAccount' && <PodsRunningAs pods={report.pods} read={podsRead} />}
        {ref.kind !== 'Group' && <CheckRequest subject={ref} />}
        <Permissions
          state={permissionsState(data, ref, report, sp)}
          subject={ref}
          api={`/api/subjects/${segments.join('/')}`}
          context={data.context}
        />
        {seesEverything(data) ? (
          <SubjectUse engine={engine} subject={ref} usage={usage} />
        ) : (
          'feed' in usage && <HiddenByAccess what="Use in the audit log" className="mt-6" />
        )}
        <DanglingBindings dangling={report.dangling} />
        <SubjectGrantFixes subject={ref} />
        <ObjectYamlView objectRef={ref} />
      </PageContainer>
    );
  });
}

/** Its grants marked used or not in the audit log's window, and its requests; nothing without a log. */
function SubjectUse({ engine, subject, usage }: { engine: Engine; subject: SubjectRef; usage: UsageState }) {
  if (!('feed' in usage)) return null;
  return (
    <SubjectUsageView
      subject={subject}
      usage={subjectUsage(engine, usage.feed, subject)}
      window={usage.feed.window()}
    />
  );
}

type Report = ReturnType<typeof subjectReport>;
type PermissionsState = ReturnType<typeof permissionsState>;

/** The permissions the URL asks to see: filtered by resource, built-in grants hidden unless asked, paged. */
function permissionsState({ engine, source }: CurrentData, ref: SubjectRef, report: Report, sp: SearchParams) {
  const showBuiltin = builtinParam(sp) === 'show';
  const filter = param(sp, 'resource').trim().toLowerCase().slice(0, 253);
  const all = [...report.clusterWide, ...report.namespaces.flatMap((n) => n.grants)];
  const keep = (grants: readonly Grant[]) => engine.visibleGrants(grants, showBuiltin).shown;
  const namespaces = report.namespaces
    .map((n) => ({ ...n, grants: keep(n.grants) }))
    .filter((n) => n.grants.length > 0);
  const sections = pageOf(groupSameGrants(namespaces), pageOffset(sp, SECTIONS_PAGE_SIZE), SECTIONS_PAGE_SIZE);
  const query = (page?: number, rows?: number) => {
    const q = new URLSearchParams();
    if (filter) q.set('resource', filter);
    if (showBuiltin) q.set(BUILTIN_PARAM, 'show');
    if (page && page > 1) q.set('page', String(page));
    if (rows && rows > 1) q.set('rows', String(rows));
    const text = q.toString();
    return text ? `?${text}` : '';
  };
  const self = subjectHref(ref);
  const discovered = source.cluster?.resourceTypes;
  const sectionsPage = Math.floor(sections.offset / SECTIONS_PAGE_SIZE) + 1;
  return {
    showBuiltin,
    filter,
    hiddenBuiltin: engine.visibleGrants(all, showBuiltin).hidden,
    clusterWide: keep(report.clusterWide),
    namespaceCount: namespaces.length,
    sections,
    sectionHref: (n: number) => `${self}${query(n)}`,
    matrix: (grants: readonly Grant[]) => filterMatrix(permissionMatrix(grants), filter, discovered),
    rowPaging: {
      offset: pageOffset(sp, MATRIX_ROWS_PAGE_SIZE, 'rows'),
      size: MATRIX_ROWS_PAGE_SIZE,
      href: (n: number) => `${self}${query(sectionsPage, n)}#permissions-title`,
    },
    filtered: matrixFilter(filter, discovered),
  };
}

function SubjectHeader({ subject: ref }: { subject: SubjectRef }) {
  const kindPath = ref.kind === 'ServiceAccount' ? 'ServiceAccount' : ref.kind;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Subjects', href: '/subjects' },
          { label: kindPath, href: `/subjects?kind=${kindPath}` },
          { label: subjectLabel(ref) },
        ]}
      />
      <h1 className="font-mono text-2xl font-semibold break-words">{subjectLabel(ref)}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">{ref.kind}</p>
      {ref.kind === 'ServiceAccount' && (
        <p className="mt-1 font-mono text-sm break-words text-slate-600 dark:text-slate-400">
          authenticates as {subjectText(ref)} (groups system:serviceaccounts, system:serviceaccounts:
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
    </>
  );
}

function PodsRunningAs({ pods, read }: { pods: Report['pods']; read: Completeness }) {
  return (
    <section className="mt-6">
      <h2 className="text-lg font-semibold">Pods running as it ({read.complete ? pods.length : 'unknown'})</h2>
      <IncompleteNotice
        completeness={read}
        what="This list of pods"
        text="Pods could not be read, so which pods run as this service account is unknown."
      />
      <ul className="mt-1 font-mono text-sm">
        {pods.slice(0, PODS_SHOWN).map((p) => (
          <li key={p.name} className="break-words">
            {p.name} {p.phase ? `(${p.phase})` : ''} {mountsToken(p) ? '— token mounted' : '— token not mounted'}
          </li>
        ))}
        {pods.length > PODS_SHOWN && <li>… and {pods.length - PODS_SHOWN} more</li>}
      </ul>
    </section>
  );
}

function Permissions(props: { state: PermissionsState; subject: SubjectRef; api: string; context?: string }) {
  const { state, subject, api, context } = props;
  const { sections, namespaceCount: n } = state;
  return (
    <section className="mt-8" aria-labelledby="permissions-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="permissions-title" className="text-lg font-semibold">
          All permissions
        </h2>
        <ExportLinks api={api} context={context} />
      </div>
      <PermissionsFilter state={state} />
      <h3 className="mt-4 font-semibold">Cluster-wide (ClusterRoleBindings)</h3>
      <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <PermissionMatrix
          id="m-cluster"
          matrix={state.matrix(state.clusterWide)}
          paging={state.rowPaging}
          caption={`of ${subjectLabel(subject)} cluster-wide`}
        />
      </div>
      {n > 0 && (
        <h3 className="mt-6 font-semibold">
          In {n.toLocaleString('en')} namespace{n === 1 ? '' : 's'} (RoleBindings)
        </h3>
      )}
      {sections.items.map(({ namespaces, grants }, si) => (
        <NamespacesSection
          key={namespaces[0]}
          id={`m-ns-${si}`}
          names={namespaces}
          grants={grants}
          state={state}
          subject={subject}
        />
      ))}
      <Pager page={sections} size={SECTIONS_PAGE_SIZE} href={state.sectionHref} noun="sections" />
    </section>
  );
}

function PermissionsFilter({ state: { filter, filtered, showBuiltin, hiddenBuiltin } }: { state: PermissionsState }) {
  return (
    <AutoForm
      label="Filter permissions"
      className="mt-2 flex flex-wrap items-end gap-x-5 gap-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <ContextField />
      <label className="block w-full sm:w-64">
        <span className="text-slate-600 dark:text-slate-400">Resource contains</span>
        <input type="search" name="resource" defaultValue={filter} placeholder="e.g. secrets" className={inputClass} />
      </label>
      {filtered.type && (
        <p aria-label="Filter resolved" className="w-full text-slate-600 dark:text-slate-400">
          {filtered.resolved.length > 0 && (
            <>
              Resolved as kubectl does:{' '}
              <span className="font-mono">{filtered.resolved.map(describeRewrite).join(', ')}</span>.{' '}
            </>
          )}
          Rows that cover it (such as <span className="font-mono">*</span>) are kept.
        </p>
      )}
      <label className="inline-flex items-center gap-1.5 py-1">
        <input type="checkbox" name={BUILTIN_PARAM} value="show" defaultChecked={showBuiltin} />
        Show built-in grants{' '}
        {hiddenBuiltin > 0 && (
          <span className="text-slate-500 dark:text-slate-400">
            ({hiddenBuiltin} hidden: discovery and other rules Kubernetes grants every identity of its kind)
          </span>
        )}
      </label>
    </AutoForm>
  );
}

/** Namespaces whose RoleBindings grant the same, as one matrix. */
function NamespacesSection(props: {
  id: string;
  names: readonly string[];
  grants: readonly Grant[];
  state: PermissionsState;
  subject: SubjectRef;
}) {
  const { id, names, grants, state, subject } = props;
  return (
    <section className="mt-4">
      <h4 className="text-sm font-semibold">
        In{' '}
        {names.slice(0, NAMESPACES_NAMED).map((ns, i) => (
          <span key={ns}>
            {i > 0 && ', '}
            <Link href={namespaceHref(ns)} className={`font-mono ${linkClass}`}>
              {ns}
            </Link>
          </span>
        ))}
        {names.length > NAMESPACES_NAMED &&
          ` and ${(names.length - NAMESPACES_NAMED).toLocaleString('en')} more namespaces`}
        {names.length > 1 && (
          <span className="font-normal text-slate-600 dark:text-slate-400">
            {' '}
            — the same grants in all {names.length.toLocaleString('en')}, each through its own binding
          </span>
        )}
      </h4>
      <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <PermissionMatrix
          id={id}
          matrix={state.matrix(grants)}
          paging={state.rowPaging}
          caption={`of ${subjectLabel(subject)} in namespace ${names[0]}${names.length > 1 ? ` and ${names.length - 1} more` : ''}`}
        />
      </div>
    </section>
  );
}

function DanglingBindings({ dangling }: { dangling: Report['dangling'] }) {
  if (dangling.length === 0) return null;
  return (
    <p className="mt-6 text-sm text-amber-800 dark:text-amber-300">
      Bindings naming it that grant nothing:{' '}
      {dangling
        .slice(0, 50)
        .map((d) => `${bindingLabel(d.binding)} (${d.reason})`)
        .join('; ')}
      .
    </p>
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

/** A subject no binding read names, on a source that did not read everything: the Incomplete notice, not a 404. */
function UnknownSubject({ subject, completeness }: { subject: SubjectRef; completeness: Completeness }) {
  return (
    <PageContainer>
      <Breadcrumbs items={[{ label: 'Subjects', href: '/subjects' }, { label: subjectLabel(subject) }]} />
      <h1 className="font-mono text-2xl font-semibold break-words">{subjectLabel(subject)}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">{subject.kind}</p>
      <IncompleteNotice
        completeness={completeness}
        what="This subject"
        text={`${unknownSubjectMessage(subject, completeness)}.`}
      />
    </PageContainer>
  );
}
