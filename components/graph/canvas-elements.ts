// The graph as Cytoscape elements: a node's kind, danger, highlight and change are its classes (the
// stylesheet draws them), its tooltip and keyboard announcement are its `tip`.
import type { ElementDefinition } from 'cytoscape';
import { nodeGeometry } from '@/lib/graph/node-size';
import { edgeLabel, type GraphNode, type NamespaceGraph } from '@/lib/graph/types';
import { KIND_LABELS } from './graph-style';

export function describeNode(n: GraphNode): string {
  const name = `${KIND_LABELS[n.kind]} ${n.namespace && n.kind !== 'pod' ? `${n.namespace}/` : ''}${n.label}`;
  const change = n.change ? ` — ${n.change}` : '';
  return `${name}${n.risky ? ' — its token leads to cluster-admin' : n.dangerous ? ' — dangerous' : ''}${change}`;
}

export function elements(graph: NamespaceGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((n) => {
      const { label, width, height } = nodeGeometry(n, graph.namespace);
      return {
        group: 'nodes' as const,
        data: { id: n.id, label, kind: n.kind, tip: describeNode(n), width, height },
        position: { x: n.x ?? 0, y: n.y ?? 0 },
        classes: [
          n.kind,
          n.dangerous ? 'dangerous' : '',
          n.risky ? 'risky' : '',
          n.highlighted ? 'highlighted' : '',
          n.change ?? '',
        ].join(' '),
      };
    }),
    ...graph.edges.map((e) => ({
      group: 'edges' as const,
      data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e) },
      classes: [e.kind, e.dangerous ? 'dangerous' : '', e.highlighted ? 'highlighted' : '', e.change ?? ''].join(' '),
    })),
  ];
}
