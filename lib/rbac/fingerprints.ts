// Each role and binding of a model as one string per object, so two states of a cluster can be
// compared object by object: what a change review lists as created, changed and deleted. A role's
// labels are part of it (an aggregating ClusterRole selects by them); names and namespaces are the key.
import type { RbacObjectRef } from './diff';
import type { ClusterModel, ClusterRoleBinding, RoleBinding } from './types';

export type RbacKind = RbacObjectRef['kind'];

/** "Role ns/name", "ClusterRole name": the key of one object across states. */
export function rbacObjectKey(ref: RbacObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export function parseRbacObjectKey(key: string): RbacObjectRef {
  const space = key.indexOf(' ');
  const kind = key.slice(0, space) as RbacKind;
  const rest = key.slice(space + 1);
  if (kind === 'Role' || kind === 'RoleBinding') {
    const slash = rest.indexOf('/');
    return { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
  }
  return { kind, name: rest };
}

/** Labels in key order: the same labels read from YAML and from JSON print alike. */
function sortedLabels(labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What the authorizer reads of a binding: the role it names and who (a subject's apiGroup matches nothing). */
function bindingPrint(b: RoleBinding | ClusterRoleBinding): string {
  return JSON.stringify([b.roleRef.kind, b.roleRef.name, b.subjects.map((s) => [s.kind, s.name, s.namespace ?? ''])]);
}

export function fingerprintModel(model: ClusterModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of model.roles)
    out.set(
      rbacObjectKey({ kind: 'Role', namespace: r.namespace, name: r.name }),
      JSON.stringify([r.rules, sortedLabels(r.labels)]),
    );
  for (const r of model.clusterRoles)
    out.set(
      rbacObjectKey({ kind: 'ClusterRole', name: r.name }),
      JSON.stringify([r.rules, sortedLabels(r.labels), r.aggregationRule ?? null]),
    );
  for (const b of model.roleBindings)
    out.set(rbacObjectKey({ kind: 'RoleBinding', namespace: b.namespace, name: b.name }), bindingPrint(b));
  for (const b of model.clusterRoleBindings)
    out.set(rbacObjectKey({ kind: 'ClusterRoleBinding', name: b.name }), bindingPrint(b));
  return out;
}
