// The fields of an audit.k8s.io/v1 Event that the reader uses, validated once at the edge: zod says
// what a usable event is (k8s.io/apiserver pkg/apis/audit/v1/types.go), and `plainEvent` gives
// exactly zod's answer without zod for the shape the API server writes (schema.test.ts holds the two
// to the same answers), since a log can hold millions of events.
import { z } from 'zod';

/** The stages the API server writes (audit/v1 types.go, `Stage`); any other is not an event. */
export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type AuditStage = (typeof STAGES)[number];

const userInfo = z.object({
  // The failed-authentication filter (pkg/endpoints/filters/authn_audit.go) writes `"user":{}`:
  // the server knew no one. Absent is "" here, kept apart from a missing `user`.
  username: z.string().optional(),
  groups: z.array(z.string()).nullish(),
});

const objectRef = z.object({
  resource: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  apiGroup: z.string().optional(),
  subresource: z.string().optional(),
});

export const auditEventSchema = z.object({
  kind: z.literal('Event'),
  apiVersion: z.literal('audit.k8s.io/v1'),
  auditID: z.string().min(1),
  stage: z.enum(STAGES),
  requestURI: z.string(),
  verb: z.string().min(1),
  user: userInfo,
  impersonatedUser: userInfo.nullish(),
  // Set only when constrained impersonation (KEP-5284) authorized impersonatedUser: the verb of the
  // mode that allowed it, e.g. "impersonate:serviceaccount" (apis/audit/v1/types.go
  // AuthenticationMetadata; audit/context.go LogImpersonatedUser; legacy impersonation passes "").
  authenticationMetadata: z.object({ impersonationConstraint: z.string().optional() }).nullish(),
  objectRef: objectRef.nullish(),
  responseStatus: z.object({ code: z.number().optional() }).nullish(),
  requestReceivedTimestamp: z.string().optional(),
  stageTimestamp: z.string().optional(),
  annotations: z.record(z.string(), z.string()).nullish(),
});

/** The fields used, as validated (extra fields are not kept: the bodies never leave the line). */
export interface AuditEvent {
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: UserInfo;
  impersonatedUser?: UserInfo | null;
  authenticationMetadata?: { impersonationConstraint?: string } | null;
  objectRef?: ObjectRef | null;
  responseStatus?: { code?: number } | null;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string> | null;
}
export interface UserInfo {
  username?: string;
  groups?: string[] | null;
}
export interface ObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  subresource?: string;
}

export type EventParse = { ok: true; event: AuditEvent } | { ok: false; message: string };

/** zod's answer, its first issue as the message. */
export function zodEvent(raw: unknown): EventParse {
  const r = auditEventSchema.safeParse(raw);
  if (r.success) return { ok: true, event: r.data };
  const issue = r.error.issues[0]!;
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `not an audit event (${at}${issue.message})` };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const isStringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const STAGE_SET = new Set<string>(STAGES);

function plainUser(v: unknown): boolean {
  return isObj(v) && optString(v.username) && (v.groups == null || isStringList(v.groups));
}

function plainObjectRef(v: unknown): boolean {
  if (v == null) return true;
  if (!isObj(v)) return false;
  return (
    optString(v.resource) &&
    optString(v.namespace) &&
    optString(v.name) &&
    optString(v.apiGroup) &&
    optString(v.subresource)
  );
}

function plainAuthnMetadata(v: unknown): boolean {
  return v == null || (isObj(v) && optString(v.impersonationConstraint));
}

function plainAnnotations(v: unknown): boolean {
  if (v == null) return true;
  if (!isObj(v)) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

/** zod's checks, in plain code. */
function plainValid(e: Obj): boolean {
  const status = e.responseStatus;
  return (
    e.kind === 'Event' &&
    e.apiVersion === 'audit.k8s.io/v1' &&
    typeof e.auditID === 'string' &&
    e.auditID !== '' &&
    typeof e.stage === 'string' &&
    STAGE_SET.has(e.stage) &&
    typeof e.requestURI === 'string' &&
    typeof e.verb === 'string' &&
    e.verb !== '' &&
    plainUser(e.user) &&
    (e.impersonatedUser == null || plainUser(e.impersonatedUser)) &&
    plainAuthnMetadata(e.authenticationMetadata) &&
    plainObjectRef(e.objectRef) &&
    (status == null || (isObj(status) && (status.code === undefined || typeof status.code === 'number'))) &&
    optString(e.requestReceivedTimestamp) &&
    optString(e.stageTimestamp) &&
    plainAnnotations(e.annotations)
  );
}

/**
 * zod's answer without zod: a parsed line in the shape the API server writes passes here; anything
 * else (or anything this does not vouch for) is handed to zod for its verdict and message.
 */
export function plainEvent(raw: unknown): EventParse {
  // A key named __proto__ in JSON is an own property: zod's record copies it as data, which the
  // plain path does not model, so such an event goes to zod.
  if (!isObj(raw) || !plainValid(raw) || hasProtoKey(raw.annotations)) return zodEvent(raw);
  return { ok: true, event: raw as unknown as AuditEvent };
}

function hasProtoKey(v: unknown): boolean {
  return isObj(v) && Object.prototype.hasOwnProperty.call(v, '__proto__');
}
