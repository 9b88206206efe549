// Where the data comes from. Every source produces the same thing: a model, the problems found on
// the way, and a description of the source for the header and the CLI.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ClusterModel } from '@/lib/rbac';
import { DEFAULT_KUBE_VERSION, kubeVersion, serverKubeVersion, type KubeVersion } from '@/lib/rbac/model/kube-version';
import type { RecordedKubernetes } from './files/documents';
import type { ResourceType } from '@/lib/rbac/model/resource-types';
import { ClusterError } from './cluster-error';
import { formatIssue, type SourceIssue } from './issues';
import type { CacheOptions } from './live/cluster-cache';
import type { ParsedObject } from './kinds/objects';
import { readSnapshot, SnapshotError } from './files/snapshot';

/** `kubeVersion`: the minor to answer as (--kube-version, RBAC_ATLAS_KUBE_VERSION), already checked. */
export type SourceSpec =
  | { kind: 'snapshot'; path: string; kubeVersion?: number }
  | { kind: 'demo'; kubeVersion?: number }
  /** `path` absent: KUBECONFIG or ~/.kube/config, as kubectl reads them. */
  | { kind: 'kubeconfig'; path?: string; context?: string }
  /** `root` prefixes the service-account folder (tests point it at a fake pod filesystem). */
  | { kind: 'in-cluster'; root?: string };

export interface LoadedSource {
  spec: SourceSpec;
  model: ClusterModel;
  issues: SourceIssue[];
  skippedKinds: Record<string, number>;
  /** ISO time the data was read. */
  readAt: string;
  /**
   * "demo data", "snapshot /path/x.yaml", "context kind-dev (https://…), Kubernetes v1.36.3",
   * "in-cluster (https://…), Kubernetes v1.35.4" (the version when /version could be read).
   */
  description: string;
  /** Live sources only: the objects read, for `rbac-atlas snapshot`. */
  objects?: () => ParsedObject[];
  /**
   * Live sources only: what the API server says of itself (lib/k8s/live/discovery.ts). `resourceTypes`
   * is the resolver's discovery table; absent, the built-in table alone resolves names.
   */
  cluster?: { version?: string; resourceTypes?: readonly ResourceType[] };
}

export { ClusterError };

/** The bundled demo cluster (built-in roles captured from a real API server plus team namespaces), relative to the project root. */
export const DEMO_SNAPSHOT = 'lib/k8s/demo/cluster.json';
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** In a pod: the service host is set and a token is mounted. */
export function runningInCluster(env: NodeJS.ProcessEnv, root = env.RBAC_ATLAS_IN_CLUSTER_ROOT ?? ''): boolean {
  return Boolean(
    env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(`${root}${SERVICE_ACCOUNT_DIR}/token`),
  );
}

/** The kubeconfig files kubectl would read: $KUBECONFIG (path list) or ~/.kube/config, if any exists. */
export function kubeconfigExists(env: NodeJS.ProcessEnv): boolean {
  const files = env.KUBECONFIG
    ? env.KUBECONFIG.split(path.delimiter).filter(Boolean)
    : [path.join(homedir(), '.kube', 'config')];
  return files.some((f) => existsSync(f));
}

/** In-cluster when in a pod, else the kubeconfig's current context when a kubeconfig exists, else the demo. */
export function defaultSourceSpec(env: NodeJS.ProcessEnv): SourceSpec {
  // RBAC_ATLAS_IN_CLUSTER_ROOT prefixes the service-account folder: tests give the server a pod's files.
  const root = env.RBAC_ATLAS_IN_CLUSTER_ROOT;
  if (runningInCluster(env)) return root ? { kind: 'in-cluster', root } : { kind: 'in-cluster' };
  if (kubeconfigExists(env)) return { kind: 'kubeconfig' };
  return { kind: 'demo' };
}

/** `projectRoot` locates the bundled demo: the server runs from the project root, the CLI passes its own. */
export async function loadSource(
  spec: SourceSpec,
  projectRoot = process.cwd(),
  opts: CacheOptions = {},
): Promise<LoadedSource> {
  // @kubernetes/client-node is loaded only when a live cluster is read: a snapshot or the demo
  // starts without it (the CLI's start-up time is mostly module loading).
  if (spec.kind === 'kubeconfig' || spec.kind === 'in-cluster')
    return (await import('./live/live-source')).loadLive(spec, opts);
  const snap = await readSnapshot(spec.kind === 'demo' ? path.join(projectRoot, DEMO_SNAPSHOT) : spec.path);
  snap.model.kubernetes = snapshotKubeVersion(spec, snap.kubernetes);
  const description = spec.kind === 'demo' ? 'demo data' : `snapshot ${spec.path}`;
  const empty = emptySourceProblem(snap.model, snap.issues, description);
  if (empty) throw new SnapshotError(empty);
  return {
    spec,
    model: snap.model,
    issues: [
      ...snap.issues,
      ...snap.skippedFiles.map((file): SourceIssue => ({
        file,
        severity: 'warning',
        message: 'not a .yaml, .yml or .json file; skipped',
      })),
    ],
    skippedKinds: snap.skippedKinds,
    readAt: new Date().toISOString(),
    description,
  };
}

/**
 * The version a snapshot is answered as: the one asked for, else the live server's version that
 * `rbac-atlas snapshot` recorded in it (with the gates its /metrics reported), else the default.
 */
function snapshotKubeVersion(spec: { kubeVersion?: number }, recorded?: RecordedKubernetes): KubeVersion {
  if (spec.kubeVersion !== undefined) return kubeVersion(spec.kubeVersion, 'flag');
  if (recorded) return serverKubeVersion(recorded.server, recorded.features, 'snapshot');
  return DEFAULT_KUBE_VERSION;
}

/**
 * Files that yield no Role, ClusterRole, RoleBinding or ClusterRoleBinding cannot answer anything:
 * every "who can" would be nobody. That is the source's error (each page, /api/readyz and the CLI
 * say it, as for a cluster that cannot be reached), naming the first problem met reading them.
 */
export function emptySourceProblem(
  model: ClusterModel,
  issues: readonly SourceIssue[],
  description: string,
): string | undefined {
  const rbac = model.roles.length + model.clusterRoles.length + model.roleBindings.length;
  if (rbac + model.clusterRoleBindings.length > 0) return undefined;
  const errors = issues.filter((i) => i.severity === 'error');
  const first = errors[0];
  const why = first
    ? `; ${errors.length} problem(s) reading it, the first: ${formatIssue(first)}`
    : '; is it the right file or folder?';
  return `${description} holds no RBAC objects (no Role, ClusterRole, RoleBinding or ClusterRoleBinding was read), so it cannot answer who may do what${why}`;
}
