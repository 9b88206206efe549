import type { Metadata } from 'next';
import Link from 'next/link';
import { roleHref, subjectHref } from '@/lib/views/links';
import { notFound } from 'next/navigation';
import { linkClass, PageContainer } from '@/components/layout/page-container';
import { describeRule, ruleDangers, subjectLabel, subjectRefOf } from '@/lib/rbac';
import { SourceErrorPage } from '@/components/layout/source-error';
import { currentDataOrError } from '@/lib/views/current';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ ref: string[] }> };

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

export default async function RolePage({ params }: Props) {
  const ref = roleFromSegments((await params).ref);
  const data = await currentDataOrError();
  if ('error' in data) return <SourceErrorPage message={data.error} />;
  const { engine } = data;
  const m = engine.model;
  const role =
    ref?.kind === 'Role'
      ? m.roles.find((r) => r.namespace === ref.namespace && r.name === ref.name)
      : ref
        ? m.clusterRoles.find((r) => r.name === ref.name)
        : undefined;
  if (!ref || !role) notFound();
  const bindings = [
    ...m.clusterRoleBindings
      .filter((b) => ref.kind === 'ClusterRole' && b.roleRef.kind === 'ClusterRole' && b.roleRef.name === ref.name)
      .map((b) => ({ ...b, namespace: '', kind: 'ClusterRoleBinding' })),
    ...m.roleBindings
      .filter(
        (b) =>
          b.roleRef.name === ref.name &&
          b.roleRef.kind === ref.kind &&
          (ref.kind === 'ClusterRole' || b.namespace === ref.namespace),
      )
      .map((b) => ({ ...b, kind: 'RoleBinding' })),
  ];
  const cr = ref.kind === 'ClusterRole' ? m.clusterRoles.find((r) => r.name === ref.name) : undefined;
  const aggregates = cr ? engine.aggregatedInto(cr) : [];
  const aggregatedBy = cr
    ? m.clusterRoles.filter((other) => engine.aggregatedInto(other).some((x) => x.name === cr.name))
    : [];
  return (
    <PageContainer>
      <p className="text-sm text-slate-600 dark:text-slate-400">{ref.kind}</p>
      <h1 className="font-mono text-2xl font-semibold">
        {ref.kind === 'Role' ? `${ref.namespace}/${ref.name}` : ref.name}
      </h1>
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
        {cr?.aggregationRule && (
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
        <h2 className="text-lg font-semibold">Bound by ({bindings.length})</h2>
        <ul className="mt-2 space-y-2 text-sm">
          {bindings.map((b) => (
            <li key={`${b.kind}/${b.namespace}/${b.name}`}>
              <span className="font-medium">
                {b.kind} {b.namespace ? `${b.namespace}/` : ''}
                {b.name}
              </span>
              {b.namespace ? (
                <span className="text-slate-600 dark:text-slate-400"> — grants in namespace {b.namespace}</span>
              ) : (
                <span className="text-slate-600 dark:text-slate-400"> — grants cluster-wide</span>
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
