import type { Metadata } from 'next';
import { ContextLink as Link } from '@/components/layout/context-link';
import { roleHref, subjectHref } from '@/lib/views/links';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { describeBinding, describeRule, pageOf, ruleDangers, subjectLabel, subjectRefOf } from '@/lib/rbac';
import { pageOffset } from '@/lib/views/paging';
import { SourceErrorPage } from '@/components/layout/source-error';
import { currentDataOrError } from '@/lib/views/current';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ ref: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function roleFromSegments(segments: string[]) {
  const [kind, a, b, ...rest] = segments.map((s) => decodeURIComponent(s));
  if (rest.length > 0 || !a) return undefined;
  if (kind === 'role' && b) return { kind: 'Role' as const, namespace: a, name: b };
  if (kind === 'clusterrole' && !b) return { kind: 'ClusterRole' as const, name: a };
  return undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: roleFromSegments((await params).ref)?.name ?? 'Role' };
}

const BINDINGS_PAGE_SIZE = 100;

export default async function RolePage({ params, searchParams }: Props) {
  const ref = roleFromSegments((await params).ref);
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine } = data;
  const role = ref && engine.role(ref);
  const completeness = engine.completeness('view');
  const unreadable = ref && completeness.missing.filter((m) => m.kind === ref.kind);
  if (ref && !role && unreadable && unreadable.length > 0)
    return (
      <PageContainer>
        <h1 className="font-mono text-2xl font-semibold">
          {ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name}
        </h1>
        <IncompleteNotice
          completeness={{ complete: false, missing: unreadable }}
          what={ref.kind}
          text={`${ref.kind}s could not be read, so whether this one exists, and what it grants, is unknown.`}
        />
      </PageContainer>
    );
  if (!ref || !role) notFound();
  const all = engine.bindingsOf(ref);
  const bindings = pageOf(all, pageOffset(await searchParams, BINDINGS_PAGE_SIZE), BINDINGS_PAGE_SIZE);
  const inNamespaces = new Set(all.map((b) => b.namespace)).size;
  const aggregates = ref.kind === 'ClusterRole' ? engine.aggregatedInto(ref.name) : [];
  const aggregatedBy = ref.kind === 'ClusterRole' ? engine.aggregatedBy(ref.name) : [];
  const aggregationRule = 'aggregationRule' in role ? role.aggregationRule : undefined;
  const base = roleHref(ref);
  return (
    <PageContainer>
      <p className="text-sm text-slate-600 dark:text-slate-400">{ref.kind}</p>
      <h1 className="font-mono text-2xl font-semibold">
        {ref.kind === 'Role' ? `${ref.namespace}/${ref.name}` : ref.name}
      </h1>
      <IncompleteNotice completeness={completeness} what="Where this role is bound" />
      <section className="mt-6">
        <h2 className="text-lg font-semibold">Rules</h2>
        <table className="mt-2 w-full text-left text-sm" aria-label="Rules">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                #
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Rule
              </th>
              <th scope="col" className="py-1 font-medium">
                Danger
              </th>
            </tr>
          </thead>
          <tbody>
            {role.rules.map((rule, i) => {
              const dangers = ruleDangers(rule);
              return (
                <tr key={i} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="py-1.5 pr-3 tabular-nums">{i}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{describeRule(rule)}</td>
                  <td className="py-1.5 text-xs text-red-700 dark:text-red-400">
                    {dangers.map((d) => d.title).join('; ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {role.rules.length === 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-400">No rules: it grants nothing.</p>
        )}
        {aggregationRule && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            Aggregated: its rules are filled in by the controller manager from the ClusterRoles its aggregationRule
            selects; RBAC Atlas reads the stored rules, as the authorizer does.
          </p>
        )}
      </section>
      {(aggregates.length > 0 || aggregatedBy.length > 0) && (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">Aggregation</h2>
          <ClusterRoleLinks label="Aggregates" roles={aggregates} />
          <ClusterRoleLinks label="Aggregated into" roles={aggregatedBy} />
        </section>
      )}
      <section className="mt-6">
        <h2 className="text-lg font-semibold">
          Bound by {all.length.toLocaleString('en')} binding{all.length === 1 ? '' : 's'}
          {inNamespaces > 1 && ` (${inNamespaces.toLocaleString('en')} namespaces and cluster-wide)`}
        </h2>
        <ul className="mt-2 space-y-2 text-sm">
          {bindings.items.map((b) => (
            <li key={`${b.binding.kind}/${b.namespace}/${b.binding.name}`}>
              <span className="font-medium">{describeBinding(b.binding)}</span>
              {b.namespace ? (
                <span className="text-slate-600 dark:text-slate-400"> — grants in namespace {b.namespace}</span>
              ) : (
                <span className="text-slate-600 dark:text-slate-400"> — grants cluster-wide</span>
              )}
              {b.dangling && (
                <span className="text-amber-800 dark:text-amber-300"> — grants nothing: {b.dangling.reason}</span>
              )}
              <ul className="ml-4 font-mono text-xs">
                {b.subjects.map((s, i) => {
                  const r = subjectRefOf(s, b.namespace);
                  return (
                    <li key={i}>
                      {r ? (
                        <Link className={linkClass} href={subjectHref(r)}>
                          {r.kind} {subjectLabel(r)}
                        </Link>
                      ) : (
                        `${s.kind} ${s.name} (matches nobody)`
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
        <Pager page={bindings} size={BINDINGS_PAGE_SIZE} href={(n) => `${base}?page=${n}`} noun="bindings" />
      </section>
    </PageContainer>
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
