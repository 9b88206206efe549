// The engine of the next version of a live cluster, from the previous one and the changes between
// them: each change updates the indexes it touches, and what it cannot alter is taken over as it is
// (the same objects; nothing the previous engine holds is written, so it stays valid for requests in
// flight and the change history). Answers equal those of an engine built from scratch on the same
// model (engine-update.test.ts compares every query after each of thousands of random batches).
import { createEngine, engineOf, nextVersion, partsOf, type Engine, type EngineParts } from './engine';
import { riskAnswers } from './engine-risks';
import { indexBindings, ROLE_BINDING_SEQ } from './authorizer/bindings';
import { bindingLookups, indexLookups } from './indexes/lookups';
import { indexSubjects } from './indexes/subject-index';
import type { ModelChange } from './model/changes';
import type { ClusterModel } from './model/types';
import { updateKnown } from './update/known-update';
import { updateSummaries } from './update/namespace-summaries';
import { keepsRiskAnswers } from './update/risk-takeover';
import { applyRbacChanges, type NamespacedRbacChange } from './update/role-binding-changes';
import { applyWorkloadChanges, type WorkloadChange } from './update/workload-changes';

const isWorkload = (c: ModelChange): c is WorkloadChange =>
  c.kind === 'Pod' || c.kind === 'ServiceAccount' || c.kind === 'Namespace';
const isNamespacedRbac = (c: ModelChange): c is NamespacedRbacChange => c.kind === 'Role' || c.kind === 'RoleBinding';

/**
 * What the source could not read, or the Kubernetes version, changed: the engine is built again
 * (rare: a source's permissions or the server changed, and every answer may read them).
 */
function rebuilds(previous: ClusterModel, model: ClusterModel): boolean {
  if (JSON.stringify(previous.missing ?? []) !== JSON.stringify(model.missing ?? [])) return true;
  return JSON.stringify(previous.kubernetes ?? null) !== JSON.stringify(model.kubernetes ?? null);
}

const isClusterRbac = (c: ModelChange) => c.kind === 'ClusterRole' || c.kind === 'ClusterRoleBinding';

/**
 * ClusterRoles and ClusterRoleBindings (rare: one can reach every namespace, and aggregation ties
 * ClusterRoles together): the RBAC indexes built again from the model; the pods, accounts and
 * namespace summaries (which count RoleBindings only) are taken over from `updated`.
 */
function rebuildRbac(updated: EngineParts, model: ClusterModel): EngineParts {
  const index = indexBindings(model);
  const subjects = indexSubjects(model, index);
  const lookups = { ...updated.lookups, ...bindingLookups(index) };
  const nextSeq = ROLE_BINDING_SEQ + model.roleBindings.length;
  return { ...updated, index, subjects, lookups, nextSeq, prints: {}, rbacVersion: undefined };
}

/**
 * The next parts: workload changes, then Role and RoleBinding changes, then what both touch.
 * Undefined when the model does not hold added RoleBindings last (applyRbacChanges).
 */
function nextParts(parts: EngineParts, model: ClusterModel, changes: readonly ModelChange[]): EngineParts | undefined {
  const workload = applyWorkloadChanges(parts.lookups, parts.listed, changes.filter(isWorkload));
  const rbacChanges = changes.filter(isNamespacedRbac);
  const { subjects: previousSubjects, nextSeq, roleCounts } = parts;
  const sources = { index: parts.index, named: previousSubjects, bindingsByRole: parts.lookups.bindingsByRole };
  const rbac =
    rbacChanges.length > 0 ? applyRbacChanges({ ...sources, roleCounts, nextSeq }, model, rbacChanges) : null;
  if (rbac === undefined) return undefined;
  const { serviceAccountsByNamespace, podsByNamespace, podsByAccount, listed } = workload;
  const bindingsByRole = rbac?.bindingsByRole ?? parts.lookups.bindingsByRole;
  const lookups = { ...parts.lookups, serviceAccountsByNamespace, podsByNamespace, podsByAccount, bindingsByRole };
  const index = rbac?.index ?? parts.index;
  const touched = [...workload.accounts, ...(rbac?.subjects ?? [])];
  const subjects = updateKnown(previousSubjects, rbac?.named ?? previousSubjects, lookups, touched);
  const counted = { lookups, index, listed, roleCounts: rbac?.roleCounts ?? roleCounts };
  const namespaces = updateSummaries(parts.namespaces, [...workload.namespaces, ...(rbac?.namespaces ?? [])], counted);
  const next = { ...parts, model, index, subjects, lookups, namespaces, listed, roleCounts: counted.roleCounts };
  if (!rbac) return next;
  return { ...next, nextSeq: rbac.nextSeq, prints: {}, rbacVersion: undefined };
}

/**
 * `model` is the whole next model (what assembleModel gives for the objects now held, in the same
 * order: a modified object keeps its place, an added one goes last, a deleted one leaves; kinds
 * without changes keep their previous arrays), `changes` the net changes from the model `previous`
 * was built from (before: as it held the object; after: as `model` holds it), one per object.
 */
export function updateEngine(previous: Engine, model: ClusterModel, changes: readonly ModelChange[]): Engine {
  const parts = partsOf(previous);
  if (!parts || rebuilds(parts.model, model)) return createEngine(model, previous);
  const updated = nextParts(
    parts,
    model,
    changes.filter((c) => !isClusterRbac(c)),
  );
  if (!updated) return createEngine(model, previous);
  const next = changes.some(isClusterRbac) ? rebuildRbac(updated, model) : updated;
  const { index, subjects, lookups } = next;
  const version = nextVersion();
  // Taken over whole (their build, if under way, goes on for both), or new ones that serve these meanwhile.
  const risks = keepsRiskAnswers(changes)
    ? parts.risks
    : riskAnswers(
        { model, index, subjects, binding: indexLookups(model, index, lookups).binding },
        version,
        previous.risks,
      );
  return engineOf({ ...next, risks }, version);
}
