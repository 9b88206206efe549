import type { Metadata } from 'next';
import { RoleRuleFixes } from '@/components/fix/grant-fixes';
import { ObjectYamlView } from '@/components/yaml/object-yaml-view';
import { ProvenanceTag } from '@/components/inventory/provenance-tag';
import { ContextLink as Link } from '@/components/layout/context-link';
import { bindingHref, namespaceHref, pageParam, roleFromSegments, roleHref } from '@/lib/web/links';
import { Breadcrumbs } from '@/components/layout/breadcrumbs';
import { DangerBadges } from '@/components/inventory/danger-badges';
import { RuleTable } from '@/components/role/rule-table';
import { SubjectLinks } from '@/components/role/subject-links';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import {
  bindingKey,
  pageOf,
  roleLabel,
  ruleTable,
  type ClusterRole,
  type Completeness,
  type Engine,
  type Page,
  type Role,
  type RoleRef,
  type RoleRow,
} from '@/lib/rbac';
import { pageOffset, pairedPageHrefs } from '@/lib/web/paging';
import { withCurrentData } from '@/components/layout/with-current-data';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { ExportLinks } from '@/components/layout/export-links';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: roleFromSegments((await params).ref)?.name ?? 'Role' };
}

const BINDINGS_PAGE_SIZE = 100;
/** Rule rows on one page: a role may hold thousands of rules (#25: 20,000 made a 44 MB page). */
const RULES_PAGE_SIZE = 100;

export default async function RolePage({ params, searchParams }: Props) {
  const ref = roleFromSegments((await params).ref.map(pageParam));
  const sp = await searchParams;
  return withCurrentData(({ engine, context }) => {
    const role = ref && engine.role(ref);
    const completeness = engine.completeness('view');
    const unreadable = ref && completeness.missing.filter((m) => m.kind === ref.kind);
    if (ref && !role && unreadable && unreadable.length > 0) return <UnreadableRole role={ref} missing={unreadable} />;
    if (!ref || !role) notFound();
    const all = engine.bindingsOf(ref);
    const bindings = pageOf(all, pageOffset(sp, BINDINGS_PAGE_SIZE), BINDINGS_PAGE_SIZE);
    const rules = pageOf(ruleTable(role.rules), pageOffset(sp, RULES_PAGE_SIZE, 'rules'), RULES_PAGE_SIZE);
    const base = roleHref(ref);
    const hrefs = pairedPageHrefs(
      base,
      { offset: bindings.offset, size: BINDINGS_PAGE_SIZE },
      { offset: rules.offset, size: RULES_PAGE_SIZE },
    );
    const api = `/api${base}`;
    const row = engine.inventory.roleRow(ref);
    const label = roleLabel(ref);
    const aggregationRule = 'aggregationRule' in role ? role.aggregationRule : undefined;
    return (
      <PageContainer>
        <Breadcrumbs
          items={[{ label: 'Roles', href: '/roles' }, { label: ref.kind, href: `/roles?kind=${ref.kind}` }, { label }]}
        />
        <h1 className="font-mono text-2xl font-semibold break-words">{label}</h1>
        <RoleSummary kind={ref.kind} role={role} row={row} bindings={all.length} />
        <IncompleteNotice completeness={completeness} what="Where this role is bound" />
        <section className="mt-6" aria-labelledby="rules-title">
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="rules-title" className="text-lg font-semibold">
              What it grants
            </h2>
            <ExportLinks api={api} context={context} what="rules" />
          </div>
          <RuleTable rows={rules.items} caption={`Rules of ${ref.kind} ${label}`} />
          <Pager page={rules} size={RULES_PAGE_SIZE} href={(n) => `${hrefs.second(n)}#rules-title`} noun="rule rows" />
          {aggregationRule && (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              Aggregated: its rules are filled in by the controller manager from the ClusterRoles its aggregationRule
              selects; RBAC Atlas reads the stored rules, as the authorizer does.
            </p>
          )}
        </section>
        {ref.kind === 'ClusterRole' && (
          <Aggregation aggregates={engine.aggregatedInto(ref.name)} aggregatedBy={engine.aggregatedBy(ref.name)} />
        )}
        <WhereBound
          all={all}
          page={bindings}
          label={label}
          api={api}
          context={context}
          href={(n) => `${hrefs.first(n)}#bound-title`}
        />
        <RoleRuleFixes role={ref} />
        <ObjectYamlView objectRef={ref} />
      </PageContainer>
    );
  });
}

