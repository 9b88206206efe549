// The sign-in and sign-out endpoints (app/api/session, app/api/session/end): POSTs from this site's
// own sign-in page only (lib/security/post-guard.ts: JSON, same-origin, small), answered as JSON.
// A sign-in reviews the token with the API server (TokenReview) and, if accepted, keeps it in
// memory under a new session id that only the cookie carries. No answer holds the token.
import { z } from 'zod';
import { POST_ROUTES } from '@/lib/security/post-guard';
import { guardedPostBody } from '../guarded-post';
import { json } from '../api';
import { authSettings } from '@/lib/security/auth-settings';
import { SESSION_PATH, SIGN_OUT_PATH } from './gate';
import { forgetReviews, reviewedToken } from './review-cache';
import { clearedCookie, endSession, overHttps, sessionCookie, sessionCookieName, startSession } from './sessions';

const signInBody = z.object({ token: z.string() }).strict();

function secure(req: Request): boolean {
  return overHttps(new URL(req.url).protocol, req.headers.get('x-forwarded-proto'));
}

function signInOff(): Response | undefined {
  if (authSettings().mode === 'token') return undefined;
  return json({ error: 'there is no sign-in: RBAC_ATLAS_AUTH is none, so every viewer sees what the app reads' }, 404);
}

/** The token a sign-in sends, or why its body is not one (never quoting it). */
function tokenOf(text: string): string | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'the body is not JSON: send {"token": "<a Kubernetes bearer token>"}' };
  }
  const body = signInBody.safeParse(raw);
  if (!body.success) return { error: 'the body is not a sign-in: send {"token": "<a Kubernetes bearer token>"}' };
  return body.data.token.trim();
}

/** POST /api/session: `{token}` → a session cookie and the viewer's name, or why not. */
export async function signIn(req: Request, context: string | undefined): Promise<Response> {
  const off = signInOff();
  if (off) return off;
  const text = await guardedPostBody(req, POST_ROUTES.get(SESSION_PATH)!);
  if (typeof text !== 'string') return text;
  const token = tokenOf(text);
  if (typeof token !== 'string') return json({ error: token.error }, 400);
  const answer = await reviewedToken(token, context, authSettings().cacheSeconds);
  if (answer.state === 'refused') return json({ error: answer.reason }, 401);
  if (answer.state === 'unavailable') return json({ error: `cannot verify the token: ${answer.reason}` }, 503);
  const res = json({ username: answer.user.username, groups: answer.user.groups });
  res.headers.append('set-cookie', sessionCookie(startSession(token, answer.user.username), secure(req)));
  return res;
}

function cookieOf(req: Request): string | undefined {
  const wanted = sessionCookieName(secure(req));
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === wanted) return value.join('=');
  }
  return undefined;
}

/** POST /api/session/end: the session ends here and in the browser. */
export async function signOut(req: Request): Promise<Response> {
  const off = signInOff();
  if (off) return off;
  const text = await guardedPostBody(req, POST_ROUTES.get(SIGN_OUT_PATH)!);
  if (typeof text !== 'string') return text;
  const token = endSession(cookieOf(req));
  if (token) forgetReviews(token);
  const res = json({ signedOut: true });
  res.headers.append('set-cookie', clearedCookie(secure(req)));
  return res;
}
