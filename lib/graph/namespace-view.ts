// A namespace view for the page and the API: the graph with its layout, cached per data version,
// namespace and view parameters, so reopening a link costs no new layout.
import type { Engine } from '@/lib/rbac';
import type { DiscoveredTypes } from '@/lib/rbac';
import { diffGraphs } from './graph-diff';
import { layoutGraph } from './layout';
import { namespaceGraph } from './namespace-graph';
import type { ViewOptions as ViewParams } from './view-options';
import type { NamespaceGraph } from './types';

const CACHE_SIZE = 64;
const cache = new Map<string, Promise<NamespaceGraph>>();

/**
 * The data a graph is drawn from: the engine's version, and the risk answers its ring of risky pods
 * reads (risk-builds.ts builds them after the engine): a graph drawn before they were complete is
 * drawn again once they are.
 */
function riskVersion(engine: Engine): string {
  const s = engine.risks.status();
  return `${engine.version}/${s.state === 'previous' ? s.version : s.state}`;
}

/** The parts of the view state that change the graph (selection and list/graph toggle do not). */
function graphKey(version: string, namespace: string, p: ViewParams): string {
  const { mode, builtin, ungranted, kinds, verb, resource, expand } = p;
  return JSON.stringify([version, namespace, mode, builtin, ungranted, kinds, verb, resource, expand]);
}

/** `discovered`: the live cluster's types (they belong to the engine's source, so its version keys them too). */
export function namespaceView(
  engine: Engine,
  namespace: string,
  p: ViewParams,
  discovered?: DiscoveredTypes,
): Promise<NamespaceGraph> {
  return cached(graphKey(riskVersion(engine), namespace, p), () => namespaceGraph(engine, namespace, p, discovered));
}

/** The namespace in two states drawn as one (gained and lost marked), laid out once per pair of versions. */
export function namespaceDiffView(
  before: Engine,
  after: Engine,
  namespace: string,
  p: ViewParams,
  names: { from: string; to: string },
): Promise<NamespaceGraph> {
  const key = `${riskVersion(before)}:${graphKey(riskVersion(after), namespace, p)}`;
  return cached(key, () =>
    diffGraphs(namespaceGraph(before, namespace, p), namespaceGraph(after, namespace, p), names),
  );
}

function cached(key: string, build: () => NamespaceGraph): Promise<NamespaceGraph> {
  let view = cache.get(key);
  if (!view) {
    view = layoutGraph(build());
    cache.set(key, view);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    view.catch(() => cache.delete(key));
  } else {
    // Most recently used last: the oldest view is the one dropped.
    cache.delete(key);
    cache.set(key, view);
  }
  return view;
}
