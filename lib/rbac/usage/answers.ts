// Usage against an engine: each distinct shape asked of canI once (never each event), and from its
// grants which of an identity's grants an allowed request used (all of those that allow it: the
// log names only the first the authorizer visited), which bindings and roles nothing used, which
// identities hold dangerous grants they never used, what was denied, and the attribution check.
// Every answer carries the window: "never used" only means "not used in the window read".
import { canI, type CanIAnswer } from '../authorizer/can-i';
import { ruleAllows } from '../authorizer/match';
import { bindingsAround, smallIndex } from './rightsize-model';
import { walkOrder, type ResolvedBinding } from '../authorizer/bindings';
import { grantsOf, visitBindings } from '../authorizer/walk';
import type { Engine } from '../engine';
import { partsOf } from '../engine';
import type { Grant } from '../authorizer/grants';
import { grantDangers, type DangerId } from '../findings/danger';
import { splitServiceAccountUsername } from '../model/identity';
import { describeResource } from '../model/describe';
import { objectKey, type BindingRef, type RoleRef, type SubjectRef } from '../model/refs';
import type { AccessRequest, Identity, PolicyRule } from '../model/types';
import { byText } from '../authorizer/subjects';
import { attributionChecks, summarizeChecks, type AttributionCheck, type AttributionSummary } from './attribution';
import type { IdentityUsage, ImpersonationUsage, ShapeUsage, UsageIndex } from './usage-index';
import { impersonationChecks } from './impersonation';
import type { BindingIndex } from '../authorizer/bindings';
import type { UsageWindow } from './types';
import { actingName, silentSubjects } from './silent';

/** One shape and the engine's answer for it. */
export interface RequestUse {
  shape: ShapeUsage;
  engine: CanIAnswer;
}

/** One grant an identity holds, and whether an allowed request used it in the window. */
export interface GrantUse {
  grant: Grant;
  /** Where it applies: "" cluster-wide (a ClusterRoleBinding), else the RoleBinding's namespace. */
  namespace: string;
  /** Allowed events it allowed (each allowed event used every grant that allows it). */
  uses: number;
  lastUsed?: number;
  /** The verbs and targets (`pods`, `deployments.apps/scale`, a URL) of the allowed requests it allowed, sorted. */
  usedVerbs: string[];
  usedTargets: string[];
  dangers: DangerId[];
}

export interface IdentityAnswer {
  user: string;
  /** The subject the user name is (a service account's user name is the service account). */
  subject: SubjectRef;
  usage: IdentityUsage;
  requests: RequestUse[];
  /**
   * The checks its impersonations needed of it (impersonation.ts), each as a shape it was allowed
   * as often as it impersonated so: they use its grants as its own requests do.
   */
  impersonating: RequestUse[];
  /** Every grant it holds with each group list it was seen with, in walk order. */
  grants: GrantUse[];
  /** Grants with a danger that nothing used in the window. */
  unusedDangerous: number;
  /** Shapes with a denied event ("what it tried and could not"). */
  denied: ShapeUsage[];
}

export interface ObjectUse<R> {
  ref: R;
  uses: number;
  lastUsed?: number;
}

export interface BindingUse extends ObjectUse<BindingRef> {
  /** Kubernetes' own binding (bootstrap policy): shown, and marked. */
  builtin: boolean;
}

export interface RoleUse extends ObjectUse<RoleRef> {
  /**
   * A ClusterRole nothing used by its own rules' match whose rules are aggregated into these used
   * ClusterRoles (the controller copies them there): not "never used", since removing it changes them.
   */
  aggregatedIntoUsed?: string[];
}

/**
 * One row of the ranking by unused dangerous grants: an identity the window saw act (its answer), or
 * a subject bindings name that it never saw (every grant its bindings give it directly unused).
 */
export interface RankedIdentity {
  subject: SubjectRef;
  unusedDangerous: number;
  /** The dangers of the grants nothing used. */
  dangers: DangerId[];
  grants: number;
  requests: number;
  denied: number;
  last?: number;
  /** Whether the window saw it act at all. */
  seen: boolean;
}

