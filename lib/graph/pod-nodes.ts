// Pods and the service accounts they run as; many pods of one account one node unless expanded.
import { type Engine, carriesToken, mountsToken, type Pod, type SubjectRef } from '@/lib/rbac';
import { podGroupNodeId, podNodeId } from './node-ids';
import type { ViewOptions as ViewParams } from './view-options';
import { GraphBuilder } from './graph-builder';
import { POD_GROUP_THRESHOLD } from './view-limits';

export function addPods(b: GraphBuilder, engine: Engine, namespace: string, p: ViewParams): void {
  const bySa = new Map<string, Pod[]>();
  for (const pod of engine.podsIn(namespace)) {
    const list = bySa.get(pod.serviceAccountName);
    if (list) list.push(pod);
    else bySa.set(pod.serviceAccountName, [pod]);
  }
  for (const [sa, pods] of bySa) {
    const saRef: SubjectRef = { kind: 'ServiceAccount', namespace, name: sa };
    const saId = b.subject(saRef, 0).id;
    // A stolen token of this service account leads to cluster-admin.
    const toAdmin = engine.distanceToAdmin(saRef) !== undefined;
    const risky = (pod: Pod) => toAdmin && carriesToken(pod);
    if (pods.length >= POD_GROUP_THRESHOLD && !(p.expand ?? []).includes(sa)) {
      const mounted = pods.filter(mountsToken).length;
      b.node(
        {
          id: podGroupNodeId(namespace, sa),
          kind: 'pod-group',
          label: `${pods.length} pods`,
          namespace,
          count: pods.length,
          ...(mounted === 0 && { label: `${pods.length} pods (no token)` }),
          ...(pods.some(risky) && { risky: true }),
        },
        0,
      );
      b.edge(podGroupNodeId(namespace, sa), saId, 'runs-as');
      continue;
    }
    for (const pod of pods) {
      const id = podNodeId(namespace, pod.name);
      b.node(
        {
          id,
          kind: 'pod',
          label: mountsToken(pod) ? pod.name : `${pod.name} (no token)`,
          namespace,
          ...(risky(pod) && { risky: true }),
        },
        0,
      );
      b.edge(id, saId, 'runs-as');
    }
  }
}
