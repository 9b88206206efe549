// The change review of a right-sizing, with the existing diff (diff.ts): what the subject loses and
// gains. A subject's permissions read only the bindings naming it, so the after side is an engine
// over the small after model (rightsize-model.ts), not the world again. Which paths to cluster-admin
// close needs both whole attack graphs: asked for apart (`paths`), it builds the whole after engine.
import { createEngine, type Engine } from '../engine';
import { partsOf } from '../engine';
import { updateEngine } from '../engine-update';
import { diff, subjectDiff, type RbacDiff, type SubjectDiff } from '../diff/diff';
import type { ModelChange } from '../model/changes';
import type { FixObject, ModelChange as FixChange } from '../fixes/types';

/** The objects a proposal applies and deletes: a fix's change, written as a fix's is. */
export type RightsizeObjects = FixChange;
import { identityOfSubject } from '../indexes/permissions';
import type { ClusterModel } from '../model/types';
import { afterModel, bindingsAround, editedBindings, smallModel } from './rightsize-model';
import type { Rightsizing } from './rightsize';

export interface RightsizeReview {
  /** What the subject gains and loses (undefined: nothing moves). */
  subject?: SubjectDiff;
  /** Paths to cluster-admin that open and close (only when asked for). */
  paths?: NonNullable<RbacDiff['paths']>;
}

/** The engine of the small after state: answers for the subject as the whole after engine would. */
export function smallAfterEngine(engine: Engine, r: Rightsizing): Engine {
  const around = bindingsAround(engine, [identityOfSubject(r.subject)]);
  return createEngine(smallModel(engine, editedBindings(around, r.replaced), r.proposed));
}

/** The whole model after the proposal is applied. */
export function rightsizedModel(engine: Engine, r: Rightsizing): ClusterModel {
  const parts = partsOf(engine);
  if (!parts) throw new Error('an engine made by createEngine is needed');
  return afterModel(parts.model, r.replaced, r.proposed);
}

/** The model changes the proposal makes (for updateEngine: the whole after engine without indexing the world again). */
export function rightsizeChanges(before: ClusterModel, after: ClusterModel): ModelChange[] {
  const changes: ModelChange[] = [];
  const key = (o: { name: string; namespace?: string }) => `${o.namespace ?? ''}/${o.name}`;
  const compare = <K extends 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding', T extends { name: string }>(
    kind: K,
    was: readonly T[],
    now: readonly T[],
  ) => {
    const old = new Map(was.map((o) => [key(o), o]));
    const next = new Map(now.map((o) => [key(o), o]));
    for (const [k, o] of next)
      if (old.get(k) !== o) changes.push({ kind, before: old.get(k), after: o } as unknown as ModelChange);
    for (const [k, o] of old) if (!next.has(k)) changes.push({ kind, before: o } as unknown as ModelChange);
  };
  compare('Role', before.roles, after.roles);
  compare('ClusterRole', before.clusterRoles, after.clusterRoles);
  compare('RoleBinding', before.roleBindings, after.roleBindings);
  compare('ClusterRoleBinding', before.clusterRoleBindings, after.clusterRoleBindings);
  return changes;
}

/** The change review: the subject's diff from the small after engine; paths from the whole one when asked. */
export function reviewRightsizing(engine: Engine, r: Rightsizing, options: { paths?: boolean } = {}): RightsizeReview {
  const moved = subjectDiff(engine, smallAfterEngine(engine, r), r.subject);
  if (!options.paths) return moved ? { subject: moved } : {};
  const before = partsOf(engine)!.model;
  const model = rightsizedModel(engine, r);
  const after = updateEngine(engine, model, rightsizeChanges(before, model));
  const paths = diff(engine, after, { paths: true }).paths;
  return { ...(moved && { subject: moved }), ...(paths && { paths }) };
}

/**
 * The proposal as objects to apply and delete (the fixes' ModelChange, so its manifests and kubectl
 * commands are written as a fix's are): the new roles and bindings, each edited binding as it will
 * be, and each deleted binding as it is now.
 */
export function rightsizeObjects(engine: Engine, r: Rightsizing): RightsizeObjects {
  const model = partsOf(engine)!.model;
  const p = r.proposed;
  const apply: FixObject[] = [
    ...p.clusterRoles.map((value) => ({ kind: 'ClusterRole' as const, value })),
    ...p.roles.map((value) => ({ kind: 'Role' as const, value })),
    ...p.clusterRoleBindings.map((value) => ({ kind: 'ClusterRoleBinding' as const, value })),
    ...p.roleBindings.map((value) => ({ kind: 'RoleBinding' as const, value })),
  ];
  const remove: FixObject[] = [];
  for (const edit of r.replaced) {
    const b = edit.binding;
    const object =
      b.kind === 'RoleBinding'
        ? model.roleBindings.find((x) => x.namespace === b.namespace && x.name === b.name)
        : model.clusterRoleBindings.find((x) => x.name === b.name);
    if (!object) continue;
    const value = edit.action === 'edited' ? { ...object, subjects: edit.kept } : object;
    const o = (
      b.kind === 'RoleBinding' ? { kind: 'RoleBinding', value } : { kind: 'ClusterRoleBinding', value }
    ) as FixObject;
    (edit.action === 'edited' ? apply : remove).push(o);
  }
  return { apply, delete: remove };
}
