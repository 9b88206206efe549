// Right-sizing: for a subject, the smallest Roles and ClusterRoles, with bindings, that allow every
// request the audit log saw it allowed in the window, to replace the bindings that name it. What it
// was denied is listed apart and never granted; what only system:masters (or another authorizer)
// allowed is listed apart too; what its groups' bindings allow (which this change does not touch)
// is not granted again. The engine then checks, on the after state, that every allowed request it
// made is still allowed by RBAC alone: the failures must be 0.
import { canI, type CanIAnswer } from '../authorizer/can-i';
import { ruleAllows } from '../authorizer/match';
import { requestNamespace, visitRulesFor } from '../authorizer/walk';
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import type { Engine } from '../engine';
import { subjectAppliesTo } from '../authorizer/subjects';
import { identityOfSubject } from '../indexes/permissions';
import { serviceAccountUsername, splitServiceAccountUsername } from '../model/identity';
import type { BindingRef, SubjectRef } from '../model/refs';
import type { AccessRequest, Identity, PolicyRule, Subject } from '../model/types';
import { byScope, rulesFor } from './rightsize-rules';
import {
  bindingsAround,
  editedBindings,
  resolveProposal,
  seqAfter,
  smallIndex,
  type BindingEdit,
  type ProposedObjects,
} from './rightsize-model';
import { impersonationChecks } from './impersonation';
import type { IdentityUsage, ImpersonationUsage, ShapeUsage, UsageIndex } from './usage-index';
import type { UsageWindow } from './types';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A request the log saw allowed, and why it is (or is not) in the proposal. */
export interface ObservedUse {
  shape: ShapeUsage;
  /** The engine's answer before the change. */
  before: CanIAnswer;
}

/** A failure of the after check: an allowed request the after state does not allow. */
export interface CheckFailure {
  identity: Identity;
  request: AccessRequest;
  events: number;
  where: ShapeUsage['where'];
}

export interface RightsizeCheck {
  /** Distinct allowed requests (and impersonations) re-checked on the after state, and their events. */
  requests: number;
  events: number;
  failures: CheckFailure[];
}

export interface Rightsizing {
  subject: SubjectRef;
  window: UsageWindow;
  /** The new objects (names start with `rightsized:`). */
  proposed: ProposedObjects;
  /** The bindings that name the subject itself: deleted, or edited to drop it. */
  replaced: BindingEdit[];
  /** Bindings it holds through a group, which this change leaves alone (it cannot lose them). */
  throughGroups: { binding: BindingRef; group: string }[];
  /** Allowed requests the proposal grants. */
  granted: ObservedUse[];
  /** Allowed requests its groups' bindings still allow: not granted again. */
  stillAllowed: ObservedUse[];
  /**
   * Impersonations it performed: the proposal grants the checks they needed (legacy `impersonate`,
   * or a constraint's `impersonate:<mode>` and `impersonate-on:<mode>:<verb>`) on exactly whom it
   * acted as and what it did so, where RBAC allowed them before.
   */
  impersonations: ImpersonationUsage[];
  /** Checks its impersonations needed that RBAC did not allow before (e.g. system:masters): not granted. */
  impersonationNotGranted: CheckFailure[];
  /** Shapes with a denied event: never granted. */
  denied: ShapeUsage[];
  /** Allowed only as a member of system:masters (RBAC grants none): not granted. */
  mastersOnly: ObservedUse[];
  /** Allowed by the server, but RBAC in the model read grants nothing (another authorizer, or gone): not granted. */
  notGranted: ObservedUse[];
  check: RightsizeCheck;
}

/**
 * Whether some RBAC rule allows the request (system:masters aside): canI's decision without its
 * list of reasons, the walk stopped at the first allowing rule as rbac.go's own visitor stops.
 */
function rbacAllows(index: BindingIndex, identity: Identity, request: AccessRequest): boolean {
  return !visitRulesFor(index, identity, requestNamespace(request), (_b, _s, rule) => !ruleAllows(rule, request));
}

/** A name the API server accepts for an RBAC object (ValidatePathSegmentName: no `/` or `%`). */
const pathSegment = (s: string) => s.replace(/[/%]/g, '-');

