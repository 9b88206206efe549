// What /api/readyz tells a caller the proxy could not verify, in `token` mode (a kubelet's probe, or
// anyone who reaches the Service): only whether the app is ready, as `{status}` and the HTTP status.
// The detail (the source's description, the API server, the Kubernetes version, missing kinds,
// watch errors) names the cluster: it is for verified viewers only (issue #31).
import { json } from './api';

/** `answer` with its body cut to `{status}` (the HTTP status kept). */
export async function statusOnly(answer: Response): Promise<Response> {
  let status = 'unknown';
  try {
    const body: unknown = await answer.json();
    if (body && typeof body === 'object' && 'status' in body && typeof body.status === 'string') status = body.status;
  } catch {
    // Not JSON: the status alone still says it.
  }
  return json({ status }, answer.status);
}
