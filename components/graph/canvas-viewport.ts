// Where the canvas looks: how a graph opens (fitted, or zoomed in on its left edge when too big to
// read whole), how a node is brought into view beside the side panel, and the keyboard's order.
import type { Core, NodeSingular } from 'cytoscape';

/** Zoom at which a selected node is shown: labels at their true size. */
const READABLE_ZOOM = 1;
/**
 * Below this zoom a fitted graph's labels cannot be read (a 300-node, 500-edge namespace fits at ~0.2):
 * it opens instead at START_ZOOM from its left edge, where its subjects and pods are, and says so.
 */
const LEGIBLE_FIT = 0.45;
const START_ZOOM = 0.8;

/** Fits the graph (no closer than 1.2); returns true when it opened on its left edge instead. */
export function openViewport(cy: Core): boolean {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  const tooSmall = cy.zoom() < LEGIBLE_FIT;
  if (tooSmall) {
    // The top of the leftmost column, not the bounding box's corner (columns are centred, so it is empty).
    const boxes = cy.nodes().map((n) => n.boundingBox());
    const left = Math.min(...boxes.map((b) => b.x1));
    const top = Math.min(...boxes.filter((b) => b.x1 < left + 400).map((b) => b.y1));
    cy.viewport({ zoom: START_ZOOM, pan: { x: 24 - left * START_ZOOM, y: 48 - top * START_ZOOM } });
  }
  return tooSmall;
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
