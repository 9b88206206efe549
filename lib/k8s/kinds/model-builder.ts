// Assembles validated objects into the engine's model: one object per kind and name (a duplicate is
// reported and the later one kept), each pod's effective token automount, and for files the
// aggregated ClusterRoles as the aggregation controller will write them.
import {
  aggregateClusterRoles,
  describeObject,
  emptyModel,
  objectKey,
  type AggregationDifference,
  type ClusterModel,
  type MissingKind,
  type ObjectRef,
  type ServiceAccount,
} from '@/lib/rbac';
import type { SourceIssue } from '../issues';
import type { ModelDraft } from './common';
import { kindOf } from './index';
import { NAMESPACED, type KnownKind, type ParsedObject } from './objects';
import { automountByNamespace, resolvePodTokens, serviceAccountKey } from './pod';

export interface Located<T> {
  value: T;
  where: Omit<SourceIssue, 'message' | 'severity'>;
}

/** What a parsed object is: its kind, namespace (namespaced kinds only) and name. */
export function parsedRef(o: ParsedObject): ObjectRef {
  const namespace = NAMESPACED.has(o.kind) ? (o.value as { namespace: string }).namespace : undefined;
  return { kind: o.kind, name: o.value.name, ...(namespace !== undefined && { namespace }) };
}

/** The key of a parsed object in maps (refs.ts objectKey). */
export const parsedKey = (o: ParsedObject): string => objectKey(parsedRef(o));

/**
 * The model of objects read from files. `missing`: the kinds not read (or not everywhere), which the
 * model carries so that answers say so.
 */
export function buildModel(
  objects: readonly Located<ParsedObject>[],
  missing: readonly MissingKind[] = [],
): { model: ClusterModel; issues: SourceIssue[] } {
  const stream = new ModelStream();
  for (const o of objects) stream.add(o.value, o.where);
  return stream.finish(missing);
}

type Where = Located<unknown>['where'];

/** One kind's objects in the order the model lists them; a duplicate's earlier slot is emptied. */
interface KindSlots {
  values: (ParsedObject['value'] | undefined)[];
  wheres: (Where | undefined)[];
  /** By namespace ('' for cluster-scoped kinds), then name: the slot. No key strings are made. */
  slots: Map<string, Map<string, number>>;
}

/**
 * The model of objects read from files, built as they arrive (a snapshot streams in): nothing of an
 * object is kept but its model value and where it was read. One object per kind and name; a
 * duplicate is reported and the later one kept, in the later one's place (as a Map re-set would).
 */
export class ModelStream {
  private readonly kinds = new Map<KnownKind, KindSlots>();
  private readonly issues: SourceIssue[] = [];

  add(o: ParsedObject, where: Where): void {
    let k = this.kinds.get(o.kind);
    if (!k) this.kinds.set(o.kind, (k = { values: [], wheres: [], slots: new Map() }));
    const namespace = NAMESPACED.has(o.kind) ? (o.value as { namespace: string }).namespace : '';
    let names = k.slots.get(namespace);
    if (!names) k.slots.set(namespace, (names = new Map()));
    const previous = names.get(o.value.name);
    if (previous !== undefined) {
      const before = k.wheres[previous]!;
      this.issues.push({
        ...where,
        object: describeObject(parsedRef(o)),
        severity: 'warning',
        message: `duplicate of ${before.file}${before.document ? `, document ${before.document}` : ''}; this later one is used`,
      });
      k.values[previous] = undefined;
      k.wheres[previous] = undefined;
    }
    names.set(o.value.name, k.values.length);
    k.values.push(o.value);
    k.wheres.push(where);
  }

  /** One at a time, so that no second list of every object is made. */
  private *objects(): Generator<ParsedObject> {
    for (const [kind, k] of this.kinds)
      for (const value of k.values) if (value !== undefined) yield { kind, value } as ParsedObject;
  }

  /** The model, and the problems met assembling it (duplicates, aggregation), after those of reading. */
  finish(missing: readonly MissingKind[] = []): { model: ClusterModel; issues: SourceIssue[] } {
    const clusterRoles = this.kinds.get('ClusterRole');
    const model = assembleModel(this.objects());
    this.kinds.clear();
    if (missing.length > 0) model.missing = [...missing];
    const where = (name: string) => {
      const slot = clusterRoles?.slots.get('')?.get(name);
      return (slot !== undefined && clusterRoles?.wheres[slot]) || { file: '' };
    };
    return { model, issues: [...this.issues, ...aggregateFileRoles(model, where)] };
  }
}

/**
 * Files hold ClusterRoles as written (a chart's aggregating role has `rules: []`), not as the
 * aggregation controller leaves them once applied; and an export may hold an aggregated role
 * without the roles it gathers (`kubectl get clusterrole admin -o yaml`). RBAC only grants, so the
 * model takes both: the stored rules and what the selectors gather (lib/rbac/authorizer/aggregation.ts), never
 * taking away what may be granted. Each role whose stored rules differ is said, and which way.
 */
function aggregateFileRoles(model: ClusterModel, where: (name: string) => Located<unknown>['where']): SourceIssue[] {
  const result = aggregateClusterRoles(model.clusterRoles, { keepStored: true });
  model.clusterRoles = result.clusterRoles;
  return [
    ...result.differences.map((d): SourceIssue => ({
      ...where(d.name),
      object: `ClusterRole ${d.name}`,
      severity: 'warning',
      message: aggregationMessage(d),
    })),
    ...result.errors.map((e): SourceIssue => ({
      ...where(e.name),
      object: `ClusterRole ${e.name}`,
      severity: 'warning',
      message: `its aggregationRule cannot be evaluated (${e.reason}): the API server would reject it, and answers use its stored rules`,
    })),
  ];
}

/** Which way a file's aggregated ClusterRole differs from what its selectors gather, and what answers use. */
export function aggregationMessage(d: AggregationDifference): string {
  const ways = [
    d.added > 0 && `${d.added} selected but not stored (not yet reconciled by the aggregation controller)`,
    d.extra > 0 && `${d.extra} stored but not selected (the roles it gathers not read, or a hand-edited role)`,
  ].filter(Boolean);
  const how = ways.length > 0 ? ways.join(', ') : 'the same rules in another order';
  return `its stored rules (${d.stored}) differ from what its aggregationRule selects (${d.gathered}): ${how}; answers use both, ${d.aggregated} rule(s) (RBAC only grants: nothing that may be granted is taken away)`;
}

/** The model of a set of objects (one per kind and name), pods with their effective token automount. */
export function assembleModel(objects: Iterable<ParsedObject>): ClusterModel {
  const draft: ModelDraft = { model: emptyModel(), pods: [] };
  for (const o of objects) kindOf(o.kind).addTo(draft, o.value);
  const { model, pods } = draft;
  model.pods = resolvePodTokens(pods, automountByNamespace(model.serviceAccounts));
  return model;
}

/** The automount default each service account gives its pods, by serviceAccountKey (of a duplicate, the later). */
export function serviceAccountAutomount(serviceAccounts: Iterable<ServiceAccount>): Map<string, boolean | undefined> {
  const out = new Map<string, boolean | undefined>();
  for (const sa of serviceAccounts) out.set(serviceAccountKey(sa.namespace, sa.name), sa.automountServiceAccountToken);
  return out;
}
