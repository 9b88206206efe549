// What a change to RBAC does to who can do what: two states of a cluster (two engines) compared
// subject by subject. A permission is one verb on one resource (or name, or URL) in one scope, as
// the authorizer reads a rule. A subject gained it when the after state grants it and the before
// state denies that very request (so narrowing `*` to `get` loses `*` and gains nothing: `get` was
// allowed already); it lost it the other way round. Each comes with the grants that give it in the
// state that has it. Paths to cluster-admin that open or close come from the two attack graphs.
import { byText, compareSubjects, subjectRefOf } from '../authorizer/subjects';
import type { ResolvedBinding } from '../authorizer/bindings';
import { describeResource } from '../model/describe';
import { DANGER_RULES, grantDangers } from '../findings/danger';
import type { Engine } from '../engine';
import type { Grant } from '../authorizer/grants';
import { PRIVILEGED_GROUP } from '../model/identity';
import { CLUSTER_ADMIN, grantKey, type AttackPath } from '../paths/path-types';
import { identityOfSubject } from '../indexes/permissions';
import { ruleAllows } from '../authorizer/match';
import type { SubjectPermissions } from '../indexes/subject-permissions';
import type { AccessRequest, PolicyRule, Subject } from '../model/types';
import { isBindingRef, objectKey, subjectKey, type RbacObjectRef, type RoleRef, type SubjectRef } from '../model/refs';

export type ChangeAction = 'created' | 'changed' | 'deleted';

export type ChangedObject = RbacObjectRef & { action: ChangeAction };

/** Some verbs on one target in one scope, gained or lost. */
export interface DiffPermission {
  /** Absent: cluster-wide (through a ClusterRoleBinding). */
  namespace?: string;
  verbs: string[];
  /** kubectl's spelling: "pods", "deployments.apps/scale", "secrets named db, api", or a URL "/metrics". */
  target: string;
  /** A resource permission: its API group and resource ("pods/exec" for a subresource). */
  apiGroup?: string;
  resource?: string;
  resourceNames?: string[];
  /** A non-resource permission. */
  nonResourceURL?: string;
  /** The danger rules (danger.ts) the permission meets, most severe first. */
  dangers: string[];
  /** What grants it in the state that has it: the after state for a gain, the before state for a loss. */
  grants: Grant[];
}

export interface SubjectDiff {
  subject: SubjectRef;
  gained: DiffPermission[];
  lost: DiffPermission[];
}

export interface RbacDiff {
  /** The roles and bindings created, changed or deleted. */
  objects: ChangedObject[];
  /** Subjects whose permissions moved, most dangerous first. */
  subjects: SubjectDiff[];
  /** Paths to cluster-admin (0 steps: the subject holds every permission itself). Absent when not asked for. */
  paths?: { opened: AttackPath[]; closed: AttackPath[] };
}

export interface DiffOptions {
  /** The objects that changed, when the caller knows (a watch batch); otherwise found by comparing the states. */
  changed?: readonly ChangedObject[];
  /** Compare paths to cluster-admin (builds both attack graphs: seconds at 10,000 namespaces). */
  paths?: boolean;
}

/** The roles and bindings that differ between the two states, in key order. */
export function changedObjects(before: Engine, after: Engine): ChangedObject[] {
  const was = before.fingerprints();
  const now = after.fingerprints();
  const out: ChangedObject[] = [];
  for (const [key, { ref, print }] of now) {
    const old = was.get(key);
    if (old?.print !== print) out.push({ ...ref, action: old === undefined ? 'created' : 'changed' });
  }
  for (const [key, { ref }] of was) if (!now.has(key)) out.push({ ...ref, action: 'deleted' });
  return out.sort((a, b) => byText(objectKey(a), objectKey(b)));
}

/** The bindings through which a changed object grants: itself, or those bound to the role or to a ClusterRole aggregating it. */
function bindingsTouching(engine: Engine, ref: RbacObjectRef): ResolvedBinding[] {
  if (isBindingRef(ref)) {
    const bound = engine.binding(ref);
    return bound ? [bound] : [];
  }
  const roles: RoleRef[] = [ref];
  if (ref.kind === 'ClusterRole')
    for (const r of engine.aggregatedBy(ref.name)) roles.push({ kind: 'ClusterRole', name: r.name });
  return roles.flatMap((role) => engine.bindingsOf(role));
}

