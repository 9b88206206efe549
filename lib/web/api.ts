// What every JSON route handler shares: no caching, errors as { error } with a status.
import type { Completeness, RiskStatus } from '@/lib/rbac';
import { joinedInChunks } from '@/lib/reports/chunks';

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function badRequest(error: string): Response {
  return json({ error }, 400);
}

/** Text made a chunk at a time as the client reads, so the server never holds a large answer whole. */
export function textStream(chunks: Iterable<string>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      it.return?.();
    },
  });
}

/** The text of `{...head, [key]: items.map(map)}`, as JSON.stringify writes it, in chunks. */
function* jsonChunks<T>(head: object, key: string, items: readonly T[], map: (item: T) => unknown): Generator<string> {
  const open = JSON.stringify(head).slice(0, -1);
  yield `${open}${open === '{' ? '' : ','}${JSON.stringify(key)}:[`;
  yield* joinedInChunks(items, (item) => JSON.stringify(map(item)), ',');
  yield ']}';
}

/**
 * A JSON answer with one long list (every finding, every path of a large cluster: tens of MB),
 * streamed: the same bytes as json() would send.
 */
export function jsonStream<T>(
  head: object,
  key: string,
  items: readonly T[],
  map: (item: T) => unknown = (item) => item,
): Response {
  return new Response(textStream(jsonChunks(head, key, items, map)), {
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** CSV has no place for it in the body: an incomplete export says so in a header. */
export function csv(
  body: string | ReadableStream<Uint8Array>,
  filename: string,
  completeness?: Completeness,
): Response {
  return new Response(body, {
    headers: {
      ...(completeness && { 'x-rbac-atlas-complete': String(completeness.complete) }),
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}

/**
 * A CSV made of risk answers has no `risks` field to say where they stand: while none is computed it
 * is refused (503, with when to ask again) rather than be an empty list that reads as "none", and a
 * previous version's says so in the `x-rbac-atlas-risks` header (`previous; asOf=…`).
 */
export function riskCsv(status: RiskStatus, make: () => Response): Response {
  if (status.state === 'computing') {
    const res = json({ error: 'the findings are being computed: ask again in a moment', risks: status }, 503);
    res.headers.set('retry-after', '5');
    return res;
  }
  const res = make();
  if (status.state === 'previous') res.headers.set('x-rbac-atlas-risks', `previous; asOf=${status.asOf}`);
  return res;
}
