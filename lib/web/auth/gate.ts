// Who may pass, in `token` mode: every request but the exempt ones must carry a Kubernetes bearer
// token (the Authorization header first, as an authenticating proxy in front sends it; else the
// sign-in session's cookie), which the API server must accept (TokenReview, reviewed briefly,
// review-cache.ts). What a refusal looks like depends on who asked: a page is sent to the sign-in
// page, an API client gets 401 JSON with a WWW-Authenticate challenge (RFC 6750). No answer ever
// holds the token.
import type { ReviewedUser, TokenReviewAnswer } from '@/lib/k8s/auth/reviews';
import { plainRefusal } from '@/lib/security/front-door';
import { withContext } from '../context';
import { bearerToken } from './bearer';
import { safeNext } from './next-path';

export const SIGN_IN_PATH = '/sign-in';
export const SESSION_PATH = '/api/session';
export const SIGN_OUT_PATH = '/api/session/end';
export const READYZ_PATH = '/api/readyz';

/** Reachable without a token: the sign-in and its endpoints, the probes, the built assets and the icon. */
const EXEMPT = new Set([
  SIGN_IN_PATH,
  SESSION_PATH,
  SIGN_OUT_PATH,
  '/api/healthz',
  READYZ_PATH,
  '/icon.svg',
  '/favicon.ico',
]);

/**
 * Exempt, yet a token offered is still verified (never required): the sign-in page says who is
 * signed in, and /api/readyz gives its detail (the source, the API server, watch errors) only to a
 * verified viewer; a probe without one gets only its status.
 */
const VIEWER_OPTIONAL = new Set([SIGN_IN_PATH, READYZ_PATH]);

export const viewerOptional = (pathname: string): boolean => VIEWER_OPTIONAL.has(pathname);

export function exempt(pathname: string, dev: boolean): boolean {
  // Next's development server serves its own client (HMR, source maps) under /_next/ too.
  return EXEMPT.has(pathname) || pathname.startsWith(dev ? '/_next/' : '/_next/static/');
}

export interface GateRequest {
  pathname: string;
  /** The query, with its "?" (or ""). */
  search: string;
  authorization: string | null;
  /** The token of the request's sign-in session, when it has a live one. */
  sessionToken: string | undefined;
  /** Whether the request carried a session cookie (live or not). */
  hadSession: boolean;
  context: string | undefined;
}

export interface GateAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The sign-in session is over: the cookie is to be cleared and the session ended. */
  endSession?: boolean;
}

export type GateOutcome = { kind: 'viewer'; user: ReviewedUser } | { kind: 'answer'; answer: GateAnswer };

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

const CHALLENGE = 'Bearer realm="rbac-atlas"';
const NO_TOKEN =
  'no token: send Authorization: Bearer <a Kubernetes token the API server accepts>, or sign in at /sign-in';

function apiAnswer(status: number, error: string, headers: Record<string, string> = {}): GateAnswer {
  return {
    status,
    body: JSON.stringify({ error }),
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  };
}

function pageAnswer(status: number, message: string, headers: Record<string, string> = {}): GateAnswer {
  const r = plainRefusal(status, message, headers);
  return { status: r.status, body: r.message, headers: r.headers };
}

/** A page without a (live) token: 303 to the sign-in page, which comes back here after. */
function toSignIn(req: GateRequest, ended: boolean): GateAnswer {
  const next = safeNext(req.pathname + req.search);
  const query = new URLSearchParams({ next, ...(ended && { ended: '1' }) });
  const location = withContext(`${SIGN_IN_PATH}?${query.toString()}`, req.context);
  return { status: 303, body: '', headers: { location, 'cache-control': 'no-store' }, endSession: ended };
}

function refused(req: GateRequest, reason: string, fromSession: boolean): GateAnswer {
  if (isApi(req.pathname))
    return {
      ...apiAnswer(401, reason, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` }),
      endSession: fromSession,
    };
  if (fromSession) return toSignIn(req, true);
  return pageAnswer(401, `Unauthorized: ${reason}.`, { 'www-authenticate': `${CHALLENGE}, error="invalid_token"` });
}

function unavailable(req: GateRequest, reason: string): GateAnswer {
  const message = `cannot verify the token: ${reason}`;
  return isApi(req.pathname) ? apiAnswer(503, message) : pageAnswer(503, `Service Unavailable: ${message}.`);
}

function missing(req: GateRequest): GateAnswer {
  if (isApi(req.pathname))
    return { ...apiAnswer(401, NO_TOKEN, { 'www-authenticate': CHALLENGE }), endSession: req.hadSession };
  return toSignIn(req, req.hadSession);
}

/** The viewer the request's token names, or the answer it gets instead. */
export async function gate(
  req: GateRequest,
  review: (token: string) => Promise<TokenReviewAnswer>,
): Promise<GateOutcome> {
  const bearer = bearerToken(req.authorization);
  if (bearer && 'problem' in bearer) return { kind: 'answer', answer: refused(req, bearer.problem, false) };
  const token = bearer?.token ?? req.sessionToken;
  if (!token) return { kind: 'answer', answer: missing(req) };
  const answer = await review(token);
  if (answer.state === 'accepted') return { kind: 'viewer', user: answer.user };
  if (answer.state === 'refused') return { kind: 'answer', answer: refused(req, answer.reason, !bearer) };
  return { kind: 'answer', answer: unavailable(req, answer.reason) };
}
