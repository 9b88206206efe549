// Role and RoleBinding changes, each inside one namespace: they touch that namespace's resolved
// bindings (the changed ones, and those naming a changed Role), the subjects those name before and
// after, where the roles are bound, and the dangling list. Every other binding is taken over.
import {
  bindingIndexOf,
  knownProvenances,
  resolveBinding,
  resolveHead,
  roleIn,
  writtenRole,
  type BindingIndex,
  type DanglingBinding,
  type ResolvedBinding,
} from '../authorizer/bindings';
import { subjectRefOf } from '../authorizer/subjects';
import type { LookupData } from '../indexes/lookups';
import { comparedNames, type SubjectIndex } from '../indexes/subject-index';
import type { ModelChange } from '../model/changes';
import { objectKey, roleKey, type SubjectRef } from '../model/refs';
import type { ClusterModel, Role, RoleBinding } from '../model/types';
import { DraftLists, DraftMap, insertSorted, removeItem } from './copy-on-write';

export type NamespacedRbacChange = Extract<ModelChange, { kind: 'Role' | 'RoleBinding' }>;
type Named = Pick<SubjectIndex, 'byUser' | 'byGroup'>;

/** A change as the object before and after (absent: added, or deleted). */
type Pair<T> = readonly [T | undefined, T | undefined];

/** One resolved binding as the previous engine held it and as the next one holds it. */
interface Replaced {
  before?: ResolvedBinding;
  after?: ResolvedBinding;
}

export interface RbacUpdate {
  index: BindingIndex;
  named: Named;
  bindingsByRole: LookupData['bindingsByRole'];
  roleCounts: ReadonlyMap<string, number>;
  nextSeq: number;
  namespaces: Set<string>;
  /** The subjects the changed bindings named before or after: they may have come or gone. */
  subjects: SubjectRef[];
}

const bySeq = (a: ResolvedBinding, b: ResolvedBinding) => a.seq - b.seq;

/** The roles after the changes, the Roles changed by namespace, and the provenances still valid. */
function applyRoles(index: BindingIndex, roleCounts: ReadonlyMap<string, number>, changes: readonly Pair<Role>[]) {
  const roles = new DraftMap(index.roles);
  const counts = new DraftMap(roleCounts);
  const changed = new Map<string, Set<string>>();
  const memo = new Map(knownProvenances(index));
  for (const [before, after] of changes) {
    const { namespace, name } = (after ?? before)!;
    if (after) roles.set(roleIn(namespace, name), after);
    else roles.delete(roleIn(namespace, name));
    const delta = (after ? 1 : 0) - (before ? 1 : 0);
    if (delta !== 0) counts.set(namespace, (counts.get(namespace) ?? 0) + delta);
    if (counts.get(namespace) === 0) counts.delete(namespace);
    changed.set(namespace, (changed.get(namespace) ?? new Set()).add(name));
    memo.delete(roleKey({ kind: 'Role', namespace, name }));
  }
  return { roles: roles.done(), roleCounts: counts.done(), changed, memo };
}

/**
 * The seq of each RoleBinding added: the model holds them last, in the order they came, so they
 * follow every binding held, in that order.
 */
function addedSeqs(model: ClusterModel, added: number, nextSeq: number): Map<string, number> {
  const seqs = new Map<string, number>();
  const tail = model.roleBindings.slice(model.roleBindings.length - added);
  tail.forEach((b, i) => seqs.set(roleIn(b.namespace, b.name), nextSeq + i));
  return seqs;
}

type Resolver = Pick<BindingIndex, 'roles' | 'clusterRoles' | 'roleProvenance'>;

/** The RoleBindings changed, in their namespaces' lists: a modified one keeps its place and seq. */
function applyBindings(
  lists: DraftLists<string, ResolvedBinding>,
  resolver: Resolver,
  changes: readonly Pair<RoleBinding>[],
  seqs: ReadonlyMap<string, number>,
): Replaced[] {
  const replaced: Replaced[] = [];
  for (const [before, after] of changes) {
    const { namespace, name } = (after ?? before)!;
    const list = lists.edit(namespace);
    const at = before ? list.findIndex((b) => b.binding.name === name) : -1;
    const old = at >= 0 ? list[at] : undefined;
    if (at >= 0) list.splice(at, 1);
    if (!after) {
      replaced.push({ before: old });
      continue;
    }
    const seq = old?.seq ?? seqs.get(roleIn(namespace, name))!;
    const next = resolveBinding(resolver, { kind: 'RoleBinding', object: after }, seq);
    insertSorted(list, next, bySeq);
    replaced.push({ before: old, after: next });
  }
  return replaced;
}

/** The bindings of each namespace whose Roles changed that name one of them, resolved again. */
function resolveAgain(
  lists: DraftLists<string, ResolvedBinding>,
  resolver: Resolver,
  changed: ReadonlyMap<string, ReadonlySet<string>>,
  fresh: ReadonlySet<ResolvedBinding>,
): Replaced[] {
  const replaced: Replaced[] = [];
  for (const [namespace, names] of changed) {
    const namesChanged = (b: ResolvedBinding) =>
      b.roleRef.kind === 'Role' && names.has(b.roleRef.name) && !fresh.has(b);
    if (!lists.get(namespace).some(namesChanged)) continue;
    const list = lists.edit(namespace);
    list.forEach((b, i) => {
      if (!namesChanged(b)) return;
      list[i] = resolveHead(resolver, b);
      replaced.push({ before: b, after: list[i] });
    });
  }
  return replaced;
}

