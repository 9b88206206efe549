// Every request Next.js routes passes here first: the front door's refusals (lib/security's one
// rule, which server/main.ts also applies before Next.js in production, and which covers `next dev`
// here); then, with RBAC_ATLAS_AUTH=token, the viewer's token (lib/web/auth/gate.ts); then a 503 status for a page whose source cannot be read, a Content-Security-Policy with
// a per-request nonce for Next's own scripts (no unsafe-eval), and the view's kubeconfig context
// for server components.
import { NextResponse, type NextRequest } from 'next/server';
import { NAV_ITEMS } from '@/components/layout/nav-items';
import { sourceProblem } from '@/lib/web/source-problem';
import { allowedHostsFromEnv } from '@/lib/security/hosts';
import { refusal } from '@/lib/security/front-door';
import { contentSecurityPolicy } from '@/lib/security/headers';
import { CONTEXT_HEADER, CONTEXT_PARAM, validContext } from '@/lib/web/context';
import { PATH_HEADER } from '@/lib/web/path-header';
import { encodeViewer, VIEWER_HEADER } from '@/lib/web/viewer-header';
import { viewerGate } from '@/lib/web/auth/proxy-gate';

const allowedHosts = allowedHostsFromEnv(process.env.RBAC_ATLAS_ALLOWED_HOSTS);

/** A page of a section (not an API route, a static file or an unknown path). */
function isPage(pathname: string): boolean {
  return NAV_ITEMS.some((item) => item.match(pathname));
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const refused = refusal(
    { method: request.method, target: pathname + search, host: request.headers.get('host') ?? '' },
    allowedHosts,
  );
  if (refused) return new NextResponse(refused.message, { status: refused.status, headers: refused.headers });
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  // Server components read the view's kubeconfig context from here; only the URL may set it.
  headers.delete(CONTEXT_HEADER);
  // What the viewer asked for, for their access check (lib/web/viewer-scope.ts); only the URL sets it.
  headers.set(PATH_HEADER, pathname + search);
  const context = validContext(request.nextUrl.searchParams.get(CONTEXT_PARAM));
  if (context) headers.set(CONTEXT_HEADER, context);
  // Only the proxy says who the viewer is, after the API server accepted their token: never the client.
  headers.delete(VIEWER_HEADER);
  const gated = await viewerGate(request, context);
  if ('response' in gated) return gated.response;
  if (gated.viewer) headers.set(VIEWER_HEADER, encodeViewer(gated.viewer));
  // As the API server does once it has authenticated a request: nothing after this needs the token.
  if (gated.viewer) headers.delete('authorization');
  headers.set('content-security-policy', csp);
  // A page whose source cannot be read shows why, and says so in its status: 503, as the API does.
  const unreadable = isPage(pathname) && (await sourceProblem(context)) !== undefined;
  const response = NextResponse.next({ request: { headers }, ...(unreadable && { status: 503 }) });
  response.headers.set('content-security-policy', csp);
  return response;
}
