// What every finding is computed from, and the small questions findings of every kind ask of it.
import type { AttackGraph } from '../paths/attack-graph';
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import type { PathGrant } from '../paths/path-types';
import type { SubjectIndex } from '../indexes/subject-index';
import type { ClusterModel } from '../model/types';
import { type BindingRef, type SubjectRef } from '../model/refs';

export interface FindingInputs {
  model: ClusterModel;
  index: BindingIndex;
  subjects: SubjectIndex;
  graph: AttackGraph;
  binding(ref: BindingRef): ResolvedBinding | undefined;
}

/** Whether every grant is Kubernetes' own (through a default binding); false for none. */
export type IsBuiltin = (grants: readonly PathGrant[]) => boolean;

export const nsOf = (ref: SubjectRef | undefined) => (ref?.kind === 'ServiceAccount' ? ref.namespace : undefined);

export function allBindings(index: BindingIndex): ResolvedBinding[] {
  return [...index.clusterBindings, ...[...index.roleBindingsByNamespace.values()].flat()];
}

export function sources(subjects: SubjectIndex): SubjectRef[] {
  return [...subjects.known.serviceAccounts, ...subjects.known.users, ...subjects.known.groups];
}

/** Whether every grant comes through a group: the group's own finding says it. */
export function throughGroupOnly(grants: readonly PathGrant[], ref: SubjectRef): boolean {
  return ref.kind !== 'Group' && grants.every((g) => g.subject?.kind === 'Group');
}

/** "a, b, c and 2 more": at most three of a list. */
export function firstThree(items: readonly string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');
}