export interface UsageAnswers {
  window: UsageWindow;
  /** Most granted-but-unused dangerous grants first, then by user name. */
  identities: IdentityAnswer[];
  /** identities and the bound subjects the window never saw, most unused dangerous grants first. */
  ranked: RankedIdentity[];
  /** Every binding of the model, in walk order, with its use. */
  bindings: BindingUse[];
  unusedBindings: BindingUse[];
  /** Every Role and ClusterRole, by key, with its use (through any binding). */
  roles: RoleUse[];
  /** Roles nothing used, directly or through a used ClusterRole they are aggregated into. */
  unusedRoles: RoleUse[];
  /** Every shape with a denied event, most recent first. */
  denied: ShapeUsage[];
  attribution: AttributionSummary;
}

/** The subject a user name is. */
export function subjectOfUser(user: string): SubjectRef {
  const sa = splitServiceAccountUsername(user);
  return sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user };
}

/**
 * An identity's grants by what makes one (grantKey's parts): its binding, the subject that applies
 * and the rule's position. Every grant here comes from the same resolved bindings (those around the
 * identity), so the binding and subject objects themselves are the keys: no key text is built.
 */
class GrantTable {
  private readonly byBinding = new Map<object, Map<object, GrantUse[]>>();
  readonly list: GrantUse[] = [];
  get(g: Grant): GrantUse | undefined {
    return this.byBinding.get(g.binding)?.get(g.subject)?.[g.ruleIndex];
  }
  add(g: Grant, namespace: string) {
    let bySubject = this.byBinding.get(g.binding);
    if (!bySubject) this.byBinding.set(g.binding, (bySubject = new Map()));
    let rules = bySubject.get(g.subject);
    if (!rules) bySubject.set(g.subject, (rules = []));
    if (rules[g.ruleIndex]) return;
    const use: GrantUse = { grant: g, namespace, uses: 0, usedVerbs: NONE, usedTargets: NONE, dangers: dangersOf(g) };
    rules[g.ruleIndex] = use;
    this.list.push(use);
  }
}

/** Every grant an identity holds with each group list it was seen with, in walk order, from the bindings around it. */
function heldGrants(around: readonly ResolvedBinding[], identities: readonly Identity[]): GrantTable {
  const table = new GrantTable();
  for (const identity of identities)
    visitBindings(around, identity, (bound, subject) => {
      for (const g of grantsOf(bound, subject)) table.add(g, bound.namespace);
    });
  return table;
}

/** A rule's dangers, once per rule object (a role's rules are shared by every grant through it). */
const dangerMemo = new WeakMap<PolicyRule, { plain?: DangerId[]; admin?: DangerId[] }>();

function dangersOf(g: Grant): DangerId[] {
  const admin = g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin';
  let memo = dangerMemo.get(g.rule);
  if (!memo) dangerMemo.set(g.rule, (memo = {}));
  const known = admin ? memo.admin : memo.plain;
  if (known) return known;
  const ids = grantDangers(g).map((d) => d.id);
  if (admin) memo.admin = ids;
  else memo.plain = ids;
  return ids;
}

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

function noteUse<T extends { uses: number; lastUsed?: number }>(entry: T | undefined, shape: ShapeUsage) {
  if (!entry) return;
  entry.uses += shape.allowed;
  const last = later(entry.lastUsed, shape.lastAllowed);
  if (last !== undefined) entry.lastUsed = last;
}

/** The list with the item, sorted: a new array (grants start out sharing one empty list, most stay unused). */
const withItem = (list: string[], item: string) => (list.includes(item) ? list : [...list, item].sort(byText));

const NONE: string[] = [];

/** A grant used by a shape: counted, and its verb and target noted. */
function noteGrantUse(use: GrantUse | undefined, shape: ShapeUsage) {
  if (!use) return;
  noteUse(use, shape);
  const r = shape.request;
  use.usedVerbs = withItem(use.usedVerbs, r.verb);
  const target = r.kind === 'nonResource' ? r.path : describeResource(r.group, r.resource, r.subresource);
  use.usedTargets = withItem(use.usedTargets, target);
}

/** An identity's answer and its attribution checks: what depends on its usage and the engine only. */
interface IdentityPart {
  answer: IdentityAnswer;
  checks: AttributionCheck[];
}

/** A check an impersonation needed, as a shape of the impersonator allowed `count` times. */
function checkShape(i: ImpersonationUsage, request: AccessRequest, count: number, key: string): ShapeUsage {
  const { by: identity, first, last, where } = i;
  const base = { key, identity, request, count, first, last, allowed: count, denied: 0, lastAllowed: last };
  return { ...base, impersonators: [], reasons: [], where, lastWhere: where };
}