/** The deterministic name of a subject's new objects. */
export function rightsizedName(subject: SubjectRef): string {
  if (subject.kind === 'ServiceAccount') return `rightsized:${subject.namespace}:${subject.name}`;
  return pathSegment(`rightsized:${subject.kind.toLowerCase()}:${subject.name}`);
}

/** The binding subject that names the subject. */
export function bindingSubject(subject: SubjectRef): Subject {
  if (subject.kind === 'ServiceAccount')
    return { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace };
  return { kind: subject.kind, name: subject.name, apiGroup: RBAC_GROUP };
}

/**
 * Whether a binding subject is the subject itself (its user name, or for a group its name), not one
 * of its groups: the user name built once per subject, not once per binding subject asked.
 */
function namesItselfOf(subject: SubjectRef): (s: Subject, bindingNamespace: string) => boolean {
  if (subject.kind === 'Group') return (s) => s.kind === 'Group' && s.name === subject.name;
  const user =
    subject.kind === 'ServiceAccount' ? serviceAccountUsername(subject.namespace, subject.name) : subject.name;
  const identity: Identity = { user, groups: [] };
  return (s, bindingNamespace) => s.kind !== 'Group' && subjectAppliesTo(identity, s, bindingNamespace);
}

/**
 * The edits to the bindings around the subject, and those it keeps through one of its groups (an
 * edited binding too, when a group of its identities stays among the subjects).
 */
function replacements(subject: SubjectRef, around: readonly ResolvedBinding[], identities: readonly Identity[]) {
  const groups = new Set(identities.flatMap((i) => i.groups));
  if (subject.kind === 'Group') groups.delete(subject.name);
  const namesItself = namesItselfOf(subject);
  const replaced: BindingEdit[] = [];
  const throughGroups: Rightsizing['throughGroups'] = [];
  for (const b of around) {
    const removed: Subject[] = [];
    const kept: Subject[] = [];
    for (const s of b.subjects) (namesItself(s, b.namespace) ? removed : kept).push(s);
    const via = kept.find((s) => s.kind === 'Group' && groups.has(s.name));
    if (via) throughGroups.push({ binding: b.binding, group: via.name });
    if (removed.length === 0) continue;
    const action = kept.length === 0 ? 'deleted' : 'edited';
    const reconciled = b.provenance === 'default' || b.provenance === 'modified';
    replaced.push({ binding: b.binding, action, removed, kept, reconciled });
  }
  return { replaced, throughGroups };
}

/** The identities the subject acted as in the log (each group list), plus how it authenticates by default. */
function identitiesOf(subject: SubjectRef, usage: readonly IdentityUsage[]): Identity[] {
  const out = [identityOfSubject(subject)];
  for (const u of usage) for (const groups of u.groupSets) out.push({ user: u.user, groups });
  return out;
}

/** The usage that is the subject's: its user name's, or for a group every identity seen in it. */
function usageOf(subject: SubjectRef, usage: UsageIndex | undefined): IdentityUsage[] {
  if (!usage) return [];
  if (subject.kind === 'ServiceAccount')
    return [usage.identity(serviceAccountUsername(subject.namespace, subject.name))].filter((u) => u !== undefined);
  if (subject.kind === 'User') return [usage.identity(subject.name)].filter((u) => u !== undefined);
  return usage.identities().filter((u) => u.groupSets.some((g) => g.includes(subject.name)));
}

interface Sorted {
  granted: ObservedUse[];
  stillAllowed: ObservedUse[];
  mastersOnly: ObservedUse[];
  notGranted: ObservedUse[];
  denied: ShapeUsage[];
}

/**
 * Each shape where it belongs. For a group, only what the group's bindings allowed is its to
 * right-size: a member's request its own bindings allow is not the group's.
 */
