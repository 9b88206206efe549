// A node's label and box as the canvas draws them: the layout and the canvas both read them from
// here, so ELK leaves room for exactly what Cytoscape draws. Labels are wrapped (never cut short
// with "…") at the points a Kubernetes name breaks naturally, and name their namespace when it is
// not the one the graph shows: a dozen `app-0` from a dozen namespaces stay distinguishable.
import type { GraphNode, NodeKind } from './types';

/** Every node label's font size: at the zoom a graph opens with it renders at ≥ 11 px. */
export const LABEL_FONT = 14;
/** Rendered label size the opening zoom keeps (WCAG's smallest comfortable text, and the bar). */
export const LEGIBLE_LABEL_PX = 11;
/** Cytoscape's line height for node labels (its `line-height` is this over LABEL_FONT). */
export const LINE_HEIGHT = 17;
/** A generous average width of a character at LABEL_FONT (system-ui): boxes err on the roomy side. */
const CHAR_WIDTH = 8;
/** Longest line of a wrapped label, in characters. */
export const MAX_LINE_CHARS = 24;
const PADDING = 16;
/** Round shapes hold less text than their box: an ellipse's or hexagon's label needs a wider one. */
const ROUND: Partial<Record<NodeKind, number>> = { user: 1.25, 'pod-group': 1.25, group: 1.2 };

/** Kinds whose label sits under a small shape (diamond, circle) instead of inside it. */
const SHAPE: Partial<Record<NodeKind, number>> = { rolebinding: 30, clusterrolebinding: 30, pod: 18 };
const MIN_HEIGHT: Record<NodeKind, number> = {
  pod: 18,
  'pod-group': 30,
  serviceaccount: 36,
  user: 36,
  group: 40,
  rolebinding: 30,
  clusterrolebinding: 30,
  role: 36,
  clusterrole: 36,
  resource: 30,
};

/** Where a label may break: after these, as a Kubernetes name reads (`events.k8s.io`, `nodes/proxy`, `app-0`). */
const BREAK_AFTER = /(?<=[./\-:@_ ,])/;

/** A label in lines of at most `max` characters, broken after `.`, `/`, `-`, `:`, `@`, `_`, space; a longer run is split. */
export function wrapLabel(text: string, max = MAX_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (let piece of text.split(BREAK_AFTER)) {
    if (line.length + piece.length > max && line) {
      lines.push(line.trimEnd());
      line = '';
    }
    while (piece.length > max) {
      lines.push(piece.slice(0, max));
      piece = piece.slice(max);
    }
    line += piece;
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}

/** The label the canvas shows: `other-ns/name` for an object of another namespace than the graph's. */
export function canvasLabel(n: Pick<GraphNode, 'kind' | 'label' | 'namespace'>, namespace: string): string {
  const elsewhere = n.namespace !== undefined && n.namespace !== namespace && n.kind !== 'pod-group';
  return elsewhere ? `${n.namespace}/${n.label}` : n.label;
}

export interface NodeGeometry {
  /** The label as drawn, its lines joined by newlines. */
  label: string;
  /** The shape Cytoscape draws. */
  width: number;
  height: number;
  /** The room the layout leaves: the shape and, for a small shape, the label under it. */
  boxWidth: number;
  boxHeight: number;
}

export function nodeGeometry(n: Pick<GraphNode, 'kind' | 'label' | 'namespace'>, namespace: string): NodeGeometry {
  const lines = wrapLabel(canvasLabel(n, namespace));
  const textWidth = Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH;
  const textHeight = lines.length * LINE_HEIGHT;
  const label = lines.join('\n');
  const shape = SHAPE[n.kind];
  if (shape !== undefined) {
    const boxWidth = Math.max(shape, textWidth);
    return { label, width: shape, height: shape, boxWidth, boxHeight: shape + 4 + textHeight };
  }
  const width = Math.max(60, Math.round(textWidth * (ROUND[n.kind] ?? 1)) + PADDING * 2);
  const height = Math.max(MIN_HEIGHT[n.kind], textHeight + PADDING);
  return { label, width, height, boxWidth: width, boxHeight: height };
}
