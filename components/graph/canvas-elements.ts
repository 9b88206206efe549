// The graph as Cytoscape elements: a node's kind, danger, highlight and change are its classes (the
// stylesheet draws them), its tooltip and keyboard announcement are its `tip`.
import type { ElementDefinition } from 'cytoscape';
import { nodeGeometry } from '@/lib/graph/node-size';
import { edgeLabel, type GraphEdge, type GraphNode, type NamespaceGraph, type Point } from '@/lib/graph/types';
import { KIND_LABELS } from './graph-style';

export function describeNode(n: GraphNode): string {
  const name = `${KIND_LABELS[n.kind]} ${n.namespace && n.kind !== 'pod' ? `${n.namespace}/` : ''}${n.label}`;
  const change = n.change ? ` — ${n.change}` : '';
  return `${name}${n.risky ? ' — its token leads to cluster-admin' : n.dangerous ? ' — dangerous' : ''}${change}`;
}

/**
 * A route as Cytoscape's `segments` edge takes it: each point as a weight along the line from the
 * source's centre to the target's and a distance off it (positive to the left of that direction).
 */
export function segments(route: readonly Point[], s: Point, t: Point): { weights: number[]; distances: number[] } {
  const [dx, dy] = [t.x - s.x, t.y - s.y];
  const l = Math.hypot(dx, dy);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    weights: route.map((p) => round(((p.x - s.x) * dx + (p.y - s.y) * dy) / (l * l))),
    distances: route.map((p) => round(((p.x - s.x) * -dy + (p.y - s.y) * dx) / l)),
  };
}

/** An edge drawn along its layered route (round the nodes between), when it has one. */
function routed(e: GraphEdge, at: ReadonlyMap<string, GraphNode>): ElementDefinition['style'] {
  const [s, t] = [at.get(e.source), at.get(e.target)];
  if (!e.route || !s || !t || s.x === undefined || t.x === undefined) return undefined;
  const { weights, distances } = segments(e.route, { x: s.x, y: s.y ?? 0 }, { x: t.x, y: t.y ?? 0 });
  if (weights.some((w) => !Number.isFinite(w))) return undefined;
  return { 'segment-weights': weights, 'segment-distances': distances };
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
      const style = routes ? routed(e, at) : undefined;
      return {
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e) },
        classes: [
          e.kind,
          style ? 'routed' : '',
          e.dangerous ? 'dangerous' : '',
          e.highlighted ? 'highlighted' : '',
          e.change ?? '',
        ].join(' '),
        ...(style && { style }),
      };
    }),
  ];
}