function sortShapes(
  subject: SubjectRef,
  usage: readonly IdentityUsage[],
  beforeIndex: () => BindingIndex,
  keptIndex: () => BindingIndex,
): Sorted {
  const out: Sorted = { granted: [], stillAllowed: [], mastersOnly: [], notGranted: [], denied: [] };
  for (const u of usage)
    for (const shape of u.shapes) {
      if (shape.denied > 0) out.denied.push(shape);
      if (shape.allowed === 0) continue;
      const before = canI(beforeIndex(), shape.identity, shape.request);
      const use = { shape, before };
      if (before.grants.length === 0) (before.superuser ? out.mastersOnly : out.notGranted).push(use);
      else if (
        subject.kind === 'Group' &&
        !before.grants.some((g) => g.subject.kind === 'Group' && g.subject.name === subject.name)
      )
        continue;
      else if (rbacAllows(keptIndex(), shape.identity, shape.request)) out.stillAllowed.push(use);
      else out.granted.push(use);
    }
  return out;
}

/** The proposal's objects for the requests it must grant. */
function proposalFor(subject: SubjectRef, requests: readonly AccessRequest[]): ProposedObjects {
  const name = rightsizedName(subject);
  const roleRef = (kind: 'Role' | 'ClusterRole') => ({ apiGroup: RBAC_GROUP, kind, name });
  const subjects = [bindingSubject(subject)];
  const out: ProposedObjects = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  for (const [scope, list] of byScope(requests)) {
    const rules: PolicyRule[] = rulesFor(list);
    if (scope === '') {
      out.clusterRoles.push({ name, labels: {}, rules });
      out.clusterRoleBindings.push({ name, labels: {}, roleRef: roleRef('ClusterRole'), subjects });
    } else {
      out.roles.push({ namespace: scope, name, labels: {}, rules });
      out.roleBindings.push({ namespace: scope, name, labels: {}, roleRef: roleRef('Role'), subjects });
    }
  }
  return out;
}

/**
 * Every allowed request RBAC allowed before (and each impersonation) asked of the after state, in
 * that order; a failure is written out only when one is found (117,605 requests at 10k namespaces).
 */
function checkAfter(
  afterIndex: () => BindingIndex,
  sorted: Sorted,
  impersonating: readonly CheckRequest[],
): RightsizeCheck {
  const check: RightsizeCheck = { requests: 0, events: 0, failures: [] };
  // RBAC alone: system:masters would allow anything and prove nothing.
  for (const uses of [sorted.granted, sorted.stillAllowed])
    for (const { shape } of uses) {
      check.requests++;
      check.events += shape.allowed;
      if (!rbacAllows(afterIndex(), shape.identity, shape.request))
        check.failures.push({
          identity: shape.identity,
          request: shape.request,
          events: shape.allowed,
          where: shape.where,
        });
    }
  for (const c of impersonating) {
    check.requests++;
    check.events += c.events;
    if (!rbacAllows(afterIndex(), c.identity, c.request)) check.failures.push(c);
  }
  return check;
}

type CheckRequest = CheckFailure;

/**
 * The checks its impersonations needed (legacy or constrained, impersonation.ts), split by the before
 * state: only what RBAC allowed it before is kept or proposed. One RBAC did not allow (system:masters,
 * another authorizer, or a model that moved) is listed apart, as notGranted is, never granted: a
 * proposal must not widen what it may do.
 */
function impersonationNeeds(impersonations: readonly ImpersonationUsage[], before: () => BindingIndex) {
  const impersonating: CheckRequest[] = [];
  const impersonationNotGranted: CheckRequest[] = [];
  for (const i of impersonations) {
    const beforeIndex = before();
    const allows = (r: AccessRequest) => canI(beforeIndex, i.by, r).allowed;
    for (const { request, events } of impersonationChecks(i, allows)) {
      const c = { identity: i.by, request, events, where: i.where };
      (rbacAllows(beforeIndex, i.by, request) ? impersonating : impersonationNotGranted).push(c);
    }
  }
  return { impersonating, impersonationNotGranted };
}

/** The indexes a right-sizing asks: before, kept, and after the proposal. */
export interface SmallIndexes {
  before: () => BindingIndex;
  kept: () => BindingIndex;
  after: (proposed: ProposedObjects) => () => BindingIndex;
}

/** The value of `make`, made when first asked (an account that used nothing asks for no index). */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * The small indexes a right-sizing asks, each built when first asked: before (the bindings around
 * its identities), kept (with the edits) and after (kept, then the proposal). The same bindings in
 * the same order make the same index, so one is shared when nothing changes between them.
 */
