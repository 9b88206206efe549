// The one edge every data answer passes: a source that cannot be read answers 503 with why, an
// answer from a live source that may be old says so (lib/web/stale.ts), and every JSON answer
// names the Kubernetes version it models (`"kubernetes": {version, features, from, featuresFrom}`).
import { currentStatus } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import { json } from './api';
import { kubeVersionJson } from '@/lib/rbac';
import { currentData, requestContext } from './current';
import { markStale, stalenessOf, withFields } from './stale';

/**
 * A source that cannot be read is the server's problem, said plainly (503), never a crash; an
 * answer from a live source that may be old says so (lib/web/stale.ts); `live` false for an
 * answer that does not read the current source (a diff of two snapshots).
 */
export async function withSource(handler: () => Promise<Response>, live = true): Promise<Response> {
  try {
    const res = await handler();
    if (!live) return res;
    const context = await requestContext();
    const stale = stalenessOf(currentStatus(context));
    // After `stale`, when there is one: the same order as the CLI's JSON, which has no `stale`.
    const answered = res.ok
      ? withFields(res, { kubernetes: kubeVersionJson((await currentData(context)).engine.kubernetes) })
      : res;
    return markStale(answered, stale);
  } catch (e) {
    if (e instanceof ClusterError) return json({ error: e.message }, 503);
    throw e;
  }
}
