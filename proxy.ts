// Every request passes here first: only GET and HEAD, only from allowed Host names (DNS rebinding),
// and a Content-Security-Policy with a per-request nonce for Next's own scripts (no unsafe-eval).
import { NextResponse, type NextRequest } from 'next/server';
import { hostAllowed, allowedHostsFromEnv } from '@/lib/security/hosts';
import { contentSecurityPolicy } from '@/lib/security/headers';
import { CONTEXT_HEADER, CONTEXT_PARAM, validContext } from '@/lib/views/context';

const allowedHosts = allowedHostsFromEnv(process.env.RBAC_ATLAS_ALLOWED_HOSTS);

export function proxy(request: NextRequest) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new NextResponse('Method Not Allowed: RBAC Atlas only reads (GET, HEAD).\n', {
      status: 405,
      headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const host = request.headers.get('host') ?? '';
  if (!hostAllowed(host, allowedHosts)) {
    return new NextResponse(`Misdirected Request: host "${host}" is not allowed (set RBAC_ATLAS_ALLOWED_HOSTS).\n`, {
      status: 421,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  // Server components read the view's kubeconfig context from here; only the URL may set it.
  headers.delete(CONTEXT_HEADER);
  const context = validContext(request.nextUrl.searchParams.get(CONTEXT_PARAM));
  if (context) headers.set(CONTEXT_HEADER, context);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
