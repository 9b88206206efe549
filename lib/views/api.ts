// What every JSON route handler shares: no caching, errors as { error } with a status.
import { ClusterError } from '@/lib/k8s/source';
import type { Completeness } from '@/lib/rbac';

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function badRequest(error: string): Response {
  return json({ error }, 400);
}

/** A source that cannot be read is the server's problem, said plainly (503), never a crash. */
export async function withSource(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (e) {
    if (e instanceof ClusterError) return json({ error: e.message }, 503);
    throw e;
  }
}

/** CSV has no place for it in the body: an incomplete export says so in a header. */
export function csv(body: string, filename: string, completeness?: Completeness): Response {
  return new Response(body, {
    headers: {
      ...(completeness && { 'x-rbac-atlas-complete': String(completeness.complete) }),
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
