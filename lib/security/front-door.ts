// What is refused before anything else reads a request: methods that are not GET or HEAD (but for
// the POSTs that write nothing to the cluster, post-guard.ts's POST_ROUTES, which it guards further), Host
// names not on the allowlist (DNS rebinding), and request targets that are not well-formed
// percent-encoding (which Next.js would otherwise fail on with a 500). One rule, applied twice:
// by the production server's front door (server/main.ts), before Next.js parses anything, static
// files included; and by proxy.ts, which also covers `next dev`.
import { NO_CONTENT_POLICY, SECURITY_HEADERS } from './headers';
import { hostAllowed } from './hosts';
import { POST_ROUTES } from './post-guard';

export interface RequestLine {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  target: string;
  host: string;
}

export interface Refusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The one address that takes a POST: a change review of manifests sent in the body, which writes
 * nothing and keeps nothing (docs/what-if.md says why it is safe). Only POST: a review is never a link.
 */
export const WHAT_IF_PATH = '/api/what-if';

const pathOf = (target: string) => target.split('?', 1)[0];

function methodRefusal(method: string, target: string): Refusal | undefined {
  const path = pathOf(target) ?? '';
  const route = POST_ROUTES.get(path);
  if (route)
    return method === 'POST'
      ? undefined
      : plainRefusal(405, `Method Not Allowed: ${path} takes a POST of ${route.body}.`, { allow: 'POST' });
  if (READ_METHODS.has(method)) return undefined;
  return plainRefusal(405, 'Method Not Allowed: RBAC Atlas only reads (GET, HEAD).', { allow: 'GET, HEAD' });
}

/** The request's refusal, or undefined when it may go on. */
export function refusal(request: RequestLine, allowedHosts: ReadonlySet<string>): Refusal | undefined {
  const method = methodRefusal(request.method, request.target);
  if (method) return method;
  if (request.host === '') return plainRefusal(400, 'Bad Request: HTTP/1.1 requires a Host header.');
  if (!hostAllowed(request.host, allowedHosts))
    return plainRefusal(421, `Misdirected Request: this Host is not allowed (set RBAC_ATLAS_ALLOWED_HOSTS).`);
  if (!wellFormedTarget(request.target))
    return plainRefusal(400, 'Bad Request: the address is not valid percent-encoded UTF-8 (RFC 3986).');
  return undefined;
}

/** An origin-form target whose every %XX escape is hex and decodes to valid UTF-8. */
export function wellFormedTarget(target: string): boolean {
  if (!target.startsWith('/')) return false;
  try {
    decodeURIComponent(target);
    return true;
  } catch {
    return false;
  }
}

/** A plain-text answer that is never a page: nothing may load or frame it, nothing may cache it. */
export function plainRefusal(status: number, message: string, extra: Record<string, string> = {}): Refusal {
  return {
    status,
    message: `${message}\n`,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': NO_CONTENT_POLICY,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra,
    },
  };
}
