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
  /**
   * Position in the authorizer's walk (ClusterRoleBindings first, then RoleBindings, each in model
   * order), for stable answers: only its order means anything (engine-update.ts leaves gaps).
   */
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
export const roleIn = (namespace: string, name: string) => roleLabel({ kind: 'Role', namespace, name });

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

/** The Role or ClusterRole a ref names in these maps, if it exists. */
function roleNamed(
  roles: ReadonlyMap<string, Role>,
  clusterRoles: ReadonlyMap<string, ClusterRole>,
  ref: RoleRef,
): Role | ClusterRole | undefined {
  return ref.kind === 'Role' ? roles.get(roleIn(ref.namespace ?? '', ref.name)) : clusterRoles.get(ref.name);
}

/** A role's provenance, computed when first asked and kept per index (engine-update.ts copies it). */
const provenanceMemos = new WeakMap<BindingIndex, Map<string, Provenance>>();

/** Where each ResolvedBinding's seq comes from: ClusterRoleBindings below every RoleBinding, each in model order. */
export const ROLE_BINDING_SEQ = 2 ** 40;

/**
 * A BindingIndex over resolved bindings. `memo`: role provenances already known for these roles
 * (a previous index's, less the roles that changed).
 */
export function bindingIndexOf(
  parts: Pick<BindingIndex, 'clusterBindings' | 'roleBindingsByNamespace' | 'dangling' | 'roles' | 'clusterRoles'>,
  memo = new Map<string, Provenance>(),
): BindingIndex {
  const { roles, clusterRoles } = parts;
  // Methods, not named arrow functions: tsx (esbuild's keepNames) wraps each of those in a
  // defineProperty, per index, and right-sizing builds two or three small indexes per account.
  const index: BindingIndex = {
    ...parts,
    role(ref: RoleRef) {
      return roleNamed(roles, clusterRoles, ref);
    },
    roleProvenance(ref: RoleRef): Provenance | undefined {
      const key = roleKey(ref);
      let p = memo.get(key);
      if (p) return p;
      const role = roleNamed(roles, clusterRoles, ref);
      if (!role) return undefined;
      p = roleProvenance(ref.kind, role, () => gatheredRules(role, clusterRoles));
      memo.set(key, p);
      return p;
    },
  };
  provenanceMemos.set(index, memo);
  return index;
}

/** The role provenances an index has computed so far, by role key. */
export function knownProvenances(index: BindingIndex): ReadonlyMap<string, Provenance> {
  return provenanceMemos.get(index) ?? new Map();
}

/** What a binding is before its role is resolved: its own fields, provenance and place in the walk. */
export type BindingHead = Pick<
  ResolvedBinding,
  'binding' | 'namespace' | 'subjects' | 'roleRef' | 'provenance' | 'seq'
>;

/** A binding resolved against the roles of `index` (its dangling entry, if any, is on it). */
export function resolveHead(
  index: Pick<BindingIndex, 'roles' | 'clusterRoles' | 'roleProvenance'>,
  head: BindingHead,
): ResolvedBinding {
  const { binding, namespace, subjects, roleRef, provenance, seq } = head;
  const resolved = resolveRoleRef(roleRef, namespace, index.roles, index.clusterRoles);
  if ('reason' in resolved) {
    const dangling = { binding, roleRef, reason: resolved.reason };
    const builtin = provenance === 'default';
    return { binding, namespace, subjects, roleRef, rules: [], dangling, provenance, builtin, seq };
  }
  const builtin = provenance === 'default' && index.roleProvenance(resolved.role) === 'default';
  const { role, rules } = resolved;
  return { binding, namespace, subjects, roleRef, role, rules, provenance, builtin, seq };
}

/** A binding as the model holds it, resolved at `seq` in the walk. */
export function resolveBinding(
  index: Pick<BindingIndex, 'roles' | 'clusterRoles' | 'roleProvenance'>,
  b: { kind: 'RoleBinding'; object: RoleBinding } | { kind: 'ClusterRoleBinding'; object: ClusterRoleBinding },
  seq: number,
): ResolvedBinding {
  const namespace = b.kind === 'RoleBinding' ? b.object.namespace : '';
  const binding = bindingRef(b.kind, namespace, b.object.name);
  const { subjects, roleRef } = b.object;
  const provenance = bindingProvenance(b.kind, b.object);
  return resolveHead(index, { binding, namespace, subjects, roleRef, provenance, seq });
}

export function indexBindings(model: ClusterModel): BindingIndex {
  const roles = new Map(model.roles.map((r) => [roleIn(r.namespace, r.name), r]));
  const clusterRoles = new Map(model.clusterRoles.map((r) => [r.name, r]));
  const clusterBindings: ResolvedBinding[] = [];
  const roleBindingsByNamespace = new Map<string, ResolvedBinding[]>();
  const dangling: DanglingBinding[] = [];
  const index = bindingIndexOf({ clusterBindings, roleBindingsByNamespace, dangling, roles, clusterRoles });
  const add = (resolved: ResolvedBinding) => {
    if (resolved.dangling) dangling.push(resolved.dangling);
    return resolved;
  };
  model.clusterRoleBindings.forEach((b, i) =>
    clusterBindings.push(add(resolveBinding(index, { kind: 'ClusterRoleBinding', object: b }, i))),
  );
  model.roleBindings.forEach((b, i) => {
    const resolved = add(resolveBinding(index, { kind: 'RoleBinding', object: b }, ROLE_BINDING_SEQ + i));
    const list = roleBindingsByNamespace.get(b.namespace);
    if (list) list.push(resolved);
    else roleBindingsByNamespace.set(b.namespace, [resolved]);
  });
  return index;
}

/** Every binding in walk order (seq): ClusterRoleBindings, then RoleBindings in model order. */
export function walkOrder(bindings: BindingIndex): ResolvedBinding[] {
  const all = [...bindings.roleBindingsByNamespace.values()].flat().sort((a, b) => a.seq - b.seq);
  return [...bindings.clusterBindings, ...all];
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
