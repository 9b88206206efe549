// Two states of one namespace's view drawn as one: what both have as it is, what only the state
// after has marked gained, what only the state before has marked lost. An edge whose verbs changed
// is both: the old one lost, the new one gained.
import { edgeLabel, type GraphEdge, type NamespaceGraph } from './types';

const edgeKey = (e: GraphEdge) => `${e.id}\0${edgeLabel(e)}`;

export function diffGraphs(
  before: NamespaceGraph,
  after: NamespaceGraph,
  names: { from: string; to: string },
): NamespaceGraph {
  const afterNodes = new Set(after.nodes.map((n) => n.id));
  const beforeNodes = new Set(before.nodes.map((n) => n.id));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const nodes = [
    ...after.nodes.map((n) => (beforeNodes.has(n.id) ? n : { ...n, change: 'gained' as const })),
    ...before.nodes.filter((n) => !afterNodes.has(n.id)).map((n) => ({ ...n, change: 'lost' as const })),
  ];
  const edges = [
    ...after.edges.map((e) => (beforeEdges.has(edgeKey(e)) ? e : { ...e, change: 'gained' as const })),
    ...before.edges
      .filter((e) => !afterEdges.has(edgeKey(e)))
      // Its id may be taken by the changed edge of the state after.
      .map((e) => ({ ...e, id: `${e.id}~before`, change: 'lost' as const })),
  ];
  return {
    ...after,
    nodes,
    edges,
    hiddenSystem: Math.max(before.hiddenSystem, after.hiddenSystem),
    hiddenUngranted: Math.max(before.hiddenUngranted, after.hiddenUngranted),
    diff: names,
  };
}