function RoleSummary(props: { kind: string; role: Role | ClusterRole; row: RoleRow | undefined; bindings: number }) {
  const { kind, role, row, bindings } = props;
  const aggregationRule = 'aggregationRule' in role ? role.aggregationRule : undefined;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span>{kind}</span>
      <ProvenanceTag provenance={row?.provenance} />
      {aggregationRule && <Tag>aggregated</Tag>}
      <span>
        · {role.rules.length.toLocaleString('en')} rule{role.rules.length === 1 ? '' : 's'} · bound by{' '}
        {bindings.toLocaleString('en')} binding{bindings === 1 ? '' : 's'}
      </span>
      {row && row.dangers.length > 0 && <DangerBadges ids={row.dangers} />}
    </p>
  );
}

/** A role that is not in the data because its kind could not be read: unknown, not a 404. */
function UnreadableRole({ role: ref, missing }: { role: RoleRef; missing: Completeness['missing'] }) {
  return (
    <PageContainer>
      <h1 className="font-mono text-2xl font-semibold">{roleLabel(ref)}</h1>
      <IncompleteNotice
        completeness={{ complete: false, missing }}
        what={ref.kind}
        text={`${ref.kind}s could not be read, so whether this one exists, and what it grants, is unknown.`}
      />
    </PageContainer>
  );
}

function Aggregation({
  aggregates,
  aggregatedBy,
}: {
  aggregates: readonly { name: string }[];
  aggregatedBy: readonly { name: string }[];
}) {
  if (aggregates.length === 0 && aggregatedBy.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="text-lg font-semibold">Aggregation</h2>
      <ClusterRoleLinks label="Aggregates" roles={aggregates} />
      <ClusterRoleLinks label="Aggregated into" roles={aggregatedBy} />
    </section>
  );
}

type RoleBindings = ReturnType<Engine['bindingsOf']>;

function WhereBound(props: {
  all: RoleBindings;
  page: Page<RoleBindings[number]>;
  label: string;
  api: string;
  context?: string;
  href: (n: number) => string;
}) {
  const { all, page, label, api, context, href } = props;
  const inNamespaces = new Set(all.map((b) => b.namespace)).size;
  return (
    <section className="mt-6" aria-labelledby="bound-title">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="bound-title" className="text-lg font-semibold">
          Where it is bound: {all.length.toLocaleString('en')} binding{all.length === 1 ? '' : 's'}
          {inNamespaces > 1 && ` (${inNamespaces.toLocaleString('en')} namespaces and cluster-wide)`}
        </h2>
        {all.length > 0 && <ExportLinks api={`${api}?table=bindings`} context={context} what="bindings" />}
      </div>
      {all.length === 0 && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          No binding names it: it grants nothing to anyone.
        </p>
      )}
      {all.length > 0 && <BindingsTable bindings={page.items} label={label} />}
      <Pager page={page} size={BINDINGS_PAGE_SIZE} href={href} noun="bindings" />
    </section>
  );
}

function BindingsTable({ bindings: items, label }: { bindings: RoleBindings; label: string }) {
  return (
    <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Bindings of {label}</caption>
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Binding
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Grants in
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Subjects
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr
              key={bindingKey(b.binding)}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
            >
              <th scope="row" className="px-3 py-2 font-normal break-words">
                <Link href={bindingHref(b.binding)} className={`font-mono ${linkClass}`}>
                  {b.binding.name}
                </Link>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{b.binding.kind}</span>
              </th>
              <td className="px-3 py-2">
                {b.namespace ? (
                  <Link href={namespaceHref(b.namespace)} className={`font-mono ${linkClass}`}>
                    {b.namespace}
                  </Link>
                ) : (
                  'every namespace and the cluster'
                )}
                {b.dangling && (
                  <span className="block text-xs text-amber-800 dark:text-amber-300">
                    grants nothing: {b.dangling.reason}
                  </span>
                )}
              </td>
              <td className="px-3 py-2">
                <SubjectLinks binding={b} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tag({ children }: { children: React.ReactNode }) {
  return (
    <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100">
      {children}
    </span>
  );
}

function ClusterRoleLinks({ label, roles }: { label: string; roles: readonly { name: string }[] }) {
  if (roles.length === 0) return null;
  return (
    <p className="text-sm">
      {label}:{' '}
      {roles.map((r, i) => (
        <span key={r.name}>
          {i > 0 && ', '}
          <Link className={`font-mono ${linkClass}`} href={roleHref({ kind: 'ClusterRole', name: r.name })}>
            {r.name}
          </Link>
        </span>
      ))}
    </p>
  );
}