/**
 * createEngine's map holds namespaces in the order their first RoleBinding comes in the model: a
 * deleted first binding can move its namespace later.
 */
function inWalkOrder(map: ReadonlyMap<string, readonly ResolvedBinding[]>) {
  let last = -Infinity;
  for (const list of map.values()) {
    if (list[0]!.seq < last) return new Map([...map].sort(([, a], [, b]) => a[0]!.seq - b[0]!.seq));
    last = list[0]!.seq;
  }
  return map;
}

/** The dangling list in walk order, the replaced bindings' entries changed. */
function updateDangling(
  previous: readonly DanglingBinding[],
  replaced: readonly Replaced[],
  byNamespace: ReadonlyMap<string, readonly ResolvedBinding[]>,
): readonly DanglingBinding[] {
  const gone = new Set(replaced.flatMap((r) => (r.before?.dangling ? [r.before.dangling] : [])));
  const come = replaced.flatMap((r) => (r.after?.dangling ? [r.after.dangling] : []));
  if (gone.size === 0 && come.length === 0) return previous;
  // ClusterRoleBindings (unchanged here) come first in the walk, RoleBindings by seq.
  const seqOf = (d: DanglingBinding) =>
    d.binding.kind === 'ClusterRoleBinding'
      ? -1
      : byNamespace.get(d.binding.namespace ?? '')!.find((b) => b.binding.name === d.binding.name)!.seq;
  return [...previous.filter((d) => !gone.has(d)), ...come].sort((a, b) => seqOf(a) - seqOf(b));
}

/** byUser and byGroup, and where each role is bound, with the replaced bindings changed (walk order kept). */
function updateNamed(named: Named, byRole: LookupData['bindingsByRole'], replaced: readonly Replaced[]) {
  const users = new DraftLists(named.byUser);
  const groups = new DraftLists(named.byGroup);
  const roles = new DraftLists(byRole);
  const listsOf = (b: ResolvedBinding) => [
    ...[...comparedNames(b)].map((n) => (n.startsWith('g:') ? groups : users).edit(n.slice(2))),
    roles.edit(objectKey(writtenRole(b))),
  ];
  for (const { before, after } of replaced) {
    if (before) for (const list of listsOf(before)) removeItem(list, (b) => b === before);
    if (after) for (const list of listsOf(after)) insertSorted(list, after, bySeq);
  }
  return { named: { byUser: users.done(), byGroup: groups.done() }, bindingsByRole: roles.done() };
}

interface RbacSources {
  index: BindingIndex;
  named: Named;
  bindingsByRole: LookupData['bindingsByRole'];
  roleCounts: ReadonlyMap<string, number>;
  nextSeq: number;
}

/**
 * Undefined when the model does not hold the RoleBindings added last (the order updateEngine's
 * contract gives): their places in the walk are then unknown, and the caller builds the RBAC indexes again.
 */
export function applyRbacChanges(
  previous: RbacSources,
  model: ClusterModel,
  changes: readonly NamespacedRbacChange[],
): RbacUpdate | undefined {
  const { index } = previous;
  const roleChanges = changes.flatMap((c): Pair<Role>[] => (c.kind === 'Role' ? [[c.before, c.after]] : []));
  const bindingChanges = changes.flatMap((c): Pair<RoleBinding>[] =>
    c.kind === 'RoleBinding' ? [[c.before, c.after]] : [],
  );
  const { roles, roleCounts, changed, memo } = applyRoles(index, previous.roleCounts, roleChanges);
  const resolver = bindingIndexOf({ ...index, roles }, memo);
  const added = bindingChanges.filter(([before]) => !before).length;
  const lists = new DraftLists(index.roleBindingsByNamespace);
  const seqs = addedSeqs(model, added, previous.nextSeq);
  if (bindingChanges.some(([before, after]) => !before && !seqs.has(roleIn(after!.namespace, after!.name))))
    return undefined;
  const replaced = applyBindings(lists, resolver, bindingChanges, seqs);
  const fresh = new Set(replaced.flatMap((r) => (r.after ? [r.after] : [])));
  replaced.push(...resolveAgain(lists, resolver, changed, fresh));
  const roleBindingsByNamespace = inWalkOrder(lists.done());
  const dangling = updateDangling(index.dangling, replaced, roleBindingsByNamespace);
  const { clusterBindings, clusterRoles } = index;
  const next = bindingIndexOf({ clusterBindings, roleBindingsByNamespace, dangling, roles, clusterRoles }, memo);
  const subjects = replaced.flatMap(({ before, after }) =>
    [before, after].flatMap((b) => b?.subjects.flatMap((s) => subjectRefOf(s, b.namespace) ?? []) ?? []),
  );
  return {
    index: next,
    ...updateNamed(previous.named, previous.bindingsByRole, replaced),
    roleCounts,
    nextSeq: previous.nextSeq + added,
    namespaces: new Set(changes.map((c) => (c.after ?? c.before)!.namespace)),
    subjects,
  };
}
