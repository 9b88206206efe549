// One audit event → one ObservedRequest: who it was authorized as, the request the authorizer saw,
// the outcome. Only these fields are copied out; the parsed line (and any body in it) is dropped.
import type { Identity } from '@/lib/rbac';
import type { AuditDecision, LogPlace, ObservedRequest } from '@/lib/rbac/usage/types';
import { authorizedRequest } from './request-info';
import type { AuditEvent, UserInfo } from './schema';

/** pkg/endpoints/filters/authorization.go: the annotation keys and the two values it writes. */
const DECISION = 'authorization.k8s.io/decision';
const REASON = 'authorization.k8s.io/reason';
const DECISIONS = new Set<string>(['allow', 'forbid']);

// A log repeats the same few identities millions of times: one object each, found by user name
// and then by groups (bounded; past the limit the table starts again and a later copy is only not
// shared).
const IDENTITY_LIMIT = 10_000;
const identities = new Map<string, Identity[]>();

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function identityOf(u: UserInfo): Identity {
  const user = u.username ?? '';
  const groups = u.groups ?? [];
  let kept = identities.get(user);
  if (kept) {
    for (const id of kept) if (sameGroups(id.groups, groups)) return id;
  } else {
    if (identities.size >= IDENTITY_LIMIT) identities.clear();
    kept = [];
    identities.set(user, kept);
  }
  const made = { user, groups: [...groups] };
  if (kept.length < 16) kept.push(made);
  return made;
}

/** The counted stage's time: stageTimestamp, else requestReceivedTimestamp (RFC 3339, µs). */
export function eventTime(ev: AuditEvent): number {
  const t = ev.stageTimestamp ?? ev.requestReceivedTimestamp;
  return t === undefined ? NaN : Date.parse(t);
}

/** The ObservedRequest an event records, or why it records none (a LogProblem's message). */
export function observedRequest(ev: AuditEvent, where: LogPlace): ObservedRequest | string {
  const time = eventTime(ev);
  if (Number.isNaN(time)) return 'not an audit event (no stageTimestamp or requestReceivedTimestamp that parses)';
  const decision = ev.annotations?.[DECISION];
  if (decision !== undefined && !DECISIONS.has(decision)) {
    return `an authorization decision the API server does not write: ${JSON.stringify(decision)}`;
  }
  // The impersonation filter (pkg/endpoints/filters/impersonation/impersonation.go) authorizes the
  // request as the impersonated user and writes that user and its groups, the ones it added
  // (system:serviceaccounts…, system:authenticated) included, as impersonatedUser
  // (pkg/audit/context.go LogImpersonatedUser); `user` stays the authenticated one.
  const imp = ev.impersonatedUser;
  const out: ObservedRequest = {
    identity: identityOf(imp ?? ev.user),
    request: authorizedRequest(ev),
    time,
    where,
  };
  if (imp) out.impersonator = identityOf(ev.user);
  if (decision !== undefined) out.decision = decision as AuditDecision;
  const reason = ev.annotations?.[REASON];
  if (reason !== undefined) out.reason = reason;
  const code = ev.responseStatus?.code;
  if (code !== undefined) out.status = code;
  return out;
}
