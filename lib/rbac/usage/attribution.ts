// The server's attribution against the engine's: for an allowed request, the binding, role and
// subject the reason annotation names must be among the grants canI finds (the authorizer names
// the first it visits, rbac.go; canI lists every one); for a denied request canI must find none.
// What does not agree is reported with the file and line it was read at, never dropped; the cases
// the data explains (the binding or role is not in the model read, system:masters, another
// authorizer) are told apart from true disagreements, which must be 0.
import type { CanIAnswer } from '../authorizer/can-i';
import { partsOf, type Engine } from '../engine';
import type { Grant } from '../authorizer/grants';
import { PRIVILEGED_GROUP } from '../model/identity';
import { bindingKey, bindingRef, objectKey, type BindingRef } from '../model/refs';
import type { AccessRequest, Identity, Subject } from '../model/types';
import { parseReason, type ParsedReason } from './reason';
import type { ReasonSeen, ShapeUsage } from './usage-index';
import type { AuditDecision, LogPlace } from './types';

/**
 * - agrees: the engine finds the grant the server names (allowed), or finds none (denied).
 * - binding-gone / role-gone: the reason names an object the model read does not hold.
 * - binding-newer: the binding the answer turns on was created (metadata.creationTimestamp) after
 *   the last such event: the model read is later than the log (a binding made after a denial).
 * - masters: allowed with no reason for a member of system:masters (no authorizer but the superuser check).
 * - not-rbac: another authorizer decided (a reason that is not RBAC's, or an allow without one outside system:masters).
 * - disagrees: anything else: the engine does not answer as the server did.
 */
export type AttributionVerdict =
  'agrees' | 'binding-gone' | 'role-gone' | 'binding-newer' | 'masters' | 'not-rbac' | 'disagrees';

/** The verdicts the data explains: listed apart from true disagreements, never hidden. */
export const EXPLAINED_VERDICTS: readonly AttributionVerdict[] = [
  'binding-gone',
  'role-gone',
  'binding-newer',
  'masters',
  'not-rbac',
];

export interface AttributionCheck {
  verdict: AttributionVerdict;
  identity: Identity;
  request: AccessRequest;
  decision: AuditDecision;
  reason: string;
  parsed: ParsedReason;
  /** Events with this identity, request, decision and reason; the first one's place. */
  events: number;
  where: LogPlace;
  /** What the engine answers for the same identity and request. */
  engine: CanIAnswer;
  /** Why the verdict, in words (the same on every surface). */
  message: string;
}

const sameSubject = (grant: Grant, named: Subject) =>
  grant.subject.kind === named.kind &&
  grant.subject.name === named.name &&
  // describeSubject writes a service account's namespace, or the binding's when it has none.
  (named.kind !== 'ServiceAccount' ||
    (grant.subject.namespace || grant.binding.namespace || '') === (named.namespace ?? ''));

/** Each binding's creation time (ms), by key, once per model: only asked when an answer does not agree. */
const createdMemo = new WeakMap<object, Map<string, number>>();

function createdAt(engine: Engine, ref: BindingRef): number | undefined {
  const model = partsOf(engine)?.model;
  if (!model) return undefined;
  let times = createdMemo.get(model);
  if (!times) {
    times = new Map();
    for (const b of model.clusterRoleBindings)
      if (b.created) times.set(bindingKey(bindingRef('ClusterRoleBinding', '', b.name)), Date.parse(b.created));
    for (const b of model.roleBindings)
      if (b.created) times.set(bindingKey(bindingRef('RoleBinding', b.namespace, b.name)), Date.parse(b.created));
    createdMemo.set(model, times);
  }
  return times.get(bindingKey(ref));
}

/** Whether a binding was created after `time` (unknown creation: no). */
const newerThan = (engine: Engine, ref: BindingRef, time: number | undefined) => {
  const created = createdAt(engine, ref);
  return time !== undefined && created !== undefined && created > time;
};

function allowedVerdict(
  engine: Engine,
  identity: Identity,
  parsed: ParsedReason,
  answer: CanIAnswer,
  last: number | undefined,
): [AttributionVerdict, string] {
  if (parsed.kind === 'none')
    return identity.groups.includes(PRIVILEGED_GROUP)
      ? ['masters', 'allowed for system:masters without RBAC']
      : ['not-rbac', 'allowed by an authorizer other than RBAC (no reason given)'];
  if (parsed.kind === 'other')
    return parsed.text.startsWith('RBAC:')
      ? ['disagrees', 'the RBAC reason could not be read']
      : ['not-rbac', `allowed by an authorizer other than RBAC: ${parsed.text}`];
  const { binding, role, subject } = parsed;
  const named = answer.grants.some(
    (g) =>
      objectKey(g.binding) === objectKey(binding) && objectKey(g.role) === objectKey(role) && sameSubject(g, subject),
  );
  if (named) return ['agrees', 'the engine finds the grant the server named'];
  if (!engine.binding(binding))
    return ['binding-gone', `${binding.kind} ${objectKey(binding)} is not in the model read`];
  if (!engine.role(role)) return ['role-gone', `${role.kind} ${objectKey(role)} is not in the model read`];
  if (newerThan(engine, binding, last))
    return [
      'binding-newer',
      `${binding.kind} ${objectKey(binding)} was created after the event: it is not the one that allowed it`,
    ];
  return ['disagrees', 'the engine does not find the grant the server named'];
}

