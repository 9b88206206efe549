import type { BindingIndex } from '../authorizer/bindings';
import type { Grant } from '../authorizer/grants';
import {
  ALL_SERVICE_ACCOUNTS_GROUP,
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  PRIVILEGED_GROUP,
  UNAUTHENTICATED_GROUP,
} from '../model/identity';
import type { ServiceAccountRef, SubjectIndex, UserRef } from './subject-index';
import { byText, subjectRefOf } from '../authorizer/subjects';
import type { AccessRequest } from '../model/types';
import { subjectKey, subjectLabel, type SubjectRef } from '../model/refs';
import { bindingsAllowing, grantOf } from '../authorizer/walk';

export type { KnownIdentities } from './subject-index';

export type WhoCanSubject = SubjectRef & {
  /** Shared between the members a group reaches: read, never change. */
  grants: readonly Grant[];
  /** The privileged group: allowed by the API server before RBAC, with or without grants. */
  superuser?: true;
};

/** Which known identities a group certainly covers: service accounts (all, or one namespace's) and users. */
export function groupReach(group: string): {
  serviceAccounts: 'all' | string | undefined;
  users: 'all' | 'anonymous' | undefined;
} {
  if (group === ALL_SERVICE_ACCOUNTS_GROUP) return { serviceAccounts: 'all', users: undefined };
  if (group.startsWith(`${ALL_SERVICE_ACCOUNTS_GROUP}:`))
    return { serviceAccounts: group.slice(ALL_SERVICE_ACCOUNTS_GROUP.length + 1), users: undefined };
  if (group === AUTHENTICATED_GROUP) return { serviceAccounts: 'all', users: 'all' };
  if (group === UNAUTHENTICATED_GROUP) return { serviceAccounts: undefined, users: 'anonymous' };
  return { serviceAccounts: undefined, users: undefined };
}

/** Whether a group certainly covers a subject (a service account or user), by how Kubernetes authenticates it. */
export function groupCovers(group: string, ref: SubjectRef): boolean {
  const reach = groupReach(group);
  if (ref.kind === 'ServiceAccount') return reach.serviceAccounts === 'all' || reach.serviceAccounts === ref.namespace;
  if (ref.kind === 'User') return reach.users === (ref.name === ANONYMOUS_USER ? 'anonymous' : 'all');
  return false;
}

/** The known identities a group certainly covers, in subject order (shared lists: read, never change). */
export function groupMembers(group: string, index: SubjectIndex): readonly SubjectRef[] {
  const reach = groupReach(group);
  const sas =
    reach.serviceAccounts === 'all'
      ? index.known.serviceAccounts
      : reach.serviceAccounts !== undefined
        ? (index.serviceAccountsByNamespace.get(reach.serviceAccounts) ?? [])
        : [];
  const users =
    reach.users === 'all'
      ? index.known.users.filter((u) => u.name !== ANONYMOUS_USER)
      : reach.users === 'anonymous'
        ? index.known.users.filter((u) => u.name === ANONYMOUS_USER)
        : [];
  return users.length === 0 ? sas : [...sas, ...users];
}

const concat = (...lists: (readonly Grant[] | undefined)[]): readonly Grant[] => {
  const present = lists.filter((l): l is readonly Grant[] => l !== undefined && l.length > 0);
  return present.length === 1 ? present[0]! : present.flat();
};

type Named = Map<string, { ref: SubjectRef; grants: Grant[] }>;

/** The subjects the allowing bindings name, each with its grants, by subject key (system:masters always). */
function namedSubjects(index: BindingIndex, request: AccessRequest): Named {
  const named: Named = new Map();
  for (const { bound, rules } of bindingsAllowing(index, request)) {
    for (const subject of bound.subjects) {
      const ref = subjectRefOf(subject, bound.namespace);
      if (!ref) continue;
      const grants = rules.map((ruleIndex) => grantOf(bound, subject, ruleIndex));
      const key = subjectKey(ref);
      const entry = named.get(key);
      if (entry) entry.grants.push(...grants);
      else named.set(key, { ref, grants });
    }
  }
  // As subject_locator.go: system:masters can do everything, so it is always in the answer.
  const masters = subjectKey({ kind: 'Group', name: PRIVILEGED_GROUP });
  if (!named.has(masters)) named.set(masters, { ref: { kind: 'Group', name: PRIVILEGED_GROUP }, grants: [] });
  return named;
}

/** What the groups in the answer pass on to their members: every service account, a namespace's, users, anonymous. */
interface Passed {
  allSa?: Grant[];
  saIn: Map<string, Grant[]>;
  allUsers?: Grant[];
  anonymous?: Grant[];
}

