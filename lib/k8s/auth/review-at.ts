// A TokenReview asked of the cluster a CLI's kubeconfig flags name (reviews.ts asks the app's current
// source): the token inspector's `rbac-atlas token --review`.
import { ClusterError } from '../cluster-error';
import { kubeTransport } from '../live/transport';
import type { LiveSpec } from '../live/live-source';
import { reviewTokenWith, type TokenReviewAnswer } from './reviews';

/** Whether the API server `spec` names accepts `token`; never throws for what the server or the kubeconfig does. */
export async function reviewTokenAt(spec: LiveSpec, token: string): Promise<TokenReviewAnswer> {
  // Loaded here, as lib/k8s/source.ts loads it, so that the CLI's other commands (this module is
  // in its bundle) never load @kubernetes/client-node.
  const { kubeConfigFor } = await import('../live/live-source');
  let transport;
  try {
    transport = kubeTransport(kubeConfigFor(spec).kc, true);
  } catch (e) {
    if (e instanceof ClusterError) return { state: 'unavailable', reason: e.message };
    throw e;
  }
  return reviewTokenWith(transport, token);
}
