// Everything one identity is granted, cluster-wide and namespace by namespace, in one pass over the
// bindings that name it (its user name or one of its groups): what rulesFor gives one namespace at
// a time, for all of them at once.
import { DANGER_RULES, grantDangers, type Danger } from '../findings/danger';
import type { DanglingBinding } from '../authorizer/bindings';
import type { Grant } from '../authorizer/grants';
import type { SubjectIndex } from './subject-index';
import { byText } from '../authorizer/subjects';
import type { Identity } from '../model/types';
import { grantsOf, visitSubjectBindings } from '../authorizer/walk';

export interface SubjectPermissions {
  /** Through ClusterRoleBindings: in every namespace and at cluster scope. */
  clusterWide: Grant[];
  /** Through RoleBindings, per namespace (only namespaces with some), sorted by namespace. */
  namespaces: { namespace: string; grants: Grant[] }[];
  /** Bindings naming the identity whose role is missing: they grant nothing. */
  dangling: DanglingBinding[];
}

export function subjectPermissions(index: SubjectIndex, identity: Identity): SubjectPermissions {
  const clusterWide: Grant[] = [];
  const perNamespace = new Map<string, Grant[]>();
  const dangling: DanglingBinding[] = [];
  visitSubjectBindings(index, identity, (bound, subject) => {
    if (bound.dangling) dangling.push(bound.dangling);
    const grants = grantsOf(bound, subject);
    if (bound.namespace === '') clusterWide.push(...grants);
    else if (grants.length > 0)
      perNamespace.set(bound.namespace, [...(perNamespace.get(bound.namespace) ?? []), ...grants]);
  });
  const namespaces = [...perNamespace]
    .map(([namespace, grants]) => ({ namespace, grants }))
    .sort((a, b) => byText(a.namespace, b.namespace));
  return { clusterWide, namespaces, dangling };
}

/** Namespaces where a subject is granted the same rules through same-named bindings: one section each. */
export interface SameGrants {
  namespaces: string[];
  /** The grants of the first namespace (the others' are the same rules through their own bindings). */
  grants: Grant[];
}

/** What makes two namespaces' grants the same: binding name, role (by name, or a Role by its rules), rule, subject. */
function grantsKey(grants: readonly Grant[]): string {
  return grants
    .map((g) =>
      JSON.stringify([
        g.binding.name,
        g.role.kind,
        g.role.name,
        g.role.kind === 'Role' ? g.rule : g.ruleIndex,
        g.subject.kind,
        g.subject.name,
      ]),
    )
    .join('\n');
}

/** A subject bound alike in 10,000 namespaces reads as one section naming them, not 10,000 matrices. */
export function groupSameGrants(namespaces: SubjectPermissions['namespaces']): SameGrants[] {
  const groups = new Map<string, SameGrants>();
  for (const { namespace, grants } of namespaces) {
    const key = grantsKey(grants);
    const group = groups.get(key);
    if (group) group.namespaces.push(namespace);
    else groups.set(key, { namespaces: [namespace], grants });
  }
  return [...groups.values()];
}

export interface DangerWhere {
  /** "" for cluster-wide (ClusterRoleBindings). */
  namespace: string;
  grants: Grant[];
}

export interface SubjectDanger {
  danger: Danger;
  /** Cluster-wide first, then namespaces in order. */
  where: DangerWhere[];
}

/** A subject's dangerous grants by danger (in DANGER_RULES order, cluster-admin first), and where each holds. */
export function subjectDangers(p: SubjectPermissions): SubjectDanger[] {
  const byId = new Map<string, SubjectDanger>();
  const scopes: DangerWhere[] = [
    { namespace: '', grants: p.clusterWide },
    ...p.namespaces.map((n) => ({ namespace: n.namespace, grants: n.grants })),
  ];
  for (const scope of scopes)
    for (const g of scope.grants)
      for (const danger of grantDangers(g)) {
        const entry = byId.get(danger.id) ?? { danger, where: [] };
        byId.set(danger.id, entry);
        const last = entry.where.at(-1);
        if (last?.namespace === scope.namespace) last.grants.push(g);
        else entry.where.push({ namespace: scope.namespace, grants: [g] });
      }
  const order = ['cluster-admin', ...DANGER_RULES.map((d) => d.id)];
  return [...byId.values()].sort((a, b) => order.indexOf(a.danger.id) - order.indexOf(b.danger.id));
}