/**
 * The subjects whose permissions the changed objects can touch, before or after: those a changed
 * binding names, and those bound to a changed role (directly, or through a ClusterRole that aggregates it).
 */
export function affectedSubjects(before: Engine, after: Engine, changed: readonly RbacObjectRef[]): SubjectRef[] {
  const subjects = new Map<string, SubjectRef>();
  for (const ref of changed)
    for (const engine of [before, after])
      for (const bound of bindingsTouching(engine, ref))
        for (const s of bound.subjects) {
          const subject = subjectRefOf(s, bound.namespace);
          if (subject) subjects.set(subjectKey(subject), subject);
        }
  return [...subjects.values()].sort(compareSubjects);
}

/** One verb on one target in one scope: `url` for a non-resource URL, else group, resource and name. */
interface Atom {
  namespace: string;
  verb: string;
  group: string;
  resource: string;
  name: string;
  url: string;
}

const atomKey = (a: Atom) => `${a.namespace}\0${a.verb}\0${a.group}\0${a.resource}\0${a.name}\0${a.url}`;

/**
 * Every atom a subject's grants give, with the grants. A namespace's non-resource URLs are left out:
 * the authorizer reads only ClusterRoleBindings for them (a RoleBinding to such a ClusterRole grants none).
 */
function atomsOf(perms: SubjectPermissions): Map<string, { atom: Atom; grants: Grant[] }> {
  const out = new Map<string, { atom: Atom; grants: Grant[] }>();
  const add = (atom: Atom, grant: Grant) => {
    const key = atomKey(atom);
    const entry = out.get(key);
    if (entry) entry.grants.push(grant);
    else out.set(key, { atom, grants: [grant] });
  };
  const scope = (namespace: string, grants: readonly Grant[]) => {
    for (const grant of grants) {
      const { rule } = grant;
      for (const verb of rule.verbs) {
        if (namespace === '')
          for (const url of rule.nonResourceURLs)
            add({ namespace, verb, group: '', resource: '', name: '', url }, grant);
        for (const group of rule.apiGroups)
          for (const resource of rule.resources)
            for (const name of rule.resourceNames.length > 0 ? rule.resourceNames : [''])
              add({ namespace, verb, group, resource, name, url: '' }, grant);
      }
    }
  };
  scope('', perms.clusterWide);
  for (const { namespace, grants } of perms.namespaces) scope(namespace, grants);
  return out;
}

/** The request an atom stands for: what SubjectAccessReview would be asked. */
function atomRequest(a: Atom): AccessRequest {
  if (a.url !== '') return { kind: 'nonResource', verb: a.verb, path: a.url };
  const slash = a.resource.indexOf('/');
  return {
    kind: 'resource',
    verb: a.verb,
    group: a.group,
    resource: slash < 0 ? a.resource : a.resource.slice(0, slash),
    subresource: slash < 0 ? '' : a.resource.slice(slash + 1),
    name: a.name,
    namespace: a.namespace,
  };
}

/**
 * Whether the other state allows an atom's request for the subject: what canI answers, asked of
 * the grants that name the subject there (its ClusterRoleBindings, and its RoleBindings in the
 * atom's namespace), so that tens of thousands of atoms cost their own rules, not every binding.
 */
function allows(perms: SubjectPermissions, byNamespace: ReadonlyMap<string, readonly Grant[]>, atom: Atom): boolean {
  const request = atomRequest(atom);
  if (perms.clusterWide.some((g) => ruleAllows(g.rule, request))) return true;
  return atom.namespace !== '' && (byNamespace.get(atom.namespace) ?? []).some((g) => ruleAllows(g.rule, request));
}

/**
 * The atoms one state has and the other does not allow, with the grants of the state that has
 * them. A namespace's atom that the same state also grants cluster-wide is left to the cluster-wide
 * one, which then moved too (whatever allows it would allow the namespace's request).
 */
function onlyIn(
  has: Map<string, { atom: Atom; grants: Grant[] }>,
  hasPerms: SubjectPermissions,
  other: Map<string, { atom: Atom; grants: Grant[] }>,
  otherPerms: SubjectPermissions,
): { atom: Atom; grants: Grant[] }[] {
  const byNamespace = new Map(otherPerms.namespaces.map((n) => [n.namespace, n.grants]));
  const out: { atom: Atom; grants: Grant[] }[] = [];
  for (const [key, entry] of has) {
    if (other.has(key) || allows(otherPerms, byNamespace, entry.atom)) continue;
    const request = atomRequest(entry.atom);
    if (entry.atom.namespace !== '' && hasPerms.clusterWide.some((g) => ruleAllows(g.rule, request))) continue;
    out.push(entry);
  }
  return out;
}

