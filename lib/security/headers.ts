// The headers every response carries. Next's responses get them from next.config.ts (and the
// Content-Security-Policy, with its per-request nonce, from proxy.ts); the front door's own
// refusals (front-door.ts) carry them too.

/** Sent with every response, whoever writes it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** For responses that are never a page (plain-text refusals): nothing may load or frame them. */
export const NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** No unsafe-eval; scripts only from this origin with the request's nonce; never framed. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React's dev tooling evaluates code; the production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Tailwind's stylesheet is a file; React and Cytoscape set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
