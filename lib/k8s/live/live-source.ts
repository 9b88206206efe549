// A live cluster as a source: the kubeconfig (or in-cluster config) through client-node, and a
// watch cache of the seven kinds over it. Loaded on demand by source.ts and current-source.ts.
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterCache, type CacheOptions, type CacheSnapshot } from './cluster-cache';
import { ClusterError } from '../cluster-error';
import type { LoadedSource, SourceSpec } from '../source';
import { kubeTransport } from './transport';

export type LiveSpec = Extract<SourceSpec, { kind: 'kubeconfig' | 'in-cluster' }>;

/**
 * Why a kubeconfig could not be loaded, without its text: js-yaml's message quotes the lines around
 * a syntax error, and a kubeconfig holds tokens and keys (the answer shows on pages and /api/readyz).
 */
function loadErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name !== 'YAMLException') return e.message;
  const { reason, mark } = e as Error & { reason?: string; mark?: { line: number; column: number } };
  const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
  return `invalid YAML${where}: ${reason ?? 'not a kubeconfig'}`;
}

/** The kubeconfig with the spec's context current; throws ClusterError naming what is wrong. */
export function kubeConfigFor(spec: LiveSpec): { kc: KubeConfig; description: string } {
  const kc = new KubeConfig();
  try {
    if (spec.kind === 'in-cluster') kc.loadFromCluster(spec.root);
    else if (spec.path) kc.loadFromFile(spec.path);
    else kc.loadFromDefault();
  } catch (e) {
    const file =
      spec.kind === 'kubeconfig' ? (spec.path ?? process.env.KUBECONFIG ?? '~/.kube/config') : 'in-cluster config';
    throw new ClusterError(`cannot load ${file}: ${loadErrorMessage(e)}`);
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

/** The kubeconfig's contexts (names only, in file order) and its current one; none for in-cluster. */
export function kubeContexts(spec: LiveSpec): { names: string[]; current: string } {
  if (spec.kind === 'in-cluster') return { names: [], current: '' };
  const { kc } = kubeConfigFor({ ...spec, context: undefined } as LiveSpec);
  return { names: kc.getContexts().map((c) => c.name), current: kc.getCurrentContext() };
}

export function startCache(
  spec: LiveSpec,
  opts: CacheOptions,
): { cache: ClusterCache; description: string; server: string } {
  const { kc, description } = kubeConfigFor(spec);
  const transport = kubeTransport(kc, !opts.once);
  const cache = new ClusterCache(transport, description, opts);
  cache.start();
  return { cache, description, server: transport.server };
}

export function loadedFrom(spec: LiveSpec, description: string, snapshot: CacheSnapshot): LoadedSource {
  const version = snapshot.cluster?.version;
  const resourceTypes = snapshot.cluster?.resourceTypes;
  return {
    spec,
    model: snapshot.model,
    issues: snapshot.issues,
    skippedKinds: {},
    readAt: new Date(snapshot.at).toISOString(),
    description: version ? `${description}, Kubernetes ${version}` : description,
    objects: snapshot.objects,
    ...(snapshot.cluster && {
      cluster: { ...(version && { version }), ...(resourceTypes && { resourceTypes }) },
    }),
  };
}

/** One read of every kind (the CLI): list, no watch. Throws ClusterError when nothing could be read. */
export async function loadLive(spec: LiveSpec, opts: CacheOptions): Promise<LoadedSource> {
  const { cache, description } = startCache(spec, { ...opts, once: true });
  const snapshot = await cache.settled();
  const unreachable = cache.unreachable();
  const status = cache.status();
  cache.stop();
  if (unreachable) throw new ClusterError(unreachable);
  const loaded = loadedFrom(spec, description, snapshot);
  // Read, but from a server that does not say it is ready (etcd down: lists may come from its cache).
  if (status.state !== 'stale') return loaded;
  const message = `the answer may be out of date: ${status.reason}`;
  return { ...loaded, issues: [...loaded.issues, { file: description, severity: 'warning', message }] };
}