/** What the impersonations it performed asked of its grants, answered by the engine. */
function impersonatingUses(index: BindingIndex, usage: IdentityUsage): RequestUse[] {
  return usage.impersonated.flatMap((i, n) => {
    const ask = (r: AccessRequest) => canI(index, i.by, r);
    // The key names the impersonation: its checks were made for the same events.
    return impersonationChecks(i, (r) => ask(r).allowed).map(({ request, events }) => ({
      shape: checkShape(i, request, events, `impersonation ${n}`),
      engine: ask(request),
    }));
  });
}

function identityPart(engine: Engine, usage: IdentityUsage): IdentityPart {
  // canI reads only the bindings naming the identity: those around its group lists answer as the
  // whole index does (rightsize-model.test.ts), at the cost of its own bindings, not every one.
  const identities = usage.groupSets.map((groups) => ({ user: usage.user, groups }));
  const around = bindingsAround(engine, identities);
  const grants = heldGrants(around, identities);
  const requests: RequestUse[] = [];
  const index = smallIndex(engine, around);
  for (const shape of usage.shapes) {
    const answer = canI(index, shape.identity, shape.request);
    requests.push({ shape, engine: answer });
    if (shape.allowed > 0) for (const g of answer.grants) noteGrantUse(grants.get(g), shape);
  }
  const impersonating = impersonatingUses(index, usage);
  for (const use of impersonating) for (const g of use.engine.grants) noteGrantUse(grants.get(g), use.shape);
  const list = grants.list;
  const answer: IdentityAnswer = {
    user: usage.user,
    subject: subjectOfUser(usage.user),
    usage,
    requests,
    impersonating,
    grants: list,
    unusedDangerous: list.filter((g) => g.uses === 0 && g.dangers.length > 0).length,
    denied: usage.shapes.filter((s) => s.denied > 0),
  };
  return {
    answer,
    checks: attributionChecks(
      engine,
      requests.map((r) => ({ shape: r.shape, answer: r.engine })),
    ),
  };
}

const parts = new WeakMap<IdentityUsage, { engine: number; version: number; part: IdentityPart }>();

/** An identity's part, recomputed only when the engine or its own usage moved (a growing log touches few). */
function cachedPart(engine: Engine, usage: IdentityUsage): IdentityPart {
  const hit = parts.get(usage);
  if (hit && hit.engine === engine.rbacVersion && hit.version === usage.version) return hit.part;
  const part = identityPart(engine, usage);
  parts.set(usage, { engine: engine.rbacVersion, version: usage.version, part });
  return part;
}

/** Every binding and role of the engine, in their order (built once per RBAC version). */
const orders = new Map<number, { bindings: { ref: BindingRef; builtin: boolean }[]; roles: RoleRef[] }>();

function orderOf(engine: Engine) {
  let order = orders.get(engine.rbacVersion);
  if (order) return order;
  // Only the newest is kept: answers are asked of the engine serving now.
  orders.clear();
  const p = partsOf(engine);
  const bindings = p ? walkOrder(p.index).map((b) => ({ ref: b.binding, builtin: b.builtin })) : [];
  const roles: RoleRef[] = p
    ? [
        ...[...p.index.clusterRoles.keys()].map((name): RoleRef => ({ kind: 'ClusterRole', name })),
        ...[...p.index.roles.values()].map((r): RoleRef => ({ kind: 'Role', namespace: r.namespace, name: r.name })),
      ].sort((a, b) => byText(objectKey(a), objectKey(b)))
    : [];
  orders.set(engine.rbacVersion, (order = { bindings, roles }));
  return order;
}

/** What one identity's allowed requests add to each binding's and role's use, by key. */
type Contribution = Map<string, { uses: number; lastUsed?: number }>;

/**
 * The ClusterRoles aggregated into a grant's role whose own rules allow the request: the controller
 * copied their rules into it, so a request it allowed used them too (clusterroleaggregation_controller.go).
 */
