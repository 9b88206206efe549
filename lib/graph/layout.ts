// Layered left-to-right layout (ELK), computed on the server once per view: the same data and
// filters give the same picture, so a shared link shows a colleague the same graph.
// The bundled build: no web worker to resolve on the server.
import ELK from 'elkjs/lib/elk.bundled.js';
import { nodeSize } from './node-size';
import type { NamespaceGraph } from './types';

const elk = new ELK();

export async function layoutGraph(g: NamespaceGraph): Promise<NamespaceGraph> {
  if (g.nodes.length === 0) return g;
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '14',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.separateConnectedComponents': 'false',
      'elk.randomSeed': '1',
    },
    children: g.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
    edges: g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const pos = new Map((result.children ?? []).map((c) => [c.id, c]));
  return {
    ...g,
    nodes: g.nodes.map((n) => {
      const p = pos.get(n.id);
      const { width, height } = nodeSize(n);
      // Cytoscape positions a node by its centre.
      return p ? { ...n, x: Math.round((p.x ?? 0) + width / 2), y: Math.round((p.y ?? 0) + height / 2) } : n;
    }),
  };
}
