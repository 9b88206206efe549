// Finds namespaces, subjects, roles and bindings whose name contains the query, from the engine's
// sorted name lists, stopping once it has enough.
import type { BindingIndex } from '../authorizer/bindings';
import type { NamespaceIndex } from './namespaces';
import type { SubjectIndex } from './subject-index';
import { type BindingRef, type RoleRef, subjectLabel, type SubjectRef } from '../model/refs';

export type SearchHit =
  | { kind: 'Namespace'; name: string }
  | { kind: 'Subject'; subject: SubjectRef }
  | { kind: 'Role'; role: RoleRef }
  | { kind: 'Binding'; binding: BindingRef; role: RoleRef };

export function searchNames(
  namespaces: NamespaceIndex,
  subjects: SubjectIndex,
  bindings: BindingIndex,
  query: string,
  limit: number,
): SearchHit[] {
  const q = query.trim().toLowerCase();
  const hits: SearchHit[] = [];
  if (q === '' || limit <= 0) return hits;
  const hit = (s: string) => s.toLowerCase().includes(q);
  const take = (h: SearchHit) => hits.push(h) >= limit;

  for (const name of namespaces.byName.keys()) if (hit(name) && take({ kind: 'Namespace', name })) return hits;
  const { serviceAccounts, users, groups } = subjects.known;
  for (const list of [serviceAccounts, users, groups] as readonly (readonly SubjectRef[])[]) {
    for (const subject of list) if (hit(subjectLabel(subject)) && take({ kind: 'Subject', subject })) return hits;
  }
  for (const r of bindings.roles.values()) {
    if (hit(r.name) && take({ kind: 'Role', role: { kind: 'Role', namespace: r.namespace, name: r.name } }))
      return hits;
  }
  for (const r of bindings.clusterRoles.values()) {
    if (hit(r.name) && take({ kind: 'Role', role: { kind: 'ClusterRole', name: r.name } })) return hits;
  }
  const all = [...bindings.roleBindingsByNamespace.values(), bindings.clusterBindings];
  for (const list of all) {
    for (const b of list) {
      const role: RoleRef = b.role ?? {
        kind: b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole',
        name: b.roleRef.name,
        ...(b.roleRef.kind === 'Role' && { namespace: b.namespace }),
      };
      if (hit(b.binding.name) && take({ kind: 'Binding', binding: b.binding, role })) return hits;
    }
  }
  return hits;
}