function aggregatedSources(engine: Engine, g: Grant, request: AccessRequest): RoleRef[] {
  if (g.role.kind !== 'ClusterRole') return [];
  return engine
    .aggregatedInto(g.role.name)
    .filter((source) => source.rules.some((rule) => ruleAllows(rule, request)))
    .map((source): RoleRef => ({ kind: 'ClusterRole', name: source.name }));
}

function contributionOf(engine: Engine, identity: IdentityAnswer): Contribution {
  const out: Contribution = new Map();
  const add = (key: string, shape: ShapeUsage) => {
    let c = out.get(key);
    if (!c) out.set(key, (c = { uses: 0 }));
    noteUse(c, shape);
  };
  for (const { shape, engine: answer } of identity.requests)
    if (shape.allowed > 0) for (const key of usedObjects(engine, answer.grants, shape.request)) add(key, shape);
  // The checks one impersonation needed were made for the same events: each object counts the most
  // events of any of them it allowed, not their sum.
  const byImpersonation = new Map<string, Map<string, ShapeUsage>>();
  for (const { shape, engine: answer } of identity.impersonating) {
    let most = byImpersonation.get(shape.key);
    if (!most) byImpersonation.set(shape.key, (most = new Map()));
    for (const key of usedObjects(engine, answer.grants, shape.request))
      if ((most.get(key)?.allowed ?? -1) < shape.allowed) most.set(key, shape);
  }
  for (const most of byImpersonation.values()) for (const [key, shape] of most) add(key, shape);
  return out;
}

/** Each ref object's key, built once (grants share their binding's and role's refs across identities). */
const refKeys = new WeakMap<BindingRef | RoleRef, string>();

function keyOf(ref: BindingRef | RoleRef): string {
  let key = refKeys.get(ref);
  if (key === undefined) refKeys.set(ref, (key = objectKey(ref)));
  return key;
}

/** The bindings and roles (aggregated sources too) a request's grants used: each once, however many rules allowed it. */
function usedObjects(engine: Engine, grants: readonly Grant[], request: AccessRequest): Set<string> {
  const used = new Set<string>();
  for (const g of grants) {
    used.add(keyOf(g.binding)).add(keyOf(g.role));
    for (const source of aggregatedSources(engine, g, request)) used.add(objectKey(source));
  }
  return used;
}

/**
 * Each binding's and role's use, kept up to date as identities' parts change: an identity's
 * previous contribution is taken off and its new one added. Usage only grows while the engine stays,
 * so the last use can only move later; a new engine starts again.
 */
interface RunningTally {
  engine: number;
  objects: Map<string, ObjectUse<BindingRef | RoleRef> & { builtin?: boolean }>;
  bindings: (BindingUse & ObjectUse<BindingRef>)[];
  roles: ObjectUse<RoleRef>[];
  added: Map<IdentityUsage, { part: IdentityPart; contribution: Contribution }>;
}

const tallies = new WeakMap<UsageIndex, RunningTally>();

function freshTally(engine: Engine): RunningTally {
  const order = orderOf(engine);
  const bindings = order.bindings.map((b): BindingUse => ({ ...b, uses: 0 }));
  const roles = order.roles.map((ref): ObjectUse<RoleRef> => ({ ref, uses: 0 }));
  const objects = new Map<string, ObjectUse<BindingRef | RoleRef>>();
  for (const o of [...bindings, ...roles]) objects.set(objectKey(o.ref), o);
  return { engine: engine.rbacVersion, objects, bindings, roles, added: new Map() };
}

function applyContribution(t: RunningTally, c: Contribution, sign: 1 | -1) {
  for (const [key, { uses, lastUsed: last }] of c) {
    const o = t.objects.get(key);
    if (!o) continue;
    o.uses += sign * uses;
    if (sign === 1 && last !== undefined && (o.lastUsed === undefined || last > o.lastUsed)) o.lastUsed = last;
  }
}

function tallyOf(engine: Engine, usage: UsageIndex, parts: readonly [IdentityUsage, IdentityPart][]): RunningTally {
  let t = tallies.get(usage);
  if (!t || t.engine !== engine.rbacVersion) tallies.set(usage, (t = freshTally(engine)));
  for (const [u, part] of parts) {
    const was = t.added.get(u);
    if (was?.part === part) continue;
    if (was) applyContribution(t, was.contribution, -1);
    const contribution = contributionOf(engine, part.answer);
    applyContribution(t, contribution, 1);
    t.added.set(u, { part, contribution });
  }
  return t;
}