/**
 * A deny: the engine must find no grant. The union authorizer stops at the first Deny with that
 * authorizer's reason alone (staging/src/k8s.io/apiserver/pkg/authorization/union/union.go), so a
 * reason with no RBAC words is another authorizer's deny, met before RBAC was asked.
 */
function deniedVerdict(
  engine: Engine,
  parsed: ParsedReason,
  answer: CanIAnswer,
  last: number | undefined,
): [AttributionVerdict, string] {
  if (!answer.allowed) return ['agrees', 'denied, and the engine finds no grant'];
  if (parsed.kind === 'other' && !parsed.text.split('\n').some((r) => r.startsWith('RBAC:')))
    return ['not-rbac', `denied by an authorizer other than RBAC: ${parsed.text}`];
  if (!answer.superuser && answer.grants.every((g) => newerThan(engine, g.binding, last)))
    return ['binding-newer', 'denied; every binding that allows it now was created after the event'];
  return [
    'disagrees',
    answer.superuser ? 'denied, but the engine allows it (system:masters)' : 'denied, but the engine finds a grant',
  ];
}

/** The check of one reason the server gave for one shape; undefined when the event carried no decision. */
export function checkAttribution(
  engine: Engine,
  identity: Identity,
  request: AccessRequest,
  seen: Pick<ReasonSeen, 'decision' | 'reason' | 'count' | 'where'> & { last?: number },
  answer: CanIAnswer = engine.canI(identity, request),
): AttributionCheck | undefined {
  const { decision } = seen;
  if (decision === undefined) return undefined;
  const reason = seen.reason ?? '';
  const parsed = parseReason(reason);
  const [verdict, message] =
    decision === 'allow'
      ? allowedVerdict(engine, identity, parsed, answer, seen.last)
      : deniedVerdict(engine, parsed, answer, seen.last);
  return {
    verdict,
    identity,
    request,
    decision,
    reason,
    parsed,
    events: seen.count,
    where: seen.where,
    engine: answer,
    message,
  };
}

export interface AttributionSummary {
  /** Distinct (identity, request, decision, reason) checked, and the events they stand for. */
  checked: number;
  events: number;
  agreed: number;
  /** Explained by the data (EXPLAINED_VERDICTS), in log order. */
  explained: AttributionCheck[];
  /** True disagreements, in log order: must be empty. */
  disagreements: AttributionCheck[];
}

/** Every reason of some shapes checked, each shape's canI answer given (asked once per shape). */
export function attributionChecks(
  engine: Engine,
  shapes: Iterable<{ shape: ShapeUsage; answer: CanIAnswer }>,
): AttributionCheck[] {
  const out: AttributionCheck[] = [];
  for (const { shape, answer } of shapes)
    for (const seen of shape.reasons) {
      const check = checkAttribution(engine, shape.identity, shape.request, seen, answer);
      if (check) out.push(check);
    }
  return out;
}

const logOrder = (a: AttributionCheck, b: AttributionCheck) =>
  a.where.file === b.where.file ? a.where.line - b.where.line : a.where.file < b.where.file ? -1 : 1;

/** Checks counted, and those that do not agree apart, in log order. */
export function summarizeChecks(checks: Iterable<AttributionCheck>): AttributionSummary {
  const out: AttributionSummary = { checked: 0, events: 0, agreed: 0, explained: [], disagreements: [] };
  for (const check of checks) {
    out.checked++;
    out.events += check.events;
    if (check.verdict === 'agrees') out.agreed++;
    else if (check.verdict === 'disagrees') out.disagreements.push(check);
    else out.explained.push(check);
  }
  out.explained.sort(logOrder);
  out.disagreements.sort(logOrder);
  return out;
}

/** Every reason of every shape checked, each shape's canI asked once. */
export function summarizeAttribution(
  engine: Engine,
  shapes: Iterable<{ shape: ShapeUsage; answer: CanIAnswer }>,
): AttributionSummary {
  return summarizeChecks(attributionChecks(engine, shapes));
}
