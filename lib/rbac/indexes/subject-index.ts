// Bindings indexed by the names the authorizer compares (rule.go's appliesToUser: a User by user
// name, a ServiceAccount by the user name its token carries, a Group by group name), and every
// subject the model knows, sorted once. Built once per model, so a subject's whole answer costs
// about the number of bindings that name it.
import { walkOrder, type BindingIndex, type ResolvedBinding } from '../authorizer/bindings';
import { ChunkedMap } from '../update/copy-on-write';
import { serviceAccountUsername } from '../model/identity';
import { byText, subjectRefOf } from '../authorizer/subjects';
import type { ClusterModel, Identity, Subject } from '../model/types';
import { subjectKey, subjectLabel, type SubjectRef } from '../model/refs';

export type ServiceAccountRef = Extract<SubjectRef, { kind: 'ServiceAccount' }>;
export type UserRef = Extract<SubjectRef, { kind: 'User' }>;
export type GroupRef = Extract<SubjectRef, { kind: 'Group' }>;

export interface KnownIdentities {
  /** Service accounts that exist, that pods run as, or that bindings name; sorted by namespace/name. */
  serviceAccounts: readonly ServiceAccountRef[];
  /** Users that bindings name (other than service accounts), sorted. */
  users: readonly UserRef[];
  /** Groups that bindings name, sorted. */
  groups: readonly GroupRef[];
}

export interface SubjectIndex {
  known: KnownIdentities;
  serviceAccountsByNamespace: ReadonlyMap<string, readonly ServiceAccountRef[]>;
  keys: ReadonlySet<string>;
  byUser: ReadonlyMap<string, readonly ResolvedBinding[]>;
  byGroup: ReadonlyMap<string, readonly ResolvedBinding[]>;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `u:` and the user name a User or ServiceAccount subject matches, or `g:` and its group (rule.go's appliesToUser). */
function comparedName(s: Subject, ref: SubjectRef): string {
  if (s.kind === 'Group') return `g:${s.name}`;
  return `u:${s.kind === 'ServiceAccount' && ref.kind === 'ServiceAccount' ? serviceAccountUsername(ref.namespace, s.name) : s.name}`;
}

/** The names (`u:` user, `g:` group) a binding's subjects are compared by, each once however many subjects spell it. */
export function comparedNames(b: ResolvedBinding): Set<string> {
  const names = new Set<string>();
  for (const s of b.subjects) {
    const ref = subjectRefOf(s, b.namespace);
    if (ref) names.add(comparedName(s, ref));
  }
  return names;
}

export function indexSubjects(model: ClusterModel, index: BindingIndex): SubjectIndex {
  const refs = new Map<string, SubjectRef>();
  const add = (ref: SubjectRef) => {
    const key = subjectKey(ref);
    if (!refs.has(key)) refs.set(key, ref);
  };
  for (const sa of model.serviceAccounts) add({ kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name });
  for (const pod of model.pods) add({ kind: 'ServiceAccount', namespace: pod.namespace, name: pod.serviceAccountName });

  const byUser = new Map<string, ResolvedBinding[]>();
  const byGroup = new Map<string, ResolvedBinding[]>();
  for (const b of walkOrder(index)) {
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, b.namespace);
      if (ref) add(ref);
    }
    for (const name of comparedNames(b)) push(name.startsWith('g:') ? byGroup : byUser, name.slice(2), b);
  }

  const serviceAccounts: ServiceAccountRef[] = [];
  const users: UserRef[] = [];
  const groups: GroupRef[] = [];
  for (const ref of refs.values()) {
    if (ref.kind === 'ServiceAccount') serviceAccounts.push(ref);
    else if (ref.kind === 'User') users.push(ref);
    else groups.push(ref);
  }
  serviceAccounts.sort((a, b) => byText(subjectLabel(a), subjectLabel(b)));
  users.sort((a, b) => byText(a.name, b.name));
  groups.sort((a, b) => byText(a.name, b.name));
  const serviceAccountsByNamespace = new Map<string, ServiceAccountRef[]>();
  for (const sa of serviceAccounts) push(serviceAccountsByNamespace, sa.namespace, sa);
  return {
    known: { serviceAccounts, users, groups },
    serviceAccountsByNamespace: ChunkedMap.of(serviceAccountsByNamespace),
    keys: new Set(refs.keys()),
    // Chunked: a binding change copies the chunks of the names it touches (copy-on-write.ts).
    byUser: ChunkedMap.of(byUser),
    byGroup: ChunkedMap.of(byGroup),
  };
}

/** Every binding with a subject that applies to the identity, in the authorizer's walk order. */
export function bindingsNaming(index: SubjectIndex, identity: Identity): ResolvedBinding[] {
  const found = new Map<number, ResolvedBinding>();
  for (const b of index.byUser.get(identity.user) ?? []) found.set(b.seq, b);
  for (const g of identity.groups) for (const b of index.byGroup.get(g) ?? []) found.set(b.seq, b);
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}
