// The engine's front door: index a cluster model once, then answer can-i, who-can and rules-for,
// every answer from the same walk over resolved bindings.
import {
  bindingsReaching,
  indexBindings,
  type BindingIndex,
  type DanglingBinding,
  type ResolvedBinding,
} from './bindings';
import { canI, type CanIAnswer } from './can-i';
import { selectorMatches } from './labels';
import { rulesFor, type RulesForAnswer } from './rules-for';
import { subjectKey, subjectRefOf, type SubjectRef } from './subjects';
import type { AccessRequest, ClusterModel, ClusterRole, Identity } from './types';
import { whoCan, type KnownIdentities, type WhoCanSubject } from './who-can';

export interface Engine {
  model: ClusterModel;
  canI(identity: Identity, request: AccessRequest): CanIAnswer;
  whoCan(request: AccessRequest): WhoCanSubject[];
  rulesFor(identity: Identity, namespace: string): RulesForAnswer;
  /** Every ClusterRoleBinding and the namespace's RoleBindings, resolved to their rules. */
  bindingsReaching(namespace: string): readonly ResolvedBinding[];
  /** Bindings whose role is missing: they grant nothing. */
  dangling: readonly DanglingBinding[];
  /** Every subject the model names: service accounts (existing, running pods, bound), users, groups. */
  known: KnownIdentities;
  /** The ClusterRoles whose labels an aggregating ClusterRole selects (a relation, never a grant). */
  aggregatedInto(clusterRole: ClusterRole): ClusterRole[];
}

function knownIdentities(model: ClusterModel, index: BindingIndex): KnownIdentities {
  const refs = new Map<string, SubjectRef>();
  const add = (ref: SubjectRef | undefined) => {
    if (ref) refs.set(subjectKey(ref), ref);
  };
  for (const sa of model.serviceAccounts) add({ kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name });
  for (const pod of model.pods) add({ kind: 'ServiceAccount', namespace: pod.namespace, name: pod.serviceAccountName });
  const bindings = [...index.clusterBindings, ...[...index.roleBindingsByNamespace.values()].flat()];
  for (const b of bindings) for (const s of b.subjects) add(subjectRefOf(s, b.namespace));
  const all = [...refs.values()];
  return {
    serviceAccounts: all.filter((r): r is KnownIdentities['serviceAccounts'][number] => r.kind === 'ServiceAccount'),
    users: all.filter((r): r is KnownIdentities['users'][number] => r.kind === 'User'),
    groups: all.filter((r): r is KnownIdentities['groups'][number] => r.kind === 'Group'),
  };
}

export function createEngine(model: ClusterModel): Engine {
  const index = indexBindings(model);
  const known = knownIdentities(model, index);
  return {
    model,
    canI: (identity, request) => canI(index, identity, request),
    whoCan: (request) => whoCan(index, known, request),
    rulesFor: (identity, namespace) => rulesFor(index, identity, namespace),
    bindingsReaching: (namespace) => bindingsReaching(index, namespace),
    dangling: index.dangling,
    known,
    aggregatedInto: (cr) =>
      model.clusterRoles.filter(
        (other) =>
          other.name !== cr.name &&
          (cr.aggregationRule?.clusterRoleSelectors ?? []).some((sel) => selectorMatches(sel, other.labels)),
      ),
  };
}
