// The before and after of a right-sizing, kept small: canI for an identity reads only the bindings
// with a subject that applies to it (its user name or one of its groups, walk.ts), and a subject's
// permissions (what the change review compares) read only those too. So the after state's answers
// for the subject come from the bindings naming it, edited as the proposal says, plus the proposal:
// a few bindings, not the world (rightsize-model.test.ts proves it answers as the full after engine).
import {
  bindingIndexOf,
  resolveBinding,
  roleIn,
  type BindingIndex,
  type ResolvedBinding,
} from '../authorizer/bindings';
import type { Engine } from '../engine';
import { partsOf } from '../engine';
import { objectKey, type BindingRef } from '../model/refs';
import {
  emptyModel,
  type ClusterModel,
  type ClusterRole,
  type ClusterRoleBinding,
  type Identity,
  type Role,
  type RoleBinding,
  type Subject,
} from '../model/types';

/** What happens to a binding that names the subject itself. */
export interface BindingEdit {
  binding: BindingRef;
  /** deleted: it named only the subject; edited: it loses the subject's entries and keeps the others. */
  action: 'deleted' | 'edited';
  removed: Subject[];
  /** The subjects an edited binding keeps. */
  kept: Subject[];
  /**
   * A binding of Kubernetes' bootstrap policy (by name): the API server puts it back, or adds the
   * subject back, at its next start (pkg/registry/rbac/rest/storage_rbac.go reconciles it) unless it
   * is annotated rbac.authorization.kubernetes.io/autoupdate: "false".
   */
  reconciled: boolean;
}

/** The new objects of a proposal, as the model holds them. */
export interface ProposedObjects {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
}

/** The small model around some identities: the bindings naming them, in walk order. */
export function bindingsAround(engine: Engine, identities: readonly Identity[]): ResolvedBinding[] {
  const parts = partsOf(engine);
  if (!parts) throw new Error('an engine made by createEngine is needed');
  // bindingsNaming's union (its user name's bindings and each group's), found once for all the
  // identities and sorted once, not merged and sorted per identity (its 3 groups' bindings each time).
  const { byUser, byGroup } = parts.subjects;
  const found = new Map<number, ResolvedBinding>();
  const groups = new Set<string>();
  for (const identity of identities) {
    for (const b of byUser.get(identity.user) ?? []) found.set(b.seq, b);
    for (const g of identity.groups) groups.add(g);
  }
  for (const g of groups) for (const b of byGroup.get(g) ?? []) found.set(b.seq, b);
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}

/** A binding index over given resolved bindings (the roles maps are the engine's, for role lookups). */
export function smallIndex(engine: Engine, bindings: readonly ResolvedBinding[]): BindingIndex {
  const parts = partsOf(engine)!;
  const clusterBindings = bindings.filter((b) => b.namespace === '');
  const roleBindingsByNamespace = new Map<string, ResolvedBinding[]>();
  for (const b of bindings) {
    if (b.namespace === '') continue;
    const list = roleBindingsByNamespace.get(b.namespace);
    if (list) list.push(b);
    else roleBindingsByNamespace.set(b.namespace, [b]);
  }
  const { roles, clusterRoles } = parts.index;
  return bindingIndexOf({ clusterBindings, roleBindingsByNamespace, dangling: [], roles, clusterRoles });
}

/** The bindings with the edits applied: deleted ones gone, edited ones with their kept subjects. */
export function editedBindings(bindings: readonly ResolvedBinding[], edits: readonly BindingEdit[]): ResolvedBinding[] {
  const byKey = new Map(edits.map((e) => [objectKey(e.binding), e]));
  const out: ResolvedBinding[] = [];
  for (const b of bindings) {
    const edit = byKey.get(objectKey(b.binding));
    if (!edit) out.push(b);
    else if (edit.action === 'edited') out.push({ ...b, subjects: edit.kept });
  }
  return out;
}

