// Every answer computed from data that may be old says so, in one place: `withSource` marks each
// successful answer of a stale live source with `"stale": {"since", "reason"}` as the first field
// of its JSON (a stream included: the field is written before the body's first byte leaves) and an
// `x-rbac-atlas-stale` header on every format (CSV has no place for it in the body).
import type { CacheStatus } from '@/lib/k8s/live/cluster-cache';

export const STALE_HEADER = 'x-rbac-atlas-stale';

export interface Staleness {
  /** ISO time the outage started (held until the source is healthy again). */
  since: string;
  reason: string;
}

export function stalenessOf(status: CacheStatus | undefined): Staleness | undefined {
  if (status?.state !== 'stale') return undefined;
  return { since: new Date(status.since ?? Date.now()).toISOString(), reason: status.reason ?? 'unknown' };
}

/** The header's value: printable ASCII only (a header cannot carry more), the reason quoted as JSON. */
function staleHeader(stale: Staleness): string {
  return `since=${stale.since}; reason=${JSON.stringify(stale.reason).replace(/[^\x20-\x7e]/g, '?')}`;
}

const OPEN = '{'.charCodeAt(0);
const CLOSE = '}'.charCodeAt(0);

/**
 * A JSON object's bytes with `fields` as its first members. The body's first byte is its `{`
 * (json() and jsonStream() write no whitespace); whether a comma follows depends on the next byte,
 * which may come in a later chunk.
 */
function withLeadingFields(
  body: ReadableStream<Uint8Array>,
  fields: Record<string, unknown>,
): ReadableStream<Uint8Array> {
  const field = new TextEncoder().encode(JSON.stringify(fields).slice(0, -1));
  const comma = new TextEncoder().encode(',');
  let state: 'start' | 'afterOpen' | 'done' = 'start';
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        let rest = chunk;
        if (state === 'start' && rest.length > 0) {
          if (rest[0] !== OPEN) state = 'done';
          else {
            controller.enqueue(field);
            rest = rest.subarray(1);
            state = 'afterOpen';
          }
        }
        if (state === 'afterOpen' && rest.length > 0) {
          if (rest[0] !== CLOSE) controller.enqueue(comma);
          state = 'done';
        }
        if (rest.length > 0) controller.enqueue(rest);
      },
    }),
  );
}

/**
 * A successful JSON answer with `fields` first (a stream included); any other answer (an error, a
 * redirect, CSV) as it is.
 */
export function withFields(res: Response, fields: Record<string, unknown>): Response {
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  if (res.status < 200 || res.status >= 300 || !json || !res.body || Object.keys(fields).length === 0) return res;
  const headers = new Headers(res.headers);
  return new Response(withLeadingFields(res.body, fields), { status: res.status, statusText: res.statusText, headers });
}

/** The answer, marked stale when `stale` says so; errors and redirects are left as they are. */
export function markStale(res: Response, stale: Staleness | undefined): Response {
  if (!stale || res.status < 200 || res.status >= 300) return res;
  const headers = new Headers(res.headers);
  headers.set(STALE_HEADER, staleHeader(stale));
  return withFields(new Response(res.body, { status: res.status, statusText: res.statusText, headers }), { stale });
}
