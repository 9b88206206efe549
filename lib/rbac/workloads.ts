// The workloads a cluster has, as far as its pods tell: RBAC Atlas does not read Deployments,
// ReplicaSets and the like, but every pod a controller makes names its controller in an owner
// reference (pkg/controller/controller_utils.go), so a pod's owner is a workload that exists.
import type { Pod } from './types';

/**
 * A workload kind whose pod template a `patch` or `update` changes: its API group and resource.
 * Jobs are known too (a Job's template cannot change, so updating one is no step).
 */
export interface WorkloadKind {
  kind: string;
  group: string;
  resource: string;
}

export const WORKLOAD_KINDS = {
  Deployment: { kind: 'Deployment', group: 'apps', resource: 'deployments' },
  ReplicaSet: { kind: 'ReplicaSet', group: 'apps', resource: 'replicasets' },
  DaemonSet: { kind: 'DaemonSet', group: 'apps', resource: 'daemonsets' },
  StatefulSet: { kind: 'StatefulSet', group: 'apps', resource: 'statefulsets' },
  Job: { kind: 'Job', group: 'batch', resource: 'jobs' },
  ReplicationController: { kind: 'ReplicationController', group: '', resource: 'replicationcontrollers' },
} as const satisfies Record<string, WorkloadKind>;

/** An existing workload, known from the owner reference of `pod` (a pod in the same namespace). */
export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  pod: string;
}

/**
 * The workloads a pod shows exist: its controller when that is a workload kind, and the Deployment
 * of a ReplicaSet owner named `<deployment>-<pod-template-hash>` when the pod carries that hash (the
 * Deployment controller names its ReplicaSets so and labels their pods, pkg/controller/deployment/sync.go).
 * A Job's CronJob is not inferred: the CronJob controller names Jobs `<cronjob>-<minutes>`, but a Job
 * made by hand can be named alike and nothing on the pod tells them apart.
 */
export function workloadsOfPod(pod: Pod): Workload[] {
  const owner = pod.owner;
  if (!owner) return [];
  const kind = Object.values(WORKLOAD_KINDS).find((k) => k.kind === owner.kind && k.group === owner.group);
  if (!kind) return [];
  const out: Workload[] = [{ kind, namespace: pod.namespace, name: owner.name, pod: pod.name }];
  const hash = pod.templateHash;
  if (kind.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`) && owner.name.length > hash.length + 1)
    out.push({
      kind: WORKLOAD_KINDS.Deployment,
      namespace: pod.namespace,
      name: owner.name.slice(0, -hash.length - 1),
      pod: pod.name,
    });
  return out;
}

/** Every workload the pods show, once each (the first pod that shows it), by namespace. */
export function workloadsByNamespace(pods: readonly Pod[]): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  const seen = new Set<string>();
  for (const pod of pods)
    for (const w of workloadsOfPod(pod)) {
      const key = `${w.kind.kind}/${w.namespace}/${w.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = out.get(w.namespace);
      if (list) list.push(w);
      else out.set(w.namespace, [w]);
    }
  return out;
}
