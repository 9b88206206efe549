// Bindings resolved to the rules they grant, once per model, after rule.go's VisitRulesFor and
// GetRoleReferenceRules. A binding whose role is missing grants nothing and is reported as dangling,
// never thrown: the walk goes on and the caller decides what to show.
import type {
  ClusterModel,
  ClusterRole,
  ClusterRoleBinding,
  Labels,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from './types';

/**
 * Built in: labelled by Kubernetes' bootstrap policy, or named (or binding a role named) "system:…",
 * the prefix Kubernetes reserves for itself.
 */
export function isBuiltinBinding(b: { name: string; labels: Labels; roleRef: RoleRef }): boolean {
  return (
    b.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' ||
    b.name.startsWith('system:') ||
    b.roleRef.name.startsWith('system:')
  );
}

export function isBuiltinRole(r: { name: string; labels: Labels }): boolean {
  return r.labels['kubernetes.io/bootstrapping'] === 'rbac-defaults' || r.name.startsWith('system:');
}

export interface BindingRef {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Only for RoleBindings. */
  namespace?: string;
}

export interface RoleRefResolved {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Only for Roles. */
  namespace?: string;
}

export interface ResolvedBinding {
  binding: BindingRef;
  /** "" for a ClusterRoleBinding: the namespace a ServiceAccount subject without one falls back to. */
  namespace: string;
  subjects: readonly Subject[];
  roleRef: RoleRef;
  /** Present when the roleRef resolves. */
  role?: RoleRefResolved;
  rules: readonly PolicyRule[];
  /** Present when the roleRef does not resolve: the binding grants nothing. */
  dangling?: DanglingBinding;
  /** Made by Kubernetes or its installer, not by the cluster's users (see isBuiltinBinding). */
  builtin: boolean;
  /** Position in the authorizer's walk (ClusterRoleBindings first, then RoleBindings), for stable answers. */
  seq: number;
}

export interface DanglingBinding {
  binding: BindingRef;
  roleRef: RoleRef;
  reason: string;
}

export interface BindingIndex {
  clusterBindings: readonly ResolvedBinding[];
  roleBindingsByNamespace: ReadonlyMap<string, readonly ResolvedBinding[]>;
  dangling: readonly DanglingBinding[];
  roles: ReadonlyMap<string, Role>;
  clusterRoles: ReadonlyMap<string, ClusterRole>;
}

export function roleKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function resolveRoleRef(
  roleRef: RoleRef,
  namespace: string,
  roles: ReadonlyMap<string, Role>,
  clusterRoles: ReadonlyMap<string, ClusterRole>,
): { role: RoleRefResolved; rules: PolicyRule[] } | { reason: string } {
  if (roleRef.kind === 'ClusterRole') {
    const cr = clusterRoles.get(roleRef.name);
    return cr
      ? { role: { kind: 'ClusterRole', name: cr.name }, rules: cr.rules }
      : { reason: `clusterrole "${roleRef.name}" not found` };
  }
  // A RoleBinding's Role resolves in the binding's own namespace; a ClusterRoleBinding cannot name a Role.
  if (roleRef.kind === 'Role' && namespace !== '') {
    const r = roles.get(roleKey(namespace, roleRef.name));
    return r
      ? { role: { kind: 'Role', name: r.name, namespace }, rules: r.rules }
      : { reason: `role "${namespace}/${roleRef.name}" not found` };
  }
  if (roleRef.kind === 'Role') return { reason: 'a ClusterRoleBinding can only reference a ClusterRole' };
  return { reason: `unsupported role reference kind: "${roleRef.kind}"` };
}

export function indexBindings(model: ClusterModel): BindingIndex {
  const roles = new Map(model.roles.map((r) => [roleKey(r.namespace, r.name), r]));
  const clusterRoles = new Map(model.clusterRoles.map((r) => [r.name, r]));
  const dangling: DanglingBinding[] = [];
  let seq = 0;

  const resolve = (binding: BindingRef, namespace: string, b: RoleBinding | ClusterRoleBinding): ResolvedBinding => {
    const { roleRef, subjects } = b;
    const builtin = isBuiltinBinding(b);
    const resolved = resolveRoleRef(roleRef, namespace, roles, clusterRoles);
    if ('reason' in resolved) {
      const d = { binding, roleRef, reason: resolved.reason };
      dangling.push(d);
      return { binding, namespace, subjects, roleRef, rules: [], dangling: d, builtin, seq: seq++ };
    }
    return { binding, namespace, subjects, roleRef, role: resolved.role, rules: resolved.rules, builtin, seq: seq++ };
  };

  const clusterBindings = model.clusterRoleBindings.map((b) =>
    resolve({ kind: 'ClusterRoleBinding', name: b.name }, '', b),
  );
  const roleBindingsByNamespace = new Map<string, ResolvedBinding[]>();
  for (const b of model.roleBindings) {
    const resolved = resolve({ kind: 'RoleBinding', name: b.name, namespace: b.namespace }, b.namespace, b);
    const list = roleBindingsByNamespace.get(b.namespace);
    if (list) list.push(resolved);
    else roleBindingsByNamespace.set(b.namespace, [resolved]);
  }
  return { clusterBindings, roleBindingsByNamespace, dangling, roles, clusterRoles };
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