const DANGER_ORDER = ['cluster-admin', ...DANGER_RULES.map((d) => d.id)];
const dangerRank = (ids: readonly string[]) => (ids.length === 0 ? DANGER_ORDER.length : DANGER_ORDER.indexOf(ids[0]!));

type PermissionShape = Pick<DiffPermission, 'verbs' | 'apiGroup' | 'resource' | 'resourceNames' | 'nonResourceURL'>;

/** A listed permission as the rule it amounts to (its scope aside): what matches the requests it covers. */
export function permissionRule(p: PermissionShape): PolicyRule {
  return {
    verbs: p.verbs,
    apiGroups: p.apiGroup !== undefined ? [p.apiGroup] : [],
    resources: p.resource !== undefined ? [p.resource] : [],
    resourceNames: p.resourceNames ?? [],
    nonResourceURLs: p.nonResourceURL !== undefined ? [p.nonResourceURL] : [],
  };
}

function dangersOf(p: PermissionShape, grants: readonly Grant[]) {
  const rule = permissionRule(p);
  const ids = new Set(grants.flatMap((g) => grantDangers({ ...g, rule }).map((d) => d.id)));
  return [...ids].sort((a, b) => DANGER_ORDER.indexOf(a) - DANGER_ORDER.indexOf(b));
}

/** Atoms to permissions: verbs per target and scope, then names with the same verbs on one resource together. */
function permissionsOf(entries: readonly { atom: Atom; grants: Grant[] }[]): DiffPermission[] {
  const byTarget = new Map<string, { atom: Atom; verbs: string[]; grants: Map<string, Grant> }>();
  for (const { atom, grants } of entries) {
    const key = atomKey({ ...atom, verb: '' });
    const entry = byTarget.get(key) ?? { atom, verbs: [] as string[], grants: new Map<string, Grant>() };
    entry.verbs.push(atom.verb);
    for (const g of grants) entry.grants.set(grantKey(g), g);
    byTarget.set(key, entry);
  }
  const byVerbs = new Map<string, { atom: Atom; verbs: string[]; names: string[]; grants: Map<string, Grant> }>();
  for (const { atom, verbs, grants } of byTarget.values()) {
    verbs.sort(byText);
    const key = atomKey({ ...atom, verb: verbs.join(','), name: atom.name === '' ? '' : '\u0001' });
    const entry = byVerbs.get(key) ?? { atom, verbs, names: [] as string[], grants: new Map<string, Grant>() };
    if (atom.name !== '') entry.names.push(atom.name);
    for (const [k, g] of grants) entry.grants.set(k, g);
    byVerbs.set(key, entry);
  }
  const out = [...byVerbs.values()].map(({ atom, verbs, names, grants }): DiffPermission => {
    names.sort(byText);
    const where = atom.namespace === '' ? {} : { namespace: atom.namespace };
    const what =
      atom.url !== ''
        ? { target: atom.url, nonResourceURL: atom.url }
        : {
            target: `${describeResource(atom.group, atom.resource)}${names.length > 0 ? ` named ${names.join(', ')}` : ''}`,
            apiGroup: atom.group,
            resource: atom.resource,
            ...(names.length > 0 && { resourceNames: names }),
          };
    const list = [...grants.values()];
    return { ...where, verbs, ...what, dangers: dangersOf({ verbs, ...what }, list), grants: list };
  });
  return out.sort(
    (a, b) =>
      dangerRank(a.dangers) - dangerRank(b.dangers) ||
      Number(a.namespace !== undefined) - Number(b.namespace !== undefined) ||
      byText(a.namespace ?? '', b.namespace ?? '') ||
      byText(a.target, b.target) ||
      byText(a.verbs.join(), b.verbs.join()),
  );
}

type Moves = Pick<SubjectDiff, 'gained' | 'lost'>;

