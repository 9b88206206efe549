// The one module that asks the API server about identities: whether a bearer token is accepted
// (authentication.k8s.io/v1 TokenReview) and whether an identity may make a request
// (authorization.k8s.io/v1 SubjectAccessReview). Both are reviews: the server answers them and
// stores nothing (pkg/registry/authentication/tokenreview/storage.go, pkg/registry/authorization/
// subjectaccessreview/rest.go). They are asked with the current source's own credentials (the
// kubeconfig context or the in-cluster service account), which need `create` on both, as
// `system:auth-delegator` grants. A snapshot or the demo has no cluster to ask.
import { z } from 'zod';
import type { AccessRequest } from '@/lib/rbac';
import { ClusterError } from '../cluster-error';
import { chosenSpec, isLive } from '../current-source';
import { ApiError, kubeTransport, unreachable, type Transport } from '../live/transport';
import type { LiveSpec } from '../live/live-source';

/** An identity as the API server's authenticator produced it (TokenReview's status.user). */
export interface ReviewedUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export type TokenReviewAnswer =
  | { state: 'accepted'; user: ReviewedUser; audiences?: string[] }
  /** The server does not accept the token (status.authenticated false): its reason, printable, never the token. */
  | { state: 'refused'; reason: string }
  /** Nobody could tell: no live cluster, the app may not create tokenreviews, the server is down. */
  | { state: 'unavailable'; reason: string };

export type AccessReviewAnswer =
  { state: 'allowed' | 'denied'; reason?: string } | { state: 'unavailable'; reason: string };

/** How long a review may take in all (the transport bounds each phase on its own). */
const REVIEW_MS = 15_000;
/** A bearer token longer than this is no Kubernetes token (a service-account JWT is 1–2 KiB). */
export const MAX_TOKEN_BYTES = 16 * 1024;
/** The longest reason kept from the server (it is shown on pages and in 401 bodies). */
const MAX_REASON = 300;

const TOKEN_REVIEW_PATH = '/apis/authentication.k8s.io/v1/tokenreviews';
const ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

const userInfo = z.object({
  username: z.string().default(''),
  uid: z.string().optional(),
  groups: z.array(z.string()).nullish(),
  extra: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
});

const tokenReviewAnswer = z.object({
  status: z
    .object({
      authenticated: z.boolean().nullish(),
      user: userInfo.nullish(),
      audiences: z.array(z.string()).nullish(),
      error: z.string().nullish(),
    })
    .nullish(),
});

const accessReviewAnswer = z.object({
  status: z
    .object({
      allowed: z.boolean(),
      denied: z.boolean().nullish(),
      reason: z.string().nullish(),
      evaluationError: z.string().nullish(),
    })
    .nullish(),
});

/**
 * Why `token` cannot be a bearer token, or undefined when it can: what the API server's bearer
 * authenticator would take (staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken:
 * one token after "Bearer ", no spaces), printable ASCII, bounded. The reason never quotes it.
 */
export function tokenProblem(token: string): string | undefined {
  if (token.length === 0) return 'the token is empty';
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES)
    return `the token is longer than ${MAX_TOKEN_BYTES / 1024} KiB: no Kubernetes token is`;
  if (/[^\x21-\x7e]/.test(token))
    return 'the token holds spaces, control characters or non-ASCII characters: a bearer token has none';
  return undefined;
}

/** The server's text made printable and short, with the token cut out should the server have quoted it. */
function printable(text: string, token?: string): string {
  const cut = token && token.length >= 4 ? text.split(token).join('[the token]') : text;
  const clean = cut.replace(/[^\x21-\x7e]+/g, ' ').trim();
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}

/** Why a review could not be made: a denied review right, bad app credentials, an unreachable server. */
function unavailableReason(e: unknown, server: string, resource: string): string {
  if (e instanceof ApiError) {
    const said = printable(e.message);
    if (e.status === 403)
      return `the app may not create ${resource} (bind its identity to the ClusterRole system:auth-delegator): ${said}`;
    if (e.status === 401) return `the API server at ${server} does not accept the app's own credentials: ${said}`;
    return `the API server at ${server} answered ${resource} with HTTP ${e.status}: ${said}`;
  }
  if (e instanceof SyntaxError) return `the API server at ${server} answered ${resource} with something not JSON`;
  return unreachable(server, e);
}

function userOf(user: z.infer<typeof userInfo>): ReviewedUser {
  const extra = Object.entries(user.extra ?? {}).map(([k, v]) => [k, v ?? []] as const);
  return {
    username: user.username,
    ...(user.uid && { uid: user.uid }),
    groups: user.groups ?? [],
    ...(extra.length > 0 && { extra: Object.fromEntries(extra) }),
  };
}

