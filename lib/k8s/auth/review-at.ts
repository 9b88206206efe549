// A TokenReview asked of the cluster a CLI's kubeconfig flags name (reviews.ts asks the app's current
// source): the token inspector's `rbac-atlas token --review`.
import { ClusterError } from '../cluster-error';
import { kubeTransport } from '../live/transport';
import { kubeConfigFor, type LiveSpec } from '../live/live-source';
import { reviewTokenWith, type TokenReviewAnswer } from './reviews';

/** Whether the API server `spec` names accepts `token`; never throws for what the server or the kubeconfig does. */
export async function reviewTokenAt(spec: LiveSpec, token: string): Promise<TokenReviewAnswer> {
  let transport;
  try {
    transport = kubeTransport(kubeConfigFor(spec).kc, true);
  } catch (e) {
    if (e instanceof ClusterError) return { state: 'unavailable', reason: e.message };
    throw e;
  }
  return reviewTokenWith(transport, token);
}
