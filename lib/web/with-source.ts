// The one edge every data answer passes: a source that cannot be read answers 503 with why, an
// answer from a live source that may be old says so (lib/web/stale.ts), and every JSON answer
// names the Kubernetes version it models (`"kubernetes": {version, features, from, featuresFrom}`).
// In `token` mode, a viewer who may not see what the address shows is answered 401 or 403 with why
// and the permission it needs (lib/web/viewer-scope.ts).
import { currentStatus } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import { json } from './api';
import { kubeVersionJson } from '@/lib/rbac';
import { currentData, requestContext } from './current';
import { AccessRefused } from './viewer-scope';
import { authMode } from './viewer';
import { markStale, stalenessOf, withFields } from './stale';

/**
 * A source that cannot be read is the server's problem, said plainly (503), never a crash; an
 * answer from a live source that may be old says so (lib/web/stale.ts); `live` false for an
 * answer that does not read the current source (a diff of two snapshots).
 */
export async function withSource(handler: () => Promise<Response>, live = true): Promise<Response> {
  try {
    // In `token` mode the viewer's access is checked before any answer, also one that reads no
    // current data (two snapshots compared): currentData throws AccessRefused.
    if (authMode() !== 'none') await currentData();
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
    if (e instanceof AccessRefused) return json({ error: e.message }, e.status);
    throw e;
  }
}
