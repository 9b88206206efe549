// The graph as Cytoscape elements: a node's kind, danger, highlight and change are its classes (the
// stylesheet draws them), its tooltip and keyboard announcement are its `tip`.
import type { ElementDefinition } from 'cytoscape';
import { segments } from '@/lib/graph/edge-route';
import { nodeGeometry } from '@/lib/graph/node-size';
import { edgeLabel, type GraphEdge, type GraphNode, type NamespaceGraph } from '@/lib/graph/types';
import { KIND_LABELS } from './graph-style';

export function describeNode(n: GraphNode): string {
  const name = `${KIND_LABELS[n.kind]} ${n.namespace && n.kind !== 'pod' ? `${n.namespace}/` : ''}${n.label}`;
  const change = n.change ? ` — ${n.change}` : '';
  return `${name}${n.risky ? ' — its token leads to cluster-admin' : n.dangerous ? ' — dangerous' : ''}${change}`;
}

/** An edge's route as its data (the stylesheet's `edge.routed` reads it), when it has one. */
function routed(e: GraphEdge, at: ReadonlyMap<string, GraphNode>): { sw: number[]; sd: number[] } | undefined {
  const [s, t] = [at.get(e.source), at.get(e.target)];
  if (!e.route || !s || !t || s.x === undefined || t.x === undefined) return undefined;
  const { weights, distances } = segments(e.route, { x: s.x, y: s.y ?? 0 }, { x: t.x, y: t.y ?? 0 });
  if (weights.some((w) => !Number.isFinite(w))) return undefined;
  return { sw: weights, sd: distances };
}

/** `routes`: draw edges along the layered layout's routes (not for a force layout, nor haystack edges). */
export function elements(graph: NamespaceGraph, routes = true): ElementDefinition[] {
  const at = new Map(graph.nodes.map((n) => [n.id, n]));
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
    ...graph.edges.map((e) => {
      const route = routes ? routed(e, at) : undefined;
      return {
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e), ...route },
        classes: [
          e.kind,
          route ? 'routed' : '',
          e.dangerous ? 'dangerous' : '',
          e.highlighted ? 'highlighted' : '',
          e.change ?? '',
        ].join(' '),
      };
    }),
  ];
}