/** The proposal's bindings resolved against its own roles, after every binding of the model (they are added last). */
export function resolveProposal(proposed: ProposedObjects, nextSeq: number): ResolvedBinding[] {
  const roles = new Map(proposed.roles.map((r) => [roleIn(r.namespace, r.name), r]));
  const clusterRoles = new Map(proposed.clusterRoles.map((r) => [r.name, r]));
  const index = { roles, clusterRoles, roleProvenance: () => undefined };
  let seq = nextSeq;
  return [
    ...proposed.clusterRoleBindings.map((object) =>
      resolveBinding(index, { kind: 'ClusterRoleBinding', object }, seq++),
    ),
    ...proposed.roleBindings.map((object) => resolveBinding(index, { kind: 'RoleBinding', object }, seq++)),
  ];
}

/** The seq after every binding an engine holds: where added bindings go in the walk. */
export function seqAfter(engine: Engine): number {
  return partsOf(engine)!.nextSeq + 1;
}

/**
 * The small after state as a model, for an engine of its own (the change review's subject diff):
 * `kept` are the bindings around the subject with the edits applied, then the proposal.
 */
export function smallModel(engine: Engine, kept: readonly ResolvedBinding[], proposed: ProposedObjects): ClusterModel {
  const roles = new Map<string, Role>();
  const clusterRoles = new Map<string, ClusterRole>();
  for (const b of kept) {
    const role = b.role && engine.role(b.role);
    if (!role || !b.role) continue;
    if (b.role.kind === 'Role') roles.set(objectKey(b.role), role as Role);
    else clusterRoles.set(b.role.name, role as ClusterRole);
  }
  for (const r of proposed.roles) roles.set(objectKey({ kind: 'Role', namespace: r.namespace, name: r.name }), r);
  for (const r of proposed.clusterRoles) clusterRoles.set(r.name, r);
  return {
    ...emptyModel(),
    roles: [...roles.values()],
    clusterRoles: [...clusterRoles.values()],
    roleBindings: [...kept.filter((b) => b.namespace !== '').map(asRoleBinding), ...proposed.roleBindings],
    clusterRoleBindings: [
      ...kept.filter((b) => b.namespace === '').map(asClusterRoleBinding),
      ...proposed.clusterRoleBindings,
    ],
  };
}

const asRoleBinding = (b: ResolvedBinding): RoleBinding => ({
  namespace: b.namespace,
  name: b.binding.name,
  labels: {},
  roleRef: b.roleRef,
  subjects: [...b.subjects],
});

const asClusterRoleBinding = (b: ResolvedBinding): ClusterRoleBinding => ({
  name: b.binding.name,
  labels: {},
  roleRef: b.roleRef,
  subjects: [...b.subjects],
});

/** The whole model after the proposal: its edits applied, its objects added (what a cluster would hold). */
export function afterModel(
  model: ClusterModel,
  edits: readonly BindingEdit[],
  proposed: ProposedObjects,
): ClusterModel {
  const byKey = new Map(edits.map((e) => [objectKey(e.binding), e]));
  const edit = <B extends RoleBinding | ClusterRoleBinding>(kind: BindingRef['kind'], list: readonly B[]): B[] =>
    list.flatMap((b) => {
      const e = byKey.get(objectKey({ kind, name: b.name, ...('namespace' in b && { namespace: b.namespace }) }));
      if (!e) return [b];
      return e.action === 'deleted' ? [] : [{ ...b, subjects: e.kept }];
    });
  // A proposal applied before is replaced by this one (same names), as `kubectl apply` would.
  const named = (list: readonly { name: string; namespace?: string }[]) =>
    new Set(list.map((o) => `${o.namespace ?? ''}/${o.name}`));
  const without = <T extends { name: string; namespace?: string }>(list: readonly T[], names: Set<string>) =>
    list.filter((o) => !names.has(`${o.namespace ?? ''}/${o.name}`));
  return {
    ...model,
    roles: [...without(model.roles, named(proposed.roles)), ...proposed.roles],
    clusterRoles: [...without(model.clusterRoles, named(proposed.clusterRoles)), ...proposed.clusterRoles],
    roleBindings: [
      ...without(edit('RoleBinding', model.roleBindings), named(proposed.roleBindings)),
      ...proposed.roleBindings,
    ],
    clusterRoleBindings: [
      ...without(edit('ClusterRoleBinding', model.clusterRoleBindings), named(proposed.clusterRoleBindings)),
      ...proposed.clusterRoleBindings,
    ],
  };
}