function smallIndexes(
  engine: Engine,
  around: readonly ResolvedBinding[],
  kept: readonly ResolvedBinding[],
): SmallIndexes {
  const before = once(() => smallIndex(engine, around));
  const keptIndex = kept === around ? before : once(() => smallIndex(engine, kept));
  return {
    before,
    kept: keptIndex,
    after(proposed: ProposedObjects) {
      const added = resolveProposal(proposed, seqAfter(engine));
      return added.length === 0 ? keptIndex : once(() => smallIndex(engine, [...kept, ...added]));
    },
  };
}

/** The right-sizing of one subject from the usage read (none read: it used nothing, and keeps nothing it holds itself). */
export function rightsize(engine: Engine, usage: UsageIndex | undefined, subject: SubjectRef): Rightsizing {
  return rightsizeWith(engine, usage, subject, smallIndexes);
}

/** rightsize with the small indexes made by `indexesOf` (rightsize-fast.test.ts: every one built, none shared, answers the same). */
export function rightsizeWith(
  engine: Engine,
  usage: UsageIndex | undefined,
  subject: SubjectRef,
  indexesOf: typeof smallIndexes,
): Rightsizing {
  const own = usageOf(subject, usage);
  const identities = identitiesOf(subject, own);
  const around = bindingsAround(engine, identities);
  const { replaced, throughGroups } = replacements(subject, around, identities);
  const kept = replaced.length === 0 ? around : editedBindings(around, replaced);
  const indexes = indexesOf(engine, around, kept);
  // The bindings around its identities answer canI for them as the whole index does (rightsize-model.test.ts).
  const sorted = sortShapes(subject, own, indexes.before, indexes.kept);
  // Impersonation is the subject's own act (a group does not impersonate), asked as it authenticated.
  const impersonations = subject.kind === 'Group' ? [] : own.flatMap((u) => u.impersonated);
  const { impersonating, impersonationNotGranted } = impersonationNeeds(impersonations, indexes.before);
  const needed = impersonating.filter((c) => !rbacAllows(indexes.kept(), c.identity, c.request));
  const proposed = proposalFor(subject, [
    ...sorted.granted.map((g) => g.shape.request),
    ...needed.map((c) => c.request),
  ]);
  const window = usage?.window ?? { events: 0, lines: 0, problems: 0, files: [] };
  const check = checkAfter(indexes.after(proposed), sorted, impersonating);
  const impersonation = { impersonations, impersonationNotGranted };
  return { subject, window, proposed, replaced, throughGroups, ...sorted, ...impersonation, check };
}

/** The service accounts of a namespace to right-size: those the model holds and those the log saw acting. */
export function namespaceServiceAccounts(
  engine: Engine,
  usage: UsageIndex | undefined,
  namespace: string,
): SubjectRef[] {
  const names = new Set(engine.serviceAccountsIn(namespace).map((s) => s.name));
  for (const u of usage?.identities() ?? []) {
    const sa = splitServiceAccountUsername(u.user);
    if (sa?.namespace === namespace) names.add(sa.name);
  }
  return [...names].sort().map((name) => ({ kind: 'ServiceAccount', namespace, name }));
}

/** Every service account of a namespace right-sized. */
export function rightsizeNamespace(engine: Engine, usage: UsageIndex | undefined, namespace: string): Rightsizing[] {
  return namespaceServiceAccounts(engine, usage, namespace).map((s) => rightsize(engine, usage, s));
}

/** Every service account the model knows or the log saw acting, right-sized (what the bench times at 10,000 namespaces). */
export function rightsizeServiceAccounts(engine: Engine, usage: UsageIndex | undefined): Rightsizing[] {
  const keys = new Map<string, SubjectRef>();
  for (const s of engine.known.serviceAccounts) keys.set(`${s.namespace}/${s.name}`, s);
  for (const u of usage?.identities() ?? []) {
    const sa = splitServiceAccountUsername(u.user);
    if (sa) keys.set(`${sa.namespace}/${sa.name}`, { kind: 'ServiceAccount', ...sa });
  }
  return [...keys.values()].map((s) => rightsize(engine, usage, s));
}
