import { bindingsReaching, type BindingIndex } from './bindings';
import { requestNamespace } from './can-i';
import { grantsOf, type Grant } from './grants';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  PRIVILEGED_GROUP,
  UNAUTHENTICATED_GROUP,
} from './identity';
import { ruleAllows } from './match';
import { compareSubjects, subjectKey, subjectRefOf, type SubjectRef } from './subjects';
import type { AccessRequest } from './types';

export type WhoCanSubject = SubjectRef & {
  grants: Grant[];
  /** The privileged group: allowed by the API server before RBAC, with or without grants. */
  superuser?: true;
};

export interface KnownIdentities {
  /** Service accounts that exist, that pods run as, or that bindings name. */
  serviceAccounts: readonly Extract<SubjectRef, { kind: 'ServiceAccount' }>[];
  /** Users that bindings name (other than service accounts). */
  users: readonly Extract<SubjectRef, { kind: 'User' }>[];
  /** Groups that bindings name. */
  groups: readonly Extract<SubjectRef, { kind: 'Group' }>[];
}

/** The known identities a group certainly covers: its service accounts, and users for the all-user groups. */
export function groupMembers(group: string, known: Pick<KnownIdentities, 'serviceAccounts' | 'users'>): SubjectRef[] {
  if (group === ALL_SERVICE_ACCOUNTS_GROUP) return [...known.serviceAccounts];
  if (group.startsWith(`${ALL_SERVICE_ACCOUNTS_GROUP}:`)) {
    const ns = group.slice(ALL_SERVICE_ACCOUNTS_GROUP.length + 1);
    return known.serviceAccounts.filter((sa) => sa.namespace === ns);
  }
  if (group === AUTHENTICATED_GROUP) {
    return [...known.serviceAccounts, ...known.users.filter((u) => u.name !== ANONYMOUS_USER)];
  }
  if (group === UNAUTHENTICATED_GROUP) return known.users.filter((u) => u.name === ANONYMOUS_USER);
  return [];
}

/**
 * Every subject allowed to make the request, each with its grants (subject_locator.go's
 * AllowedSubjects, plus the known service accounts and users reached through the groups they are in).
 */
export function whoCan(index: BindingIndex, known: KnownIdentities, request: AccessRequest): WhoCanSubject[] {
  const bySubject = new Map<string, WhoCanSubject>();
  const add = (ref: SubjectRef, grants: Grant[]) => {
    const key = subjectKey(ref);
    const entry = bySubject.get(key) ?? { ...ref, grants: [] };
    entry.grants.push(...grants);
    bySubject.set(key, entry);
  };
  for (const bound of bindingsReaching(index, requestNamespace(request))) {
    for (const subject of bound.subjects) {
      const ref = subjectRefOf(subject, bound.namespace);
      if (!ref) continue;
      const grants = grantsOf(bound, subject, (rule) => ruleAllows(rule, request));
      if (grants.length > 0) add(ref, grants);
    }
  }
  // As subject_locator.go: system:masters can do everything, so it is always in the answer.
  add({ kind: 'Group', name: PRIVILEGED_GROUP }, []);
  bySubject.get(subjectKey({ kind: 'Group', name: PRIVILEGED_GROUP }))!.superuser = true;
  for (const group of [...bySubject.values()].filter((s) => s.kind === 'Group')) {
    for (const member of groupMembers(group.name, known)) add(member, group.grants);
  }
  return [...bySubject.values()].sort(compareSubjects);
}
