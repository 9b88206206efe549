// Each role and binding of a model as one string per object, so two states of a cluster can be
// compared object by object: what a change review lists as created, changed and deleted. A role's
// labels are part of it (an aggregating ClusterRole selects by them); names and namespaces are the key.
import { objectKey, type RbacObjectRef } from '../model/refs';
import type { ClusterModel, ClusterRoleBinding, RoleBinding } from '../model/types';

/** One object as compared: which it is, and what of it grants. */
export interface Fingerprint {
  ref: RbacObjectRef;
  print: string;
}

/** Labels in key order: the same labels read from YAML and from JSON print alike. */
function sortedLabels(labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What the authorizer reads of a binding: the role it names and who (a subject's apiGroup matches nothing). */
function bindingPrint(b: RoleBinding | ClusterRoleBinding): string {
  return JSON.stringify([b.roleRef.kind, b.roleRef.name, b.subjects.map((s) => [s.kind, s.name, s.namespace ?? ''])]);
}

export function fingerprintModel(model: ClusterModel): Map<string, Fingerprint> {
  const out = new Map<string, Fingerprint>();
  const add = (ref: RbacObjectRef, print: string) => out.set(objectKey(ref), { ref, print });
  for (const r of model.roles)
    add({ kind: 'Role', namespace: r.namespace, name: r.name }, JSON.stringify([r.rules, sortedLabels(r.labels)]));
  for (const r of model.clusterRoles)
    add(
      { kind: 'ClusterRole', name: r.name },
      JSON.stringify([r.rules, sortedLabels(r.labels), r.aggregationRule ?? null]),
    );
  for (const b of model.roleBindings)
    add({ kind: 'RoleBinding', namespace: b.namespace, name: b.name }, bindingPrint(b));
  for (const b of model.clusterRoleBindings) add({ kind: 'ClusterRoleBinding', name: b.name }, bindingPrint(b));
  return out;
}
