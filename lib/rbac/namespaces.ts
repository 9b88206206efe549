// Per-namespace counts for the overview.
import { subjectKey, subjectRefOf } from './subjects';
import type { ClusterModel } from './types';

export interface NamespaceSummary {
  name: string;
  serviceAccounts: number;
  pods: number;
  roleBindings: number;
  /** Distinct subjects named by the namespace's RoleBindings. */
  subjects: number;
}

export function namespaceSummaries(model: ClusterModel): NamespaceSummary[] {
  const names = new Set([
    ...model.namespaces.map((n) => n.name),
    ...model.serviceAccounts.map((s) => s.namespace),
    ...model.pods.map((p) => p.namespace),
    ...model.roleBindings.map((b) => b.namespace),
    ...model.roles.map((r) => r.namespace),
  ]);
  return [...names].sort().map((name) => {
    const bindings = model.roleBindings.filter((b) => b.namespace === name);
    const subjects = new Set(
      bindings
        .flatMap((b) => b.subjects.map((s) => subjectRefOf(s, b.namespace)))
        .flatMap((r) => (r ? [subjectKey(r)] : [])),
    );
    return {
      name,
      serviceAccounts: model.serviceAccounts.filter((s) => s.namespace === name).length,
      pods: model.pods.filter((p) => p.namespace === name).length,
      roleBindings: bindings.length,
      subjects: subjects.size,
    };
  });
}
