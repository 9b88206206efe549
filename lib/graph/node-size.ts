import type { GraphNode, NodeKind } from './types';

const HEIGHT: Record<NodeKind, number> = {
  pod: 24,
  'pod-group': 28,
  serviceaccount: 34,
  user: 34,
  group: 34,
  rolebinding: 30,
  clusterrolebinding: 30,
  role: 34,
  clusterrole: 34,
  resource: 26,
};

/** The box a node's label needs at 100% zoom (12px labels, about 7px a character): layout and canvas agree on it. */
export function nodeSize(n: Pick<GraphNode, 'kind' | 'label'>): { width: number; height: number } {
  const min = n.kind === 'pod' ? 24 : 60;
  return { width: Math.max(min, Math.min(260, n.label.length * 7 + 28)), height: HEIGHT[n.kind] };
}
