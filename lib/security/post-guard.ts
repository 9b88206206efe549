// The guard of the one POST (/api/what-if, a change review of manifests in the body): what a browser
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

const MIB = 1024 * 1024;
export const tooLarge = (): PostRefusal => ({
  status: 413,
  error: `Payload Too Large: a what-if body is at most ${MAX_POST_BYTES / MIB} MiB.`,
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

function crossSite(h: PostHeaders): string | undefined {
  if (h.secFetchSite !== null && h.secFetchSite !== 'same-origin')
    return `Forbidden: a what-if request must come from this site's own page (Sec-Fetch-Site is ${JSON.stringify(h.secFetchSite)}).`;
  if (h.origin !== null && originHost(h.origin)?.toLowerCase() !== h.host.toLowerCase())
    return "Forbidden: a what-if request must come from this site's own page (its Origin is another site).";
  return undefined;
}

/** What refuses the request before its body is read, or undefined when it may be read. */
export function postRefusal(h: PostHeaders): PostRefusal | undefined {
  const cross = crossSite(h);
  if (cross) return { status: 403, error: cross };
  const type = h.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { status: 415, error: 'Unsupported Media Type: send the manifests as Content-Type: application/json.' };
  // A declared length only: the front door counts nothing itself, and Node's parser never hands on
  // more body than Content-Length says, so the cap holds before a byte is buffered. Browsers' fetch
  // always declares it for a text body.
  if (h.contentLength === null)
    return { status: 411, error: 'Length Required: send the manifests with a Content-Length (not chunked).' };
  if (!(Number(h.contentLength) <= MAX_POST_BYTES)) return tooLarge();
  return undefined;
}

/**
 * The body as text, read until MAX_POST_BYTES (then refused, whatever Content-Length said) or the time
 * bound (then 408); the reader is cancelled either way, so nothing more is buffered.
 */
export async function readCappedBody(
  body: ReadableStream<Uint8Array> | null,
  max = MAX_POST_BYTES,
  ms = POST_READ_MS,
): Promise<string | PostRefusal> {
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
      if (size > max) return tooLarge();
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
    void reader.cancel().catch(() => undefined);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