/** Each unused ClusterRole aggregated into a used one, marked with those it feeds (clusterroleaggregation_controller.go). */
function markAggregated(engine: Engine, roles: RoleUse[]): RoleUse[] {
  const used = new Set(roles.filter((r) => r.uses > 0 && r.ref.kind === 'ClusterRole').map((r) => r.ref.name));
  for (const r of roles) {
    if (r.uses > 0 || r.ref.kind !== 'ClusterRole') continue;
    const into = engine.aggregatedBy(r.ref.name).filter((agg) => used.has(agg.name));
    if (into.length > 0) r.aggregatedIntoUsed = into.map((agg) => agg.name).sort(byText);
  }
  return roles;
}

const byRisk = (a: IdentityAnswer, b: IdentityAnswer) =>
  b.unusedDangerous - a.unusedDangerous || byText(a.user, b.user);

/** Usage answers computed now (usageAnswers caches them; each identity's part is cached apart). */
export function computeUsageAnswers(engine: Engine, usage: UsageIndex): UsageAnswers {
  const pairs = usage.identities().map((u): [IdentityUsage, IdentityPart] => [u, cachedPart(engine, u)]);
  const all = pairs.map(([, p]) => p);
  const identities = all.map((p) => p.answer);
  const tally = tallyOf(engine, usage, pairs);
  // Copies: an answer handed out before keeps its numbers when the running tally moves on.
  const bindings = tally.bindings.map((b) => ({ ...b }));
  const roles = markAggregated(
    engine,
    tally.roles.map((r): RoleUse => ({ ...r })),
  );
  identities.sort(byRisk);
  return {
    window: usage.window,
    identities,
    ranked: rankedIdentities(engine, identities),
    bindings,
    unusedBindings: bindings.filter((b) => b.uses === 0),
    roles,
    unusedRoles: roles.filter((r) => r.uses === 0 && !r.aggregatedIntoUsed),
    denied: identities.flatMap((i) => i.denied).sort((a, b) => b.last - a.last),
    attribution: summarizeChecks(all.flatMap((p) => p.checks)),
  };
}

function seenRow(i: IdentityAnswer): RankedIdentity {
  const unused = i.grants.filter((g) => g.uses === 0);
  const { count: requests, denied, last } = i.usage;
  const dangers = [...new Set(unused.flatMap((g) => g.dangers))];
  return {
    subject: i.subject,
    unusedDangerous: i.unusedDangerous,
    dangers,
    grants: i.grants.length,
    requests,
    denied,
    last,
    seen: true,
  };
}

/** The identities seen, and the bound subjects never seen, by unused dangerous grants. */
function rankedIdentities(engine: Engine, identities: readonly IdentityAnswer[]): RankedIdentity[] {
  const users = new Set(identities.map((i) => i.user));
  const groups = new Set(identities.flatMap((i) => i.usage.groupSets.flat()));
  const silent = silentSubjects(engine, users, groups).map((b): RankedIdentity => ({
    subject: b.subject,
    unusedDangerous: b.dangerous,
    dangers: b.dangers,
    grants: b.grants,
    requests: 0,
    denied: 0,
    seen: false,
  }));
  const name = (r: RankedIdentity) => actingName(r.subject);
  return [...identities.map(seenRow), ...silent].sort(
    (a, b) => b.unusedDangerous - a.unusedDangerous || byText(name(a), name(b)),
  );
}

const cache = new WeakMap<UsageIndex, { engine: number; usage: number; answers: UsageAnswers }>();

/**
 * Usage answers, computed once per (engine.rbacVersion, usage.version): they read roles and
 * bindings only, so a live cluster's pod changes do not recompute them.
 */
export function usageAnswers(engine: Engine, usage: UsageIndex): UsageAnswers {
  const hit = cache.get(usage);
  if (hit && hit.engine === engine.rbacVersion && hit.usage === usage.version) return hit.answers;
  const answers = computeUsageAnswers(engine, usage);
  cache.set(usage, { engine: engine.rbacVersion, usage: usage.version, answers });
  return answers;
}

/** One identity's answer (from the cached answers). */
export function identityUsage(engine: Engine, usage: UsageIndex, user: string): IdentityAnswer | undefined {
  return usageAnswers(engine, usage).identities.find((i) => i.user === user);
}
