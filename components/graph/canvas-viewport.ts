// Where the canvas looks: how a graph opens (fitted, or at a legible zoom on its subjects when too
// big to read whole), how a node is brought into view beside the side panel, and the keyboard's order.
import type { Core, NodeSingular } from 'cytoscape';
import { LABEL_FONT, LEGIBLE_LABEL_PX } from '@/lib/graph/node-size';

/** Zoom at which a selected node is shown: labels at their true size. */
const READABLE_ZOOM = 1;
/**
 * The least zoom a graph opens with: its labels render at LEGIBLE_LABEL_PX or more. A graph that
 * fits only below it (a 300-node, 500-edge namespace fits at ~0.2) opens at it instead, on its
 * subjects (the namespace's own identities, where the chain starts), and says so.
 */
// A hair above, so that rounding never leaves a label at 10.99 px.
export const LEGIBLE_ZOOM = LEGIBLE_LABEL_PX / LABEL_FONT + 0.001;

/** Fits the graph (no closer than 1.2); returns true when it opened on its subjects instead. */
export function openViewport(cy: Core): boolean {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  const tooSmall = cy.zoom() < LEGIBLE_ZOOM;
  if (tooSmall) cy.viewport({ zoom: LEGIBLE_ZOOM, pan: subjectsPan(cy, LEGIBLE_ZOOM) });
  return tooSmall;
}

/**
 * Where a graph too big to read whole opens: the top of its first columns (pods and subjects),
 * or, when it is narrow enough, centred across its width.
 */
function subjectsPan(cy: Core, zoom: number): { x: number; y: number } {
  const all = cy.nodes().boundingBox();
  const boxes = cy.nodes().map((n) => n.boundingBox());
  const left = all.x1;
  // The top of the leftmost columns, not the bounding box's corner (columns are centred, so it is empty).
  const top = Math.min(...boxes.filter((b) => b.x1 < left + 400).map((b) => b.y1));
  const x = all.w * zoom <= cy.width() - 48 ? (cy.width() - all.w * zoom) / 2 - left * zoom : 24 - left * zoom;
  return { x, y: 48 - top * zoom };
}

/** Nodes in reading order (columns left to right, top to bottom): the keyboard walks them so. */
export function readingOrder(cy: Core): NodeSingular[] {
  return cy
    .nodes()
    .toArray()
    .map((n) => n as NodeSingular)
    .sort((a, b) => a.position('x') - b.position('x') || a.position('y') - b.position('y'));
}

/** The width the side panel covers, so a selected node is centred in what stays visible. */
function panelWidth(container: HTMLElement): number {
  const panel = container.closest('[data-canvas-host]')?.querySelector<HTMLElement>('[data-panel]');
  return panel && panel.offsetWidth < container.clientWidth * 0.75 ? panel.offsetWidth : 0;
}

/** Centres the node in what the side panel leaves visible, zoomed in to readable labels. */
export function show(cy: Core, node: NodeSingular, container: HTMLElement): void {
  const zoom = Math.max(cy.zoom(), READABLE_ZOOM);
  const visible = cy.width() - panelWidth(container);
  const p = node.position();
  cy.animate({ zoom, pan: { x: visible / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } }, { duration: 200 });
}