/** What the subject's grants give in one state and not in the other; undefined when nothing moved. */
function moves(before: Engine, after: Engine, subject: SubjectRef): Moves | undefined {
  const permsBefore = before.subjectPermissions(subject);
  const permsAfter = after.subjectPermissions(subject);
  const was = atomsOf(permsBefore);
  const now = atomsOf(permsAfter);
  const gained = onlyIn(now, permsAfter, was, permsBefore);
  const lost = onlyIn(was, permsBefore, now, permsAfter);
  if (gained.length === 0 && lost.length === 0) return undefined;
  return { gained: permissionsOf(gained), lost: permissionsOf(lost) };
}

// system:masters is allowed everything by the API server, whatever RBAC says: nothing can move.
const privileged = (subject: SubjectRef) => identityOfSubject(subject).groups.includes(PRIVILEGED_GROUP);

/** What one subject gained and lost; undefined when nothing moved. */
export function subjectDiff(before: Engine, after: Engine, subject: SubjectRef): SubjectDiff | undefined {
  if (privileged(subject)) return undefined;
  const moved = moves(before, after, subject);
  return moved && { subject, ...moved };
}

/** A subject's grants in one state: what they come through, and the binding subjects that are the subject itself. */
interface Signature {
  key: string;
  /** By binding key: the binding's subject that names the subject itself (not one of its groups). */
  self: Map<string, Subject>;
}

/**
 * Two subjects whose bindings are the same, each applying through the subject itself or through
 * the same group, are granted the same rules in the same scopes: the same atoms, so the same moves;
 * their grants differ only in the binding subject that names each one.
 */
function signature(engine: Engine, subject: SubjectRef): Signature {
  const self = new Map<string, Subject>();
  const parts: string[] = [];
  for (const { bound, via } of engine.subjectBindings(subject)) {
    const key = objectKey(bound.binding);
    if (via.kind === 'Group') parts.push(`${key}\0g:${via.name}`);
    else {
      self.set(key, via);
      parts.push(`${key}\0self`);
    }
  }
  return { key: parts.join('\n'), self };
}

interface Member {
  subject: SubjectRef;
  self: [before: Map<string, Subject>, after: Map<string, Subject>];
}

/** The affected subjects by signature in both states, each group in subject order. */
function membersBySignature(before: Engine, after: Engine, subjects: readonly SubjectRef[]): Member[][] {
  const groups = new Map<string, Member[]>();
  for (const subject of subjects) {
    if (privileged(subject)) continue;
    const was = signature(before, subject);
    const now = signature(after, subject);
    const key = `${was.key}\n\n${now.key}`;
    const member: Member = { subject, self: [was.self, now.self] };
    const group = groups.get(key);
    if (group) group.push(member);
    else groups.set(key, [member]);
  }
  return [...groups.values()];
}

/** A grant in a group's diff: no `subject` when the binding names each member itself. */
export type GroupGrant = Omit<Grant, 'subject'> & { subject?: Subject };

export type GroupPermission = Omit<DiffPermission, 'grants'> & { grants: GroupGrant[] };

/** Subjects that gained and lost the very same permissions through the same grants. */
export interface DiffGroup {
  /** In subject order. */
  subjects: SubjectRef[];
  gained: GroupPermission[];
  lost: GroupPermission[];
}

export interface GroupedDiff {
  objects: ChangedObject[];
  /** Most dangerous first, as `diff` orders its subjects. */
  groups: DiffGroup[];
}

interface MovedGroup {
  members: Member[];
  moved: Moves;
}

/** Each signature's moves, computed once for its first member: the cost of a change, not of how many it names. */
function movedGroups(before: Engine, after: Engine, objects: readonly ChangedObject[]): MovedGroup[] {
  const out: MovedGroup[] = [];
  for (const members of membersBySignature(before, after, affectedSubjects(before, after, objects))) {
    const moved = moves(before, after, members[0]!.subject);
    if (moved) out.push({ members, moved });
  }
  return out;
}

/** Each grant through the first member itself made the member's own (the same object when none is). */
function asMember(perms: DiffPermission[], first: Map<string, Subject>, own: Map<string, Subject>): DiffPermission[] {
  if (first.size === 0) return perms;
  return perms.map((p) => {
    if (!p.grants.some((g) => first.has(objectKey(g.binding)))) return p;
    const grants = p.grants.map((g) => {
      const subject = own.get(objectKey(g.binding));
      return subject && first.has(objectKey(g.binding)) ? { ...g, subject } : g;
    });
    return { ...p, grants };
  });
}

