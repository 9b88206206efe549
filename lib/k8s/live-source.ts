// A live cluster as a source: the kubeconfig (or in-cluster config) through client-node, every kind
// listed, and the objects validated into the model. Loaded on demand by source.ts.
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterError, readLiveCluster, type LiveOptions } from './live';
import { buildModel } from './model-builder';
import { parseRawObjects } from './parse-objects';
import type { LoadedSource, SourceSpec } from './source';

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

export async function loadLive(
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
