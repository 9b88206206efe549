// Usage against an engine: each distinct shape asked of canI once (never each event), and from its
// grants which of an identity's grants an allowed request used (all of those that allow it: the
// log names only the first the authorizer visited), which bindings and roles nothing used, which
// identities hold dangerous grants they never used, what was denied, and the attribution check.
// Every answer carries the window: "never used" only means "not used in the window read".
import { canI, type CanIAnswer } from '../authorizer/can-i';
import { bindingsAround, smallIndex } from './rightsize-model';
import { walkOrder } from '../authorizer/bindings';
import type { Engine } from '../engine';
import { partsOf } from '../engine';
import type { Grant } from '../authorizer/grants';
import { grantDangers, type DangerId } from '../findings/danger';
import { splitServiceAccountUsername } from '../model/identity';
import { objectKey, type BindingRef, type RoleRef, type SubjectRef } from '../model/refs';
import { subjectPermissions } from '../indexes/subject-permissions';
import { grantKey } from '../paths/path-types';
import { byText } from '../authorizer/subjects';
import { summarizeAttribution, type AttributionSummary } from './attribution';
import type { IdentityUsage, ShapeUsage, UsageIndex } from './usage-index';
import type { UsageWindow } from './types';

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
  dangers: DangerId[];
}

export interface IdentityAnswer {
  user: string;
  /** The subject the user name is (a service account's user name is the service account). */
  subject: SubjectRef;
  usage: IdentityUsage;
  requests: RequestUse[];
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

export interface UsageAnswers {
  window: UsageWindow;
  /** Most granted-but-unused dangerous grants first, then by user name. */
  identities: IdentityAnswer[];
  /** Every binding of the model, in walk order, with its use. */
  bindings: BindingUse[];
  unusedBindings: BindingUse[];
  /** Every Role and ClusterRole, by key, with its use (through any binding). */
  roles: ObjectUse<RoleRef>[];
  unusedRoles: ObjectUse<RoleRef>[];
  /** Every shape with a denied event, most recent first. */
  denied: ShapeUsage[];
  attribution: AttributionSummary;
}

/** The subject a user name is. */
export function subjectOfUser(user: string): SubjectRef {
  const sa = splitServiceAccountUsername(user);
  return sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user };
}

/** Every grant an identity holds (each group list it was seen with), keyed by grantKey, in walk order. */
function heldGrants(engine: Engine, usage: IdentityUsage): Map<string, GrantUse> {
  const parts = partsOf(engine);
  const out = new Map<string, GrantUse>();
  if (!parts) return out;
  for (const groups of usage.groupSets) {
    const perms = subjectPermissions(parts.subjects, { user: usage.user, groups });
    const scoped = [{ namespace: '', grants: perms.clusterWide }, ...perms.namespaces];
    for (const { namespace, grants } of scoped)
      for (const grant of grants) {
        const key = grantKey(grant);
        if (!out.has(key)) out.set(key, { grant, namespace, uses: 0, dangers: grantDangers(grant).map((d) => d.id) });
      }
  }
  return out;
}

const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

function noteUse<T extends { uses: number; lastUsed?: number }>(entry: T | undefined, shape: ShapeUsage) {
  if (!entry) return;
  entry.uses += shape.allowed;
  const last = later(entry.lastUsed, shape.lastAllowed);
  if (last !== undefined) entry.lastUsed = last;
}

interface Tally {
  bindings: Map<string, BindingUse>;
  roles: Map<string, ObjectUse<RoleRef>>;
}

function identityAnswer(engine: Engine, usage: IdentityUsage, tally: Tally): IdentityAnswer {
  const grants = heldGrants(engine, usage);
  const requests: RequestUse[] = [];
  // canI reads only the bindings naming the identity: those around its group lists answer as the
  // whole index does (rightsize-model.test.ts), at the cost of its own bindings, not every one.
  const identities = usage.groupSets.map((groups) => ({ user: usage.user, groups }));
  const index = smallIndex(engine, bindingsAround(engine, identities));
  for (const shape of usage.shapes) {
    const answer = canI(index, shape.identity, shape.request);
    requests.push({ shape, engine: answer });
    if (shape.allowed === 0) continue;
    for (const g of answer.grants) {
      noteUse(grants.get(grantKey(g)), shape);
      noteUse(tally.bindings.get(objectKey(g.binding)), shape);
      noteUse(tally.roles.get(objectKey(g.role)), shape);
    }
  }
  const list = [...grants.values()];
  return {
    user: usage.user,
    subject: subjectOfUser(usage.user),
    usage,
    requests,
    grants: list,
    unusedDangerous: list.filter((g) => g.uses === 0 && g.dangers.length > 0).length,
    denied: usage.shapes.filter((s) => s.denied > 0),
  };
}

function emptyTally(engine: Engine): Tally {
  const parts = partsOf(engine);
  const bindings = new Map<string, BindingUse>();
  const roles = new Map<string, ObjectUse<RoleRef>>();
  if (!parts) return { bindings, roles };
  for (const b of walkOrder(parts.index))
    bindings.set(objectKey(b.binding), { ref: b.binding, uses: 0, builtin: b.builtin });
  const refs: RoleRef[] = [
    ...[...parts.index.clusterRoles.keys()].map((name): RoleRef => ({ kind: 'ClusterRole', name })),
    ...[...parts.index.roles.values()].map((r): RoleRef => ({ kind: 'Role', namespace: r.namespace, name: r.name })),
  ];
  for (const ref of refs.sort((a, b) => byText(objectKey(a), objectKey(b))))
    roles.set(objectKey(ref), { ref, uses: 0 });
  return { bindings, roles };
}

const byRisk = (a: IdentityAnswer, b: IdentityAnswer) =>
  b.unusedDangerous - a.unusedDangerous || byText(a.user, b.user);

/** Usage answers computed now (usageAnswers caches them). */
export function computeUsageAnswers(engine: Engine, usage: UsageIndex): UsageAnswers {
  const tally = emptyTally(engine);
  const identities = usage.identities().map((u) => identityAnswer(engine, u, tally));
  const shapes = identities.flatMap((i) => i.requests.map((r) => ({ shape: r.shape, answer: r.engine })));
  const bindings = [...tally.bindings.values()];
  const roles = [...tally.roles.values()];
  return {
    window: usage.window,
    identities: identities.sort(byRisk),
    bindings,
    unusedBindings: bindings.filter((b) => b.uses === 0),
    roles,
    unusedRoles: roles.filter((r) => r.uses === 0),
    denied: identities.flatMap((i) => i.denied).sort((a, b) => b.last - a.last),
    attribution: summarizeAttribution(engine, shapes),
  };
}

const cache = new WeakMap<UsageIndex, { engine: number; usage: number; answers: UsageAnswers }>();

/** Usage answers, computed once per (engine.version, usage.version). */
export function usageAnswers(engine: Engine, usage: UsageIndex): UsageAnswers {
  const hit = cache.get(usage);
  if (hit && hit.engine === engine.version && hit.usage === usage.version) return hit.answers;
  const answers = computeUsageAnswers(engine, usage);
  cache.set(usage, { engine: engine.version, usage: usage.version, answers });
  return answers;
}

/** One identity's answer (from the cached answers). */
export function identityUsage(engine: Engine, usage: UsageIndex, user: string): IdentityAnswer | undefined {
  return usageAnswers(engine, usage).identities.find((i) => i.user === user);
}
