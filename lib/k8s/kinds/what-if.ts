// A cluster's model as it would be after `kubectl apply -f` and `kubectl delete -f` of some
// manifests: each applied object creates or replaces the one of its kind and name, each deleted one
// goes (a Namespace with everything in it), and then the ClusterRole aggregation controller runs, as
// the cluster would run it: an aggregating ClusterRole's rules become those of the ClusterRoles its
// selectors match (lib/rbac/authorizer/aggregation.ts, after k8s.io/kubernetes pkg/controller/clusterroleaggregation).
import {
  aggregateClusterRoles,
  describeObject,
  unexplainedRules,
  withUnexplained,
  type ClusterModel,
} from '@/lib/rbac';
import { assembleModel, parsedKey, parsedRef, type Located } from './model-builder';
import { kindOf } from './index';
import { KNOWN_KINDS, NAMESPACED, type ParsedObject } from './objects';

export interface WhatIfNote {
  file: string;
  /** "RoleBinding ns/name". */
  object: string;
  message: string;
}

export interface WhatIf {
  model: ClusterModel;
  /** The manifest each applied or deleted object came from, by its key (refs.ts objectKey). */
  origins: Map<string, string>;
  notes: WhatIfNote[];
}

function objectsOf(model: ClusterModel): ParsedObject[] {
  return KNOWN_KINDS.flatMap((kind) =>
    kindOf(kind)
      .of(model)
      .map((value) => ({ kind, value }) as ParsedObject),
  );
}

const namespaceOf = (o: ParsedObject) =>
  NAMESPACED.has(o.kind) ? (o.value as { namespace: string }).namespace : undefined;

const immutableOf = (o: ParsedObject) => kindOf(o.kind).immutable?.(o.value) ?? '';

function remove(objects: Map<string, ParsedObject>, { value, where }: Located<ParsedObject>, notes: WhatIfNote[]) {
  const key = parsedKey(value);
  const note = (message: string) => notes.push({ file: where.file, object: describeObject(parsedRef(value)), message });
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
  const key = parsedKey(value);
  const old = objects.get(key);
  if (old && immutableOf(old) !== immutableOf(value))
    notes.push({
      file: where.file,
      object: describeObject(parsedRef(value)),
      message: `roleRef cannot change (${immutableOf(old)} → ${immutableOf(value)}): kubectl apply is rejected; delete and create the binding, as shown here`,
    });
  objects.set(key, value);
}

export function whatIf(
  base: ClusterModel,
  applied: readonly Located<ParsedObject>[],
  deleted: readonly Located<ParsedObject>[] = [],
  options: {
    /**
     * The base was read from files (a snapshot, an export): keep the stored rules of an aggregated
     * ClusterRole that no role read explains, as file sources do (lib/k8s/kinds/model-builder.ts), so a
     * role exported without the roles it gathers does not lose rules in the after state.
     */
    keepStored?: boolean;
  } = {},
): WhatIf {
  const objects = new Map(objectsOf(base).map((o) => [parsedKey(o), o] as const));
  const notes: WhatIfNote[] = [];
  const origins = new Map<string, string>();
  for (const o of deleted) {
    remove(objects, o, notes);
    origins.set(parsedKey(o.value), o.where.file);
  }
  for (const o of applied) {
    apply(objects, o, notes);
    origins.set(parsedKey(o.value), o.where.file);
  }
  const model = assembleModel(objects.values());
  if (base.missing) model.missing = base.missing;
  // Any ClusterRole event makes the controller sync every aggregating ClusterRole (its enqueue);
  // a change without one leaves the rules as they were.
  if ([...applied, ...deleted].some((o) => o.value.kind === 'ClusterRole')) {
    const keepStored = model.missing?.some((m) => m.kind === 'ClusterRole') ?? false;
    model.clusterRoles = aggregateClusterRoles(model.clusterRoles, { keepStored }).clusterRoles;
    // From files: the stored rules no role read explains stay; the rest follows the controller (a
    // part relabelled or deleted takes its rules away).
    if (options.keepStored)
      model.clusterRoles = withUnexplained(model.clusterRoles, unexplainedRules(base.clusterRoles));
  }
  return { model, origins, notes };
}
