// Bindings resolved to the rules they grant, once per model, after rule.go's VisitRulesFor and
// GetRoleReferenceRules. A binding whose role is missing grants nothing and is reported as dangling,
// never thrown: the walk goes on and the caller decides what to show.
import { bindingProvenance, roleProvenance, type Provenance } from '../findings/bootstrap-policy';
import { selectorMatches } from '../model/labels';
import { bindingRef, roleKey, roleLabel, type BindingRef, type ObjectRef, type RoleRef } from '../model/refs';
import type {
  BindingRoleRef,
  ClusterModel,
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from '../model/types';

export interface ResolvedBinding {
  binding: BindingRef;
  /** "" for a ClusterRoleBinding: the namespace a ServiceAccount subject without one falls back to. */
  namespace: string;
  subjects: readonly Subject[];
  roleRef: BindingRoleRef;
  /** Present when the roleRef resolves. */
  role?: RoleRef;
  rules: readonly PolicyRule[];
  /** Present when the roleRef does not resolve: the binding grants nothing. */
  dangling?: DanglingBinding;
  /** Where the binding comes from: Kubernetes' own default, a changed default, an impostor, or the cluster's own. */
  provenance: Provenance;
  /**
   * Kubernetes' own, recognised by content: the binding is a default and so is the role it resolves
   * to (a default binding of a changed role grants what the change added).
   */
  builtin: boolean;
  /** Position in the authorizer's walk (ClusterRoleBindings first, then RoleBindings), for stable answers. */
  seq: number;
}

export interface DanglingBinding {
  binding: BindingRef;
  roleRef: BindingRoleRef;
  reason: string;
}

export interface BindingIndex {
  clusterBindings: readonly ResolvedBinding[];
  roleBindingsByNamespace: ReadonlyMap<string, readonly ResolvedBinding[]>;
  dangling: readonly DanglingBinding[];
  /** Roles by label (`ns/name`): prefer role(ref). */
  roles: ReadonlyMap<string, Role>;
  clusterRoles: ReadonlyMap<string, ClusterRole>;
  /** The Role or ClusterRole a ref names, if it exists. */
  role(ref: RoleRef): Role | ClusterRole | undefined;
  /** A role's provenance (computed once per role). */
  roleProvenance(ref: RoleRef): Provenance | undefined;
}

/** The key of BindingIndex.roles: a Role's label (`ns/name`). */
const roleIn = (namespace: string, name: string) => roleLabel({ kind: 'Role', namespace, name });

function resolveRoleRef(
  roleRef: BindingRoleRef,
  namespace: string,
  roles: ReadonlyMap<string, Role>,
  clusterRoles: ReadonlyMap<string, ClusterRole>,
): { role: RoleRef; rules: PolicyRule[] } | { reason: string } {
  if (roleRef.kind === 'ClusterRole') {
    const cr = clusterRoles.get(roleRef.name);
    return cr
      ? { role: { kind: 'ClusterRole', name: cr.name }, rules: cr.rules }
      : { reason: `clusterrole "${roleRef.name}" not found` };
  }
  // A RoleBinding's Role resolves in the binding's own namespace; a ClusterRoleBinding cannot name a Role.
  if (roleRef.kind === 'Role' && namespace !== '') {
    const r = roles.get(roleIn(namespace, roleRef.name));
    return r
      ? { role: { kind: 'Role', name: r.name, namespace }, rules: r.rules }
      : { reason: `role "${roleIn(namespace, roleRef.name)}" not found` };
  }
  if (roleRef.kind === 'Role') return { reason: 'a ClusterRoleBinding can only reference a ClusterRole' };
  return { reason: `unsupported role reference kind: "${roleRef.kind}"` };
}

/** The rules of the ClusterRoles an aggregating ClusterRole's selectors match (itself skipped). */
export function gatheredRules(role: Role | ClusterRole, clusterRoles: ReadonlyMap<string, ClusterRole>): PolicyRule[] {
  const aggregation = 'aggregationRule' in role ? role.aggregationRule : undefined;
  if (!aggregation) return [];
  const out: PolicyRule[] = [];
  for (const other of clusterRoles.values())
    if (other.name !== role.name && aggregation.clusterRoleSelectors.some((s) => selectorMatches(s, other.labels)))
      out.push(...other.rules);
  return out;
}

export function indexBindings(model: ClusterModel): BindingIndex {
  const roles = new Map(model.roles.map((r) => [roleIn(r.namespace, r.name), r]));
  const clusterRoles = new Map(model.clusterRoles.map((r) => [r.name, r]));
  const roleOf = (ref: RoleRef) =>
    ref.kind === 'Role' ? roles.get(roleIn(ref.namespace ?? '', ref.name)) : clusterRoles.get(ref.name);
  const dangling: DanglingBinding[] = [];
  let seq = 0;
  const provenances = new Map<string, Provenance>();
  const provenanceOf = (ref: RoleRef): Provenance | undefined => {
    const key = roleKey(ref);
    let p = provenances.get(key);
    if (p) return p;
    const role = roleOf(ref);
    if (!role) return undefined;
    p = roleProvenance(ref.kind, role, () => gatheredRules(role, clusterRoles));
    provenances.set(key, p);
    return p;
  };

  const resolve = (binding: BindingRef, namespace: string, b: RoleBinding | ClusterRoleBinding): ResolvedBinding => {
    const { roleRef, subjects } = b;
    const provenance = bindingProvenance(binding.kind, b);
    const resolved = resolveRoleRef(roleRef, namespace, roles, clusterRoles);
    if ('reason' in resolved) {
      const d = { binding, roleRef, reason: resolved.reason };
      dangling.push(d);
      const builtin = provenance === 'default';
      return { binding, namespace, subjects, roleRef, rules: [], dangling: d, provenance, builtin, seq: seq++ };
    }
    const builtin = provenance === 'default' && provenanceOf(resolved.role) === 'default';
    const { role, rules } = resolved;
    return { binding, namespace, subjects, roleRef, role, rules, provenance, builtin, seq: seq++ };
  };

  const clusterBindings = model.clusterRoleBindings.map((b) =>
    resolve(bindingRef('ClusterRoleBinding', '', b.name), '', b),
  );
  const roleBindingsByNamespace = new Map<string, ResolvedBinding[]>();
  for (const b of model.roleBindings) {
    const resolved = resolve(bindingRef('RoleBinding', b.namespace, b.name), b.namespace, b);
    const list = roleBindingsByNamespace.get(b.namespace);
    if (list) list.push(resolved);
    else roleBindingsByNamespace.set(b.namespace, [resolved]);
  }
  return {
    clusterBindings,
    roleBindingsByNamespace,
    dangling,
    roles,
    clusterRoles,
    role: roleOf,
    roleProvenance: provenanceOf,
  };
}

/** The role a binding's roleRef names as written (a Role in the binding's namespace), whether or not it resolves. */
export function writtenRole(b: ResolvedBinding): ObjectRef {
  return b.roleRef.kind === 'Role'
    ? { kind: 'Role', namespace: b.namespace, name: b.roleRef.name }
    : { kind: b.roleRef.kind, name: b.roleRef.name };
}

/**
 * The bindings that can grant a request in `namespace`: every ClusterRoleBinding, plus the
 * RoleBindings of that namespace. A request across all namespaces or at cluster scope has
 * namespace "", which no RoleBinding reaches.
 */
export function bindingsReaching(index: BindingIndex, namespace: string): readonly ResolvedBinding[] {
  if (namespace === '') return index.clusterBindings;
  return [...index.clusterBindings, ...(index.roleBindingsByNamespace.get(namespace) ?? [])];
}