function passedOn(named: Named): Passed {
  const p: Passed = { saIn: new Map() };
  for (const { ref, grants } of named.values()) {
    if (ref.kind !== 'Group') continue;
    const reach = groupReach(ref.name);
    if (reach.serviceAccounts === 'all') (p.allSa ??= []).push(...grants);
    else if (reach.serviceAccounts !== undefined)
      p.saIn.set(reach.serviceAccounts, [...(p.saIn.get(reach.serviceAccounts) ?? []), ...grants]);
    if (reach.users === 'all') (p.allUsers ??= []).push(...grants);
    else if (reach.users === 'anonymous') (p.anonymous ??= []).push(...grants);
  }
  return p;
}

const namedOf = <K extends SubjectRef['kind']>(named: Named, kind: K) =>
  [...named.values()].map((e) => e.ref).filter((r): r is Extract<SubjectRef, { kind: K }> => r.kind === kind);

/** The service accounts in the answer, sorted: named, or in a namespace a group reaches, or all. */
function serviceAccountsIn(named: Named, p: Passed, subjects: SubjectIndex): readonly ServiceAccountRef[] {
  if (p.allSa) return subjects.known.serviceAccounts;
  const picked = new Map<string, ServiceAccountRef>();
  for (const r of namedOf(named, 'ServiceAccount')) picked.set(subjectKey(r), r);
  for (const ns of p.saIn.keys())
    for (const r of subjects.serviceAccountsByNamespace.get(ns) ?? []) picked.set(subjectKey(r), r);
  return [...picked.values()].sort((a, b) => byText(subjectLabel(a), subjectLabel(b)));
}

/** The users in the answer, sorted: named, or known and reached through a group. */
function usersIn(named: Named, p: Passed, subjects: SubjectIndex): UserRef[] {
  const users = new Map<string, UserRef>();
  for (const r of namedOf(named, 'User')) users.set(r.name, r);
  for (const u of subjects.known.users) if (u.name === ANONYMOUS_USER ? p.anonymous : p.allUsers) users.set(u.name, u);
  return [...users.values()].sort((a, b) => byText(a.name, b.name));
}

/**
 * Every subject allowed to make the request, each with its grants (subject_locator.go's
 * AllowedSubjects, plus the known service accounts and users reached through the groups they are
 * in), in subject order. Members reached through a group share its grants list, so an answer that
 * reaches every service account costs one small object each.
 */
export function whoCan(index: BindingIndex, subjects: SubjectIndex, request: AccessRequest): WhoCanSubject[] {
  const named = namedSubjects(index, request);
  const p = passedOn(named);
  const direct = (ref: SubjectRef) => named.get(subjectKey(ref))?.grants;
  const out: WhoCanSubject[] = [];
  for (const sa of serviceAccountsIn(named, p, subjects))
    out.push({ ...sa, grants: concat(direct(sa), p.allSa, p.saIn.get(sa.namespace)) });
  for (const u of usersIn(named, p, subjects))
    out.push({ ...u, grants: concat(direct(u), u.name === ANONYMOUS_USER ? p.anonymous : p.allUsers) });
  for (const g of namedOf(named, 'Group').sort((a, b) => byText(a.name, b.name)))
    out.push({ ...g, grants: direct(g) ?? [], ...(g.name === PRIVILEGED_GROUP && { superuser: true as const }) });
  return out;
}

export interface WhoCanSummary {
  total: number;
  byKind: Record<SubjectRef['kind'], number>;
  /** Groups in the answer that reach known members: "40,579 service accounts through system:authenticated". */
  throughGroups: { group: string; serviceAccounts: number; users: number }[];
  /** Namespaces with the most service accounts in the answer, most first. */
  namespaces: { namespace: string; serviceAccounts: number }[];
}

/** Counts for an answer too long to read: per kind, per namespace, and how the groups reach them. */
export function summarizeWhoCan(
  answer: readonly WhoCanSubject[],
  subjects: SubjectIndex,
  topNamespaces = 10,
): WhoCanSummary {
  const byKind = { ServiceAccount: 0, User: 0, Group: 0 };
  const perNamespace = new Map<string, number>();
  const throughGroups: WhoCanSummary['throughGroups'] = [];
  for (const s of answer) {
    byKind[s.kind]++;
    if (s.kind === 'ServiceAccount') perNamespace.set(s.namespace, (perNamespace.get(s.namespace) ?? 0) + 1);
    if (s.kind === 'Group') {
      const members = groupMembers(s.name, subjects);
      if (members.length === 0) continue;
      const sa = members.filter((m) => m.kind === 'ServiceAccount').length;
      throughGroups.push({ group: s.name, serviceAccounts: sa, users: members.length - sa });
    }
  }
  const namespaces = [...perNamespace]
    .map(([namespace, serviceAccounts]) => ({ namespace, serviceAccounts }))
    .sort((a, b) => b.serviceAccounts - a.serviceAccounts || byText(a.namespace, b.namespace))
    .slice(0, topNamespaces);
  return { total: answer.length, byKind, throughGroups, namespaces };
}