function memberDiffs({ members, moved }: MovedGroup): SubjectDiff[] {
  const [first] = members;
  return members.map((m) =>
    m === first
      ? { subject: m.subject, ...moved }
      : {
          subject: m.subject,
          gained: asMember(moved.gained, first!.self[1], m.self[1]),
          lost: asMember(moved.lost, first!.self[0], m.self[0]),
        },
  );
}

/** A grant without its subject, for one that names each member itself. */
function withoutSubject(g: Grant): GroupGrant {
  return { binding: g.binding, role: g.role, ruleIndex: g.ruleIndex, rule: g.rule };
}

/** The grants of a group's permissions with the members' own binding subjects left out. */
function asGroup(perms: DiffPermission[], self: Map<string, Subject>): GroupPermission[] {
  if (self.size === 0) return perms;
  return perms.map((p) => ({
    ...p,
    grants: p.grants.map((g) => (self.has(objectKey(g.binding)) ? withoutSubject(g) : g)),
  }));
}

/** The diff with subjects that moved alike together: its size is the change's, whatever the number of subjects. */
export function groupedDiff(before: Engine, after: Engine, options: Omit<DiffOptions, 'paths'> = {}): GroupedDiff {
  const objects = options.changed ? [...options.changed] : changedObjects(before, after);
  const groups = movedGroups(before, after, objects).map(({ members, moved }) => ({
    subjects: members.map((m) => m.subject),
    gained: asGroup(moved.gained, members[0]!.self[1]),
    lost: asGroup(moved.lost, members[0]!.self[0]),
  }));
  return { objects, groups: groups.sort(groupOrder) };
}

/** Every subject with a path to cluster-admin, 0 steps for those that hold every permission. */
function adminPaths(engine: Engine): Map<string, AttackPath> {
  const out = new Map(engine.pathsTo(CLUSTER_ADMIN).map((p) => [subjectKey(p.from), p]));
  const { serviceAccounts, users, groups } = engine.known;
  for (const ref of [...serviceAccounts, ...users, ...groups]) {
    if (ref.kind === 'Group' && ref.name === PRIVILEGED_GROUP) continue;
    if (engine.distanceToAdmin(ref) === 0) out.set(subjectKey(ref), engine.pathFrom(ref, CLUSTER_ADMIN)!);
  }
  return out;
}

function pathChanges(before: Engine, after: Engine): NonNullable<RbacDiff['paths']> {
  const was = adminPaths(before);
  const now = adminPaths(after);
  const order = (a: AttackPath, b: AttackPath) => a.steps.length - b.steps.length || compareSubjects(a.from, b.from);
  return {
    opened: [...now]
      .filter(([k]) => !was.has(k))
      .map(([, p]) => p)
      .sort(order),
    closed: [...was]
      .filter(([k]) => !now.has(k))
      .map(([, p]) => p)
      .sort(order),
  };
}

type Moved = { gained: readonly Pick<DiffPermission, 'dangers'>[]; lost: readonly unknown[] };

const worst = (s: Moved) => s.gained.reduce((w, p) => Math.min(w, dangerRank(p.dangers)), DANGER_ORDER.length);

/** Dangerous gains first, then the most gains, then the most losses. */
const byMoves = (a: Moved, b: Moved) =>
  worst(a) - worst(b) || b.gained.length - a.gained.length || b.lost.length - a.lost.length;

/** Most dangerous first: a new path to cluster-admin, then dangerous gains, then the most gains. */
function bySeverity(opened: ReadonlySet<string>) {
  return (a: SubjectDiff, b: SubjectDiff) =>
    Number(!opened.has(subjectKey(a.subject))) - Number(!opened.has(subjectKey(b.subject))) ||
    byMoves(a, b) ||
    compareSubjects(a.subject, b.subject);
}

const groupOrder = (a: DiffGroup, b: DiffGroup) => byMoves(a, b) || compareSubjects(a.subjects[0]!, b.subjects[0]!);

export function diff(before: Engine, after: Engine, options: DiffOptions = {}): RbacDiff {
  const objects = options.changed ? [...options.changed] : changedObjects(before, after);
  const subjects = movedGroups(before, after, objects).flatMap(memberDiffs);
  const paths = options.paths ? pathChanges(before, after) : undefined;
  subjects.sort(bySeverity(new Set(paths?.opened.map((p) => subjectKey(p.from)))));
  return { objects, subjects, ...(paths && { paths }) };
}
