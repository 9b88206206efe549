// The canvas' Cytoscape instance: built from the laid-out graph when the graph, theme or layout
// changes (never for a selection), with hover highlighting and tap-to-select.
import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { NamespaceGraph } from '@/lib/graph/types';
import { elements } from './canvas-elements';
import { stylesheet } from './canvas-stylesheet';
import { openViewport } from './canvas-viewport';
import { DARK, LIGHT } from './graph-style';

/** Above this many elements the canvas draws cheaply (DESIGN.md, "Staying fast"). */
const BIG = 1000;

function create(el: HTMLElement, graph: NamespaceGraph, dark: boolean, layout: 'layered' | 'force'): Core {
  const big = graph.nodes.length + graph.edges.length > BIG;
  const haystack = graph.edges.length > 2000;
  return cytoscape({
    container: el,
    // The layered layout's routes hold only for its positions, and cost too much by the thousand.
    elements: elements(graph, layout === 'layered' && !haystack),
    style: stylesheet(dark ? DARK : LIGHT, big, haystack),
    layout: { name: 'preset' },
    minZoom: 0.05,
    maxZoom: 3,
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    pixelRatio: big ? 1 : 'auto',
    boxSelectionEnabled: false,
  });
}

/** Tap selects a node (the background clears); hover fades all but a node's neighbourhood and labels edges. */
function listen(cy: Core, el: HTMLElement, select: (id: string | undefined) => void): void {
  cy.on('tap', 'node', (e) => select(e.target.id()));
  cy.on('tap', (e) => {
    if (e.target === cy) select(undefined);
  });
  cy.on('mouseover', 'node', (e) => {
    const hood = e.target.closedNeighborhood();
    cy.batch(() => {
      cy.elements().not(hood).addClass('faded');
      e.target.connectedEdges().addClass('labelled');
    });
    el.title = e.target.data('tip');
  });
  cy.on('mouseout', 'node', () => {
    cy.batch(() => {
      cy.elements().removeClass('faded');
      cy.edges().not(cy.$('node:selected').connectedEdges()).removeClass('labelled');
    });
    el.title = '';
  });
  cy.on('mouseover', 'edge', (e) => {
    e.target.addClass('labelled');
    el.title = e.target.data('label');
  });
  cy.on('mouseout', 'edge', (e) => {
    if (!e.target.connectedNodes().some((n: NodeSingular) => n.selected())) e.target.removeClass('labelled');
    el.title = '';
  });
}

/** The Cytoscape instance drawn in `container`, and whether it opened zoomed in (until Fit). */
export function useCytoscape(
  container: RefObject<HTMLDivElement | null>,
  {
    graph,
    dark,
    layout,
    select,
  }: {
    graph: NamespaceGraph;
    dark: boolean;
    layout: 'layered' | 'force';
    select: (id: string | undefined) => void;
  },
) {
  const cyRef = useRef<Core | null>(null);
  /** Opened zoomed in on part of a graph too big to read whole. */
  const [partial, setPartial] = useState(false);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const cy = create(el, graph, dark, layout);
    cyRef.current = cy;
    if (layout === 'force') cy.layout({ name: 'cose', animate: false, randomize: false, fit: true }).run();
    // Whether it opened zoomed in is known only once Cytoscape has placed the graph.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPartial(openViewport(cy));
    // Marks the first drawn frame: tests and the benchmark wait for it.
    cy.one('render', () => el.setAttribute('data-ready', 'true'));
    listen(cy, el, select);
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
    // The canvas is rebuilt when the graph or theme changes, never for a selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, dark, layout]);
  return { cyRef, partial, setPartial };
}
