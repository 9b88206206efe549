// The one edge every data answer passes: a source that cannot be read answers 503 with why, and an
// answer from a live source that may be old says so (lib/web/stale.ts).
import { currentStatus } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import { json } from './api';
import { requestContext } from './current';
import { markStale, stalenessOf } from './stale';

/**
 * A source that cannot be read is the server's problem, said plainly (503), never a crash; an
 * answer from a live source that may be old says so (lib/web/stale.ts); `live` false for an
 * answer that does not read the current source (a diff of two snapshots).
 */
export async function withSource(handler: () => Promise<Response>, live = true): Promise<Response> {
  try {
    const res = await handler();
    return live ? markStale(res, stalenessOf(currentStatus(await requestContext()))) : res;
  } catch (e) {
    if (e instanceof ClusterError) return json({ error: e.message }, 503);
    throw e;
  }
}
