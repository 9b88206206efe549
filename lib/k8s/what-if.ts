// A cluster's model as it would be after `kubectl apply -f` and `kubectl delete -f` of some
// manifests: each applied object creates or replaces the one of its kind and name, each deleted one
// goes (a Namespace with everything in it), and then the ClusterRole aggregation controller runs, as
// the cluster would run it: an aggregating ClusterRole's rules become those of the ClusterRoles its
// selectors match (k8s.io/kubernetes pkg/controller/clusterroleaggregation, syncClusterRole).
import { selectorMatches, type ClusterModel, type ClusterRole, type PolicyRule } from '@/lib/rbac';
import { assembleModel, objectKey, type Located } from './model-builder';
import { NAMESPACED, type ParsedObject } from './objects';

export interface WhatIfNote {
  file: string;
  /** "RoleBinding ns/name". */
  object: string;
  message: string;
}

export interface WhatIf {
  model: ClusterModel;
  /** The manifest each applied or deleted object came from, by "Kind ns/name". */
  origins: Map<string, string>;
  notes: WhatIfNote[];
}

function objectsOf(model: ClusterModel): ParsedObject[] {
  return [
    ...model.namespaces.map((value) => ({ kind: 'Namespace' as const, value })),
    ...model.serviceAccounts.map((value) => ({ kind: 'ServiceAccount' as const, value })),
    ...model.pods.map((value) => ({ kind: 'Pod' as const, value })),
    ...model.roles.map((value) => ({ kind: 'Role' as const, value })),
    ...model.clusterRoles.map((value) => ({ kind: 'ClusterRole' as const, value })),
    ...model.roleBindings.map((value) => ({ kind: 'RoleBinding' as const, value })),
    ...model.clusterRoleBindings.map((value) => ({ kind: 'ClusterRoleBinding' as const, value })),
  ];
}

const namespaceOf = (o: ParsedObject) =>
  NAMESPACED.has(o.kind) ? (o.value as { namespace: string }).namespace : undefined;

const roleRefOf = (o: ParsedObject) =>
  o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding' ? `${o.value.roleRef.kind}/${o.value.roleRef.name}` : '';

function remove(objects: Map<string, ParsedObject>, { value, where }: Located<ParsedObject>, notes: WhatIfNote[]) {
  const key = objectKey(value);
  const note = (message: string) => notes.push({ file: where.file, object: key, message });
  if (!objects.delete(key)) note('not in the state it is deleted from (kubectl delete would answer NotFound)');
  if (value.kind !== 'Namespace') return;
  let gone = 0;
  for (const [k, o] of objects)
    if (namespaceOf(o) === value.value.name) {
      objects.delete(k);
      gone++;
    }
  if (gone > 0) note(`deleting the namespace deletes the ${gone} object(s) in it`);
}

function apply(objects: Map<string, ParsedObject>, { value, where }: Located<ParsedObject>, notes: WhatIfNote[]) {
  const key = objectKey(value);
  const old = objects.get(key);
  if (old && roleRefOf(old) !== roleRefOf(value))
    notes.push({
      file: where.file,
      object: key,
      message: `roleRef cannot change (${roleRefOf(old)} → ${roleRefOf(value)}): kubectl apply is rejected; delete and create the binding, as shown here`,
    });
  objects.set(key, value);
}

const ruleKey = (r: PolicyRule) => JSON.stringify(r);

/** syncClusterRole: per selector, the matching ClusterRoles by name (not itself), each rule once. */
function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? [])
    for (const part of all)
      if (part.name !== role.name && selectorMatches(selector, part.labels))
        for (const rule of part.rules)
          if (!seen.has(ruleKey(rule))) {
            seen.add(ruleKey(rule));
            rules.push(rule);
          }
  return rules;
}

/**
 * The controller's work after the change: every aggregating ClusterRole that was applied, or that
 * selects a ClusterRole the change touched (before or after), gets its rules again; a role it
 * rewrites counts as touched, until nothing moves. Roles the change did not reach keep their rules.
 */
/** Rewrites the rules of `model`'s aggregating ClusterRoles in place (they are copies). */
function aggregate(model: ClusterModel, touched: Set<string>, before: ReadonlyMap<string, ClusterRole>): void {
  const all = [...model.clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const labelsOf = (name: string) => [all.find((r) => r.name === name)?.labels, before.get(name)?.labels];
  const reaches = (agg: ClusterRole) =>
    touched.has(agg.name) ||
    [...touched].some((name) =>
      labelsOf(name).some(
        (labels) => labels && agg.aggregationRule!.clusterRoleSelectors.some((sel) => selectorMatches(sel, labels)),
      ),
    );
  for (let round = 0; round <= all.length; round++) {
    let moved = false;
    for (const agg of all) {
      if (!agg.aggregationRule || !reaches(agg)) continue;
      const rules = aggregatedRules(agg, all);
      if (JSON.stringify(rules) === JSON.stringify(agg.rules)) continue;
      agg.rules = rules;
      if (!touched.has(agg.name)) moved = true;
      touched.add(agg.name);
    }
    if (!moved) break;
  }
}

export function whatIf(
  base: ClusterModel,
  applied: readonly Located<ParsedObject>[],
  deleted: readonly Located<ParsedObject>[] = [],
): WhatIf {
  const objects = new Map(objectsOf(base).map((o) => [objectKey(o), o] as const));
  const notes: WhatIfNote[] = [];
  const origins = new Map<string, string>();
  for (const o of deleted) {
    remove(objects, o, notes);
    origins.set(objectKey(o.value), o.where.file);
  }
  for (const o of applied) {
    apply(objects, o, notes);
    origins.set(objectKey(o.value), o.where.file);
  }
  // Copies: the controller rewrites rules, and the base model stays as it was.
  for (const [key, o] of objects)
    if (o.kind === 'ClusterRole' && o.value.aggregationRule) objects.set(key, { ...o, value: { ...o.value } });
  const model = assembleModel(objects.values());
  if (base.missing) model.missing = base.missing;
  const touched = new Set(
    [...applied, ...deleted].filter((o) => o.value.kind === 'ClusterRole').map((o) => o.value.value.name),
  );
  aggregate(model, touched, new Map(base.clusterRoles.map((r) => [r.name, r])));
  return { model, origins, notes };
}
