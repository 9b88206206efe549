// The proxy's part in `token` mode (proxy.ts): the request's viewer, verified, or the response it
// gets instead (sign-in redirect, 401, 503), with a sign-in session that is over cleared from the
// browser. In `none` mode, and for the exempt addresses, there is no viewer and nothing to check.
import { NextResponse, type NextRequest } from 'next/server';
import type { ReviewedUser } from '@/lib/k8s/auth/reviews';
import { plainRefusal } from '@/lib/security/front-door';
import { authSettings, AuthSettingsError } from '@/lib/security/auth-settings';
import { exempt, gate, viewerOptional, type GateAnswer } from './gate';
import { reviewedToken } from './review-cache';
import { clearedCookie, endSession, overHttps, sessionCookieName, sessionToken } from './sessions';

export type ViewerGate = { viewer?: ReviewedUser } | { response: NextResponse };

function respond(answer: GateAnswer, request: NextRequest, sessionId: string | undefined): NextResponse {
  // Next wants a redirect's Location absolute here (it makes a same-origin one relative again).
  const { location, ...headers } = answer.headers;
  const res = new NextResponse(answer.status === 303 || request.method === 'HEAD' ? null : answer.body, {
    status: answer.status,
    headers: location ? { ...headers, location: new URL(location, request.nextUrl).toString() } : headers,
  });
  if (answer.endSession) {
    endSession(sessionId);
    res.headers.append('set-cookie', clearedCookie(secureRequest(request)));
  }
  return res;
}

const secureRequest = (request: NextRequest) =>
  overHttps(request.nextUrl.protocol, request.headers.get('x-forwarded-proto'));

/** A misconfigured RBAC_ATLAS_AUTH fails every request (never a fall back to no sign-in). */
function misconfigured(e: AuthSettingsError): NextResponse {
  const r = plainRefusal(503, `Service Unavailable: ${e.message}.`);
  return new NextResponse(r.message, { status: r.status, headers: r.headers });
}

export async function viewerGate(request: NextRequest, context: string | undefined): Promise<ViewerGate> {
  let settings;
  try {
    settings = authSettings();
  } catch (e) {
    if (e instanceof AuthSettingsError) return { response: misconfigured(e) };
    throw e;
  }
  const { pathname, search } = request.nextUrl;
  // The sign-in page and /api/readyz need no viewer, but verify one offered (gate.ts, viewerOptional).
  const optional = viewerOptional(pathname);
  if (settings.mode === 'none' || (exempt(pathname, process.env.NODE_ENV !== 'production') && !optional)) return {};
  const sessionId = request.cookies.get(sessionCookieName(secureRequest(request)))?.value;
  const outcome = await gate(
    {
      pathname,
      search,
      authorization: request.headers.get('authorization'),
      sessionToken: sessionToken(sessionId),
      hadSession: sessionId !== undefined,
      context,
    },
    (token) => reviewedToken(token, context, settings.cacheSeconds),
  );
  if (outcome.kind === 'viewer') return { viewer: outcome.user };
  if (optional) return {};
  return { response: respond(outcome.answer, request, sessionId) };
}
