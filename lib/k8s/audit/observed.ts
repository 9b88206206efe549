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

/** The last identity given: a request's stages are usually adjacent lines. */
let last: Identity = { user: '', groups: [] };

function identityOf(u: UserInfo): Identity {
  const user = u.username ?? '';
  const groups = u.groups ?? [];
  if (last.user === user && sameGroups(last.groups, groups)) return last;
  last = identityFromTable(user, groups);
  return last;
}

function identityFromTable(user: string, groups: readonly string[]): Identity {
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
  return t === undefined ? NaN : (utcMicros(t) ?? Date.parse(t));
}

/** The server's own form, "2026-12-05T21:14:45.705667Z" (metav1.MicroTime, UTC), without Date.parse; else undefined. */
function utcMicros(t: string): number | undefined {
  if (t.length !== 27 || t.charCodeAt(26) !== 90 /* Z */ || t[19] !== '.') return undefined;
  const n = (from: number, to: number) => {
    let v = 0;
    for (let i = from; i < to; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  };
  if (t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return undefined;
  const [mo, d, h, mi, s] = [n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)];
  // Out-of-range fields go to Date.parse, which refuses them as the server's parser would.
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59)) return undefined;
  const ms = Date.UTC(n(0, 4), mo - 1, d, h, mi, s) + Math.floor(n(20, 26) / 1000);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Why a valid-looking event records no request (a LogProblem's message), else its time. */
export function eventProblem(ev: AuditEvent): number | string {
  const time = eventTime(ev);
  if (Number.isNaN(time)) return 'not an audit event (no stageTimestamp or requestReceivedTimestamp that parses)';
  const decision = ev.annotations?.[DECISION];
  if (decision !== undefined && !DECISIONS.has(decision)) {
    return `an authorization decision the API server does not write: ${JSON.stringify(decision)}`;
  }
  return time;
}

/** The ObservedRequest an event records, or why it records none (a LogProblem's message). */
export function observedRequest(ev: AuditEvent, where: LogPlace): ObservedRequest | string {
  const time = eventProblem(ev);
  return typeof time === 'string' ? time : buildObserved(ev, where, time);
}

/** The ObservedRequest of an event eventProblem passed, at `time`. */
export function buildObserved(ev: AuditEvent, where: LogPlace, time: number): ObservedRequest {
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
  const decision = ev.annotations?.[DECISION];
  if (decision !== undefined) out.decision = decision as AuditDecision;
  const reason = ev.annotations?.[REASON];
  if (reason !== undefined) out.reason = reason;
  const code = ev.responseStatus?.code;
  if (code !== undefined) out.status = code;
  return out;
}
