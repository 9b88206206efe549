// Finds any namespace, subject, role or binding whose name contains the query.
import { namespaceSummaries, subjectLabel, type Engine, type SubjectRef } from '@/lib/rbac';
import { roleHref, subjectHref } from './links';

export interface SearchHit {
  kind: string;
  label: string;
  href: string;
}

const enc = encodeURIComponent;

export function search(engine: Engine, query: string, limit = 100): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const m = engine.model;
  const hit = (s: string) => s.toLowerCase().includes(q);
  const { serviceAccounts, users, groups } = engine.known;
  const subjects: SubjectRef[] = [...serviceAccounts, ...users, ...groups];
  const hits: SearchHit[] = [
    ...namespaceSummaries(m)
      .filter((n) => hit(n.name))
      .map((n) => ({ kind: 'Namespace', label: n.name, href: `/namespaces/${enc(n.name)}` })),
    ...subjects
      .filter((s) => hit(subjectLabel(s)))
      .map((s) => ({ kind: s.kind, label: subjectLabel(s), href: subjectHref(s) })),
    ...m.roles
      .filter((r) => hit(r.name))
      .map((r) => ({
        kind: 'Role',
        label: `${r.namespace}/${r.name}`,
        href: roleHref({ kind: 'Role', namespace: r.namespace, name: r.name }),
      })),
    ...m.clusterRoles
      .filter((r) => hit(r.name))
      .map((r) => ({ kind: 'ClusterRole', label: r.name, href: roleHref({ kind: 'ClusterRole', name: r.name }) })),
    ...m.roleBindings
      .filter((b) => hit(b.name))
      .map((b) => ({
        kind: 'RoleBinding',
        label: `${b.namespace}/${b.name}`,
        href: `/namespaces/${enc(b.namespace)}?node=${enc(`rolebinding:${b.namespace}/${b.name}`)}&system=show`,
      })),
    ...m.clusterRoleBindings
      .filter((b) => hit(b.name))
      .map((b) => ({
        kind: 'ClusterRoleBinding',
        label: b.name,
        href: roleHref({ kind: 'ClusterRole', name: b.roleRef.name }),
      })),
  ];
  return hits.slice(0, limit);
}