/** A TokenReview of `token` over `transport`. */
export async function reviewTokenWith(transport: Transport, token: string): Promise<TokenReviewAnswer> {
  const problem = tokenProblem(token);
  if (problem) return { state: 'refused', reason: problem };
  if (!transport.post) return { state: 'unavailable', reason: 'this connection cannot send reviews' };
  let body: unknown;
  try {
    const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } };
    body = await transport.post(TOKEN_REVIEW_PATH, review, AbortSignal.timeout(REVIEW_MS));
  } catch (e) {
    return { state: 'unavailable', reason: printable(unavailableReason(e, transport.server, 'tokenreviews'), token) };
  }
  const parsed = tokenReviewAnswer.safeParse(body);
  if (!parsed.success) return { state: 'unavailable', reason: `the API server's TokenReview answer is not one` };
  const status = parsed.data.status;
  if (!status?.authenticated || !status.user?.username)
    return { state: 'refused', reason: refusedReason(status?.error, token) };
  const audiences = status.audiences ?? [];
  return { state: 'accepted', user: userOf(status.user), ...(audiences.length > 0 && { audiences }) };
}

function refusedReason(error: string | null | undefined, token: string): string {
  const said = error ? printable(error, token) : '';
  return said ? `the API server does not accept this token: ${said}` : 'the API server does not accept this token';
}

/** The review's attributes: authorization/v1's ResourceAttributes or NonResourceAttributes. */
function attributes(request: AccessRequest) {
  if (request.kind === 'nonResource') return { nonResourceAttributes: { path: request.path, verb: request.verb } };
  const { namespace, verb, group, resource, subresource, name } = request;
  return { resourceAttributes: { namespace, verb, group, resource, subresource, name } };
}

/** A SubjectAccessReview of `user` making `request`, over `transport`. */
export async function reviewAccessWith(
  transport: Transport,
  user: ReviewedUser,
  request: AccessRequest,
): Promise<AccessReviewAnswer> {
  if (!transport.post) return { state: 'unavailable', reason: 'this connection cannot send reviews' };
  const spec = { user: user.username, uid: user.uid, groups: user.groups, extra: user.extra, ...attributes(request) };
  let body: unknown;
  try {
    const review = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
    body = await transport.post(ACCESS_REVIEW_PATH, review, AbortSignal.timeout(REVIEW_MS));
  } catch (e) {
    return { state: 'unavailable', reason: unavailableReason(e, transport.server, 'subjectaccessreviews') };
  }
  const parsed = accessReviewAnswer.safeParse(body);
  if (!parsed.success || !parsed.data.status)
    return { state: 'unavailable', reason: `the API server's SubjectAccessReview answer is not one` };
  const { allowed, reason, evaluationError } = parsed.data.status;
  const words = [reason, evaluationError && `evaluation error: ${evaluationError}`].filter(Boolean).join('; ');
  return { state: allowed ? 'allowed' : 'denied', ...(words && { reason: printable(words) }) };
}

interface Transports {
  /** By context ('' for the default), with when it was made: a kubeconfig edited while we run is read again. */
  byContext: Map<string, { transport: Transport; made: number }>;
}

// One per process, whatever bundle asks (see lib/k8s/current-source.ts).
const STATE = Symbol.for('rbac-atlas.review-transports');
const transports: Transports = ((globalThis as { [STATE]?: Transports })[STATE] ??= { byContext: new Map() });
/** How long a context's connection settings are reused before the kubeconfig is read again. */
const TRANSPORT_TTL_MS = 60_000;

/** The current source's connection for `context`, or why there is none. */
async function reviewTransport(context: string | undefined): Promise<Transport | { reason: string }> {
  let spec;
  try {
    spec = chosenSpec();
  } catch (e) {
    if (e instanceof ClusterError) return { reason: e.message };
    throw e;
  }
  if (!isLive(spec))
    return {
      reason: `no cluster to ask: the source is ${spec.kind === 'demo' ? 'the demo' : `snapshot ${spec.path}`}`,
    };
  const key = context ?? '';
  const kept = transports.byContext.get(key);
  if (kept && Date.now() - kept.made < TRANSPORT_TTL_MS) return kept.transport;
  const { kubeConfigFor } = await import('../live/live-source');
  const forContext: LiveSpec = context && spec.kind === 'kubeconfig' ? { ...spec, context } : spec;
  try {
    const transport = kubeTransport(kubeConfigFor(forContext).kc, true);
    if (transports.byContext.size > 64) transports.byContext.clear();
    transports.byContext.set(key, { transport, made: Date.now() });
    return transport;
  } catch (e) {
    if (e instanceof ClusterError) return { reason: e.message };
    throw e;
  }
}

/**
 * Whether the API server of `context` (undefined: the default one) accepts `token`, and as whom.
 * Never throws for anything the token or the server does; the answer never holds the token.
 */
export async function reviewToken(token: string, context?: string): Promise<TokenReviewAnswer> {
  const problem = tokenProblem(token);
  if (problem) return { state: 'refused', reason: problem };
  const transport = await reviewTransport(context);
  if ('reason' in transport) return { state: 'unavailable', reason: transport.reason };
  return reviewTokenWith(transport, token);
}

/** Whether `user` may make `request` in `context`'s cluster, as its authorizers (RBAC, webhooks, …) decide. */
export async function reviewAccess(
  user: ReviewedUser,
  request: AccessRequest,
  context?: string,
): Promise<AccessReviewAnswer> {
  const transport = await reviewTransport(context);
  if ('reason' in transport) return { state: 'unavailable', reason: transport.reason };
  return reviewAccessWith(transport, user, request);
}

/** Forgets the kept connections (tests, and a kubeconfig known to have changed). */
export function resetReviewTransports(): void {
  transports.byContext.clear();
}
