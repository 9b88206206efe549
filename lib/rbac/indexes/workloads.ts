// The workloads a cluster has, as far as its pods tell: RBAC Atlas does not read Deployments,
// ReplicaSets and the like, but every pod a controller makes names its controller in an owner
// reference (pkg/controller/controller_utils.go), so a pod's owner is a workload that exists.
import type { Pod } from '../model/types';
import { eachOf, type Work } from '../sliced-work';

/**
 * A kind of workload whose controller runs pods: its API group and resource. The one table every
 * workload list derives from (the create and update probes, the danger rule, the technique texts).
 * `updateProbe`: a `patch`/`update` changes its pod template, so one exists for the kinds whose
 * template is mutable (a Job's is not, pkg/apis/batch/validation ValidateJobSpecUpdate).
 * `fromPods`: a pod's controller owner reference can name it; a CronJob owns Jobs, never pods.
 */
export interface WorkloadKind {
  kind: string;
  group: string;
  resource: string;
  updateProbe?: string;
  fromPods: boolean;
}

export const WORKLOAD_KINDS = {
  Deployment: {
    kind: 'Deployment',
    group: 'apps',
    resource: 'deployments',
    updateProbe: 'updateDeployments',
    fromPods: true,
  },
  ReplicaSet: {
    kind: 'ReplicaSet',
    group: 'apps',
    resource: 'replicasets',
    updateProbe: 'updateReplicaSets',
    fromPods: true,
  },
  DaemonSet: {
    kind: 'DaemonSet',
    group: 'apps',
    resource: 'daemonsets',
    updateProbe: 'updateDaemonSets',
    fromPods: true,
  },
  StatefulSet: {
    kind: 'StatefulSet',
    group: 'apps',
    resource: 'statefulsets',
    updateProbe: 'updateStatefulSets',
    fromPods: true,
  },
  Job: { kind: 'Job', group: 'batch', resource: 'jobs', fromPods: true },
  CronJob: { kind: 'CronJob', group: 'batch', resource: 'cronjobs', updateProbe: 'updateCronJobs', fromPods: false },
  ReplicationController: {
    kind: 'ReplicationController',
    group: '',
    resource: 'replicationcontrollers',
    updateProbe: 'updateReplicationControllers',
    fromPods: true,
  },
} as const satisfies Record<string, WorkloadKind>;

type Kinds = (typeof WORKLOAD_KINDS)[keyof typeof WORKLOAD_KINDS];

/** Every workload kind, in the table's order. */
export const ALL_WORKLOAD_KINDS: readonly Kinds[] = Object.values(WORKLOAD_KINDS);

/** The kinds whose pod template a `patch` or `update` changes. */
export type MutableKind = Extract<Kinds, { updateProbe: string }>;
export type UpdateProbeId = MutableKind['updateProbe'];
export const MUTABLE_WORKLOAD_KINDS: readonly MutableKind[] = ALL_WORKLOAD_KINDS.filter(
  (k): k is MutableKind => 'updateProbe' in k,
);

/** "deployments, replicasets, … and replicationcontrollers": the plain resource names of some kinds. */
export function kindList(kinds: readonly WorkloadKind[]): string {
  const names = kinds.map((k) => k.resource);
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

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
  const kind = ALL_WORKLOAD_KINDS.find((k) => k.fromPods && k.kind === owner.kind && k.group === owner.group);
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
/** In slices (sliced-work.ts): 150,000 pods take a few hundred milliseconds. */
export function* workloadsByNamespaceWork(pods: readonly Pod[]): Work<Map<string, Workload[]>> {
  const out = new Map<string, Workload[]>();
  const seen = new Set<string>();
  const ofPod = (pod: Pod) => {
    for (const w of workloadsOfPod(pod)) {
      const key = `${w.kind.kind}/${w.namespace}/${w.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = out.get(w.namespace);
      if (list) list.push(w);
      else out.set(w.namespace, [w]);
    }
  };
  yield* eachOf(pods, ofPod, 4096);
  return out;
}
