// Where the data comes from. Every source produces the same thing: a model, the problems found on
// the way, and a description of the source for the header and the CLI.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterModel } from '@/lib/rbac';
import type { SourceIssue } from './issues';
import { ClusterError, readLiveCluster, type LiveOptions, type LiveRead } from './live';
import { buildModel } from './model-builder';
import { parseRawObjects } from './parse-objects';
import { readSnapshot } from './snapshot';

export type SourceSpec =
  | { kind: 'snapshot'; path: string }
  | { kind: 'demo' }
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
  /** "demo data", "snapshot /path/x.yaml", "context kind-dev (https://…)", "in-cluster (https://…)". */
  description: string;
  /** Live sources only: what was read, for `rbac-atlas snapshot`. */
  live?: LiveRead;
}

export { ClusterError };

/** The bundled demo cluster (built-in roles captured from a real API server plus team namespaces), relative to the project root. */
export const DEMO_SNAPSHOT = 'lib/k8s/demo/cluster.yaml';
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

function kubeConfigFor(spec: Extract<SourceSpec, { kind: 'kubeconfig' | 'in-cluster' }>): {
  kc: KubeConfig;
  description: string;
} {
  const kc = new KubeConfig();
  try {
    if (spec.kind === 'in-cluster') kc.loadFromCluster(spec.root);
    else if (spec.path) kc.loadFromFile(spec.path);
    else kc.loadFromDefault();
  } catch (e) {
    const file =
      spec.kind === 'kubeconfig' ? (spec.path ?? process.env.KUBECONFIG ?? '~/.kube/config') : 'in-cluster config';
    throw new ClusterError(`cannot load ${file}: ${(e as Error).message}`);
  }
  if (spec.kind === 'kubeconfig' && spec.context) {
    if (!kc.getContextObject(spec.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterError(
        `context "${spec.context}" not found in the kubeconfig; it has: ${known.join(', ') || 'none'}`,
      );
    }
    kc.setCurrentContext(spec.context);
  }
  const server = kc.getCurrentCluster()?.server;
  if (!server)
    throw new ClusterError(`the kubeconfig's current context "${kc.getCurrentContext()}" names no cluster server`);
  const description =
    spec.kind === 'in-cluster' ? `in-cluster (${server})` : `context ${kc.getCurrentContext()} (${server})`;
  return { kc, description };
}

async function loadLive(
  spec: Extract<SourceSpec, { kind: 'kubeconfig' | 'in-cluster' }>,
  opts: LiveOptions,
): Promise<LoadedSource> {
  const { kc, description } = kubeConfigFor(spec);
  const live = await readLiveCluster(kc, description, opts);
  const parsed = parseRawObjects(
    description,
    live.objects.flatMap((o) => o.items.map((raw) => ({ raw }))),
  );
  const built = buildModel(parsed.parsed);
  return {
    spec,
    model: built.model,
    issues: [...live.issues, ...parsed.issues, ...built.issues],
    skippedKinds: parsed.skippedKinds,
    readAt: new Date().toISOString(),
    description,
    live,
  };
}

/** `projectRoot` locates the bundled demo: the server runs from the project root, the CLI passes its own. */
export async function loadSource(
  spec: SourceSpec,
  projectRoot = process.cwd(),
  opts: LiveOptions = {},
): Promise<LoadedSource> {
  if (spec.kind === 'kubeconfig' || spec.kind === 'in-cluster') return loadLive(spec, opts);
  const snap = await readSnapshot(spec.kind === 'demo' ? path.join(projectRoot, DEMO_SNAPSHOT) : spec.path);
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
    description: spec.kind === 'demo' ? 'demo data' : `snapshot ${spec.path}`,
  };
}
