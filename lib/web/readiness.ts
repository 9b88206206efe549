// /api/readyz's answer: whether the source has been read and its watches are up, never waiting for
// the cluster.
import 'server-only';
import { currentReflectors, currentSource, currentStatus, lastProblem } from '@/lib/k8s/current-source';
import { ClusterError } from '@/lib/k8s/source';
import { json } from './api';
import { currentData, requestContext, watching } from './current';
import { statusOnly } from './readiness-public';
import { authMode, currentViewer } from './viewer';

const KUBECONFIG_WAIT_MS = 200;

function reflectorStates(context: string | undefined) {
  return (currentReflectors(context) ?? []).map(({ kind, namespace, phase, synced, error }) => ({
    kind,
    ...(namespace && { namespace }),
    phase,
    synced,
    ...(error && { error: error.message }),
  }));
}

function unreadable(reason: string): Response {
  return json({ status: 'unreadable', error: reason }, 503);
}

/**
 * Ready when every watch has listed once (a kind the credentials may not list counts as settled:
 * the answers say it is missing) and none has lost its connection. Never waits for the cluster: it
 * only looks at the watches of the default context (starting them on the very first call), and
 * says why the source could not be read when it could not (503 with the reason, never an empty 500).
 * What was read in part stays ready (a probe that failed would only take the pod out of service
 * and show nothing): 200 with `complete: false` and the kinds `missing` and why (a kind forbidden,
 * objects of a snapshot that did not parse). Files with no RBAC objects at all are an error (503).
 * In `token` mode only a verified viewer gets this detail (the proxy verifies a token offered here
 * without requiring one); any other caller gets `{status}`.
 */
export async function readiness(): Promise<Response> {
  // In `token` mode a caller the proxy could not verify (a probe) learns only whether the app is
  // ready, of the default context: `?context=` starts no read of another (readiness-public.ts).
  if (authMode() === 'token' && !(await currentViewer())) return statusOnly(await readinessOf(undefined));
  return readinessOf(await requestContext());
}

async function readinessOf(context: string | undefined): Promise<Response> {
  const problem = lastProblem(context);
  if (!currentStatus(context)?.settled && (problem !== undefined || watching())) {
    // Starts (or retries) the read if nobody has yet; the probe itself never waits for the cluster.
    // A kubeconfig that cannot be loaded fails before any request leaves: a moment's wait lets the
    // very first probe say why, instead of "syncing".
    const reading = currentSource(context).catch(() => undefined);
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, KUBECONFIG_WAIT_MS))]);
    const now = problem ?? lastProblem(context);
    if (now !== undefined) return unreadable(now);
    return json({ status: 'syncing', watches: reflectorStates(context) }, 503);
  }
  try {
    return await ready(context);
  } catch (e) {
    if (e instanceof ClusterError) return unreadable(e.message);
    throw e;
  }
}

async function ready(context: string | undefined): Promise<Response> {
  const { source, engine, status } = await currentData(context);
  const body = {
    source: source.description,
    readAt: source.readAt,
    problems: source.issues.length,
    ...engine.completeness('view'),
  };
  if (!watching() || !status) return json({ status: 'ok', ...body });
  const watches = reflectorStates(context);
  if (status.state === 'stale')
    return json(
      {
        status: 'stale',
        reason: status.reason,
        staleSince: new Date(status.since ?? Date.now()).toISOString(),
        ...body,
        watches,
      },
      503,
    );
  return json({ status: 'ok', ...body, watches });
}
