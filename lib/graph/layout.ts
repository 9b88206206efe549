// Layered left-to-right layout (ELK), computed on the server once per view: the same data and
// filters give the same picture, so a shared link shows a colleague the same graph. ELK runs in a
// small pool of worker threads, so a large layout never stalls the server's other requests.
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { nodeGeometry } from './node-size';
import type { NamespaceGraph, NodeKind, Point } from './types';

export const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.nodeNode': '10',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.separateConnectedComponents': 'false',
  'elk.randomSeed': '1',
  // One column per kind (DESIGN.md), whatever the edges: a subject with no pod and a grant on
  // `serviceaccounts` stays with the subjects, never beside the resources.
  'elk.partitioning.activate': 'true',
};

/**
 * Each kind's column, left to right: pods, subjects, groups, bindings, roles, resources. A column
 * may hold more than one layer (a ClusterRole and the roles aggregated into it), never another kind.
 */
export const COLUMN: Record<NodeKind, number> = {
  pod: 0,
  'pod-group': 0,
  serviceaccount: 1,
  user: 1,
  group: 2,
  rolebinding: 3,
  clusterrolebinding: 3,
  role: 4,
  clusterrole: 4,
  resource: 5,
};

/** The worker script, found from the working directory: the project root, or the standalone server's folder. */
const WORKER_SCRIPT = path.join(process.cwd(), 'lib/graph/layout-worker.mjs');
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
/**
 * A worker is an isolate of its own, outside the server's --max-old-space-size: unlimited, two of
 * them grew to 200 MiB between collections and took a 512Mi container over its limit. Each gets an
 * eighth of the server's heap limit, at least 64 MiB: ELK lays out 2,000 unconnected nodes (more
 * than ELEMENT_CAP lets a view have) in 64 MiB and fails in 48.
 */
const WORKER_HEAP_MB = Math.round(Math.min(256, Math.max(64, getHeapStatistics().heap_size_limit / 2 ** 20 / 8)));

interface Positioned {
  children: { id: string; x: number; y: number }[];
  edges: { id: string; route: Point[] }[];
}
interface Job {
  graph: unknown;
  resolve: (laidOut: Positioned) => void;
  reject: (e: Error) => void;
}

class LayoutPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private size = 0;
  private nextId = 0;

  run(graph: unknown): Promise<Positioned> {
    return new Promise((resolve, reject) => {
      this.queue.push({ graph, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.size < POOL_SIZE ? this.spawn() : undefined);
      if (!worker) return;
      this.start(worker, this.queue.shift()!);
    }
  }

  private spawn(): Worker {
    this.size++;
    const worker = new Worker(WORKER_SCRIPT, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    // An idle worker does not keep the process (the CLI, a test, a benchmark) alive.
    worker.unref();
    return worker;
  }

  private start(worker: Worker, job: Job): void {
    const id = this.nextId++;
    const done = (settle: () => void, healthy: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      settle();
      if (healthy) this.idle.push(worker);
      else this.size--;
      this.drain();
    };
    const onMessage = (m: {
      id: number;
      children?: Positioned['children'];
      edges?: Positioned['edges'];
      error?: string;
    }) => {
      if (m.id !== id) return;
      const ok = m.children && { children: m.children, edges: m.edges ?? [] };
      done(() => (ok ? job.resolve(ok) : job.reject(new Error(`layout failed: ${m.error}`))), true);
    };
    const onError = (e: Error) => done(() => job.reject(new Error(`layout worker failed: ${e.message}`)), false);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage({ id, graph: job.graph });
  }
}

let pool: LayoutPool | undefined;

export async function layoutGraph(g: NamespaceGraph): Promise<NamespaceGraph> {
  if (g.nodes.length === 0) return g;
  const { children, edges } = await (pool ??= new LayoutPool()).run({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: g.nodes.map((n) => {
      const { boxWidth: width, boxHeight: height } = nodeGeometry(n, g.namespace);
      return { id: n.id, width, height, layoutOptions: { 'elk.partitioning.partition': String(COLUMN[n.kind]) } };
    }),
    edges: g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const pos = new Map(children.map((c) => [c.id, c]));
  const routes = new Map(edges.map((e) => [e.id, e.route.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }))]));
  return {
    ...g,
    edges: g.edges.map((e) => (routes.has(e.id) ? { ...e, route: routes.get(e.id)! } : e)),
    nodes: g.nodes.map((n) => {
      const p = pos.get(n.id);
      const { boxWidth, height } = nodeGeometry(n, g.namespace);
      // Cytoscape positions a node by its shape's centre: the top of its box (a label under it below).
      return p ? { ...n, x: Math.round(p.x + boxWidth / 2), y: Math.round(p.y + height / 2) } : n;
    }),
  };
}
