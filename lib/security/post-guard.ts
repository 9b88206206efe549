// The guard of the POSTs (POST_ROUTES: /api/what-if, a change review of manifests in the body; the
// sign-in and sign-out; the token check): what a browser
// on another site could make a visitor's browser send is refused before the body is read. A
// cross-site form can only send text/plain, urlencoded or multipart bodies, so requiring
// `application/json` means any other site's request needs a CORS preflight, which this app never
// answers; Sec-Fetch-Site and Origin, when the browser sends them, must say same-origin (the rule
// Go's net/http CrossOriginProtection applies; a client that is not a browser sends neither and
// cannot carry a visitor's session anyway, and there is none). The body is capped and must arrive
// within a time bound. docs/what-if.md has the whole reasoning.

/** The largest body taken: a few thousand manifests, far below what a review of it costs. */
export const MAX_POST_BYTES = 5 * 1024 * 1024;
/** How long the body may take to arrive. */
export const POST_READ_MS = 10_000;

export interface PostHeaders {
  contentType: string | null;
  contentLength: string | null;
  origin: string | null;
  secFetchSite: string | null;
  /** The Host the request was sent to (the front door has already checked it against the allowlist). */
  host: string;
}

export interface PostRefusal {
  status: number;
  error: string;
}

/** What one POST address takes, in the words its refusals use. */
export interface PostRoute {
  /** "a what-if request": who must come from this site's page. */
  what: string;
  /** "the manifests": what to send as JSON. */
  body: string;
  maxBytes: number;
}

export const WHAT_IF_ROUTE: PostRoute = { what: 'a what-if request', body: 'the manifests', maxBytes: MAX_POST_BYTES };
/** A sign-in, a sign-out or a token check carries one token: 64 KiB is four times the longest one taken. */
const SMALL = 64 * 1024;

/**
 * Every address that takes a POST, and only a POST (the front door refuses other methods there and
 * POST elsewhere). Each writes nothing to the cluster: a change review (/api/what-if,
 * docs/what-if.md), the sign-in and sign-out of a viewer (/api/session, /api/session/end, kept in
 * memory only) and the token inspector's check (/api/token).
 */
export const POST_ROUTES: ReadonlyMap<string, PostRoute> = new Map([
  ['/api/what-if', WHAT_IF_ROUTE],
  ['/api/session', { what: 'a sign-in', body: 'the token', maxBytes: SMALL }],
  ['/api/session/end', { what: 'a sign-out', body: 'the request', maxBytes: SMALL }],
  ['/api/token', { what: 'a token check', body: 'the token', maxBytes: SMALL }],
]);

const MIB = 1024 * 1024;
function size(bytes: number): string {
  return bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`;
}

export const tooLarge = (route: PostRoute = WHAT_IF_ROUTE): PostRefusal => ({
  status: 413,
  error: `Payload Too Large: ${route === WHAT_IF_ROUTE ? 'a what-if body' : `${route.what}'s body`} is at most ${size(route.maxBytes)}.`,
});

/** The Origin header's host, or undefined when it is not an http(s) origin ("null", garbage). */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

function crossSite(h: PostHeaders, what: string): string | undefined {
  if (h.secFetchSite !== null && h.secFetchSite !== 'same-origin')
    return `Forbidden: ${what} must come from this site's own page (Sec-Fetch-Site is ${JSON.stringify(h.secFetchSite.slice(0, 40))}).`;
  if (h.origin !== null && originHost(h.origin)?.toLowerCase() !== h.host.toLowerCase())
    return `Forbidden: ${what} must come from this site's own page (its Origin is another site).`;
  return undefined;
}

/** What refuses the request to `route` before its body is read, or undefined when it may be read. */
export function postRefusal(h: PostHeaders, route: PostRoute = WHAT_IF_ROUTE): PostRefusal | undefined {
  const cross = crossSite(h, route.what);
  if (cross) return { status: 403, error: cross };
  const type = h.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { status: 415, error: `Unsupported Media Type: send ${route.body} as Content-Type: application/json.` };
  // A declared length only: the front door counts nothing itself, and Node's parser never hands on
  // more body than Content-Length says, so the cap holds before a byte is buffered. Browsers' fetch
  // always declares it for a text body.
  if (h.contentLength === null)
    return { status: 411, error: `Length Required: send ${route.body} with a Content-Length (not chunked).` };
  if (!(Number(h.contentLength) <= route.maxBytes)) return tooLarge(route);
  return undefined;
}

/**
 * The body as text, read until MAX_POST_BYTES (then refused, whatever Content-Length said) or the time
 * bound (then 408); the reader is cancelled either way, so nothing more is buffered.
 */
export async function readCappedBody(
  body: ReadableStream<Uint8Array> | null,
  route: PostRoute = WHAT_IF_ROUTE,
  ms = POST_READ_MS,
): Promise<string | PostRefusal> {
  const max = route.maxBytes;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), late]);
      if (next === 'late')
        return { status: 408, error: `Request Timeout: the body did not arrive within ${ms / 1000} s.` };
      if (next.done) break;
      size += next.value.byteLength;
      if (size > max) return tooLarge(route);
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
    void reader.cancel().catch(() => undefined);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
