'use client';
// The one Cytoscape canvas: positions arrive laid out from the server; this draws, highlights on
// hover, selects on click or keyboard (into the URL, a history entry each), zooms to the selection
// and exports a PNG with a title, a legend and the data's time.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular, type StylesheetJson } from 'cytoscape';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDark } from '@/components/layout/theme';
import { nodeSize } from '@/lib/graph/node-size';
import { edgeLabel, type GraphNode, type NamespaceGraph } from '@/lib/graph/types';
import { exportPng } from './graph-export';
import { DARK, KIND_LABELS, LIGHT, SHAPES, type Palette } from './graph-style';

const BIG = 1000;
/** Zoom at which a selected node is shown: labels at their true size. */
const READABLE_ZOOM = 1;
/**
 * Below this zoom a fitted graph's labels cannot be read (a 300-node, 500-edge namespace fits at ~0.2):
 * it opens instead at START_ZOOM from its left edge, where its subjects and pods are, and says so.
 */
const LEGIBLE_FIT = 0.45;
const START_ZOOM = 0.8;

function describeNode(n: GraphNode): string {
  const name = `${KIND_LABELS[n.kind]} ${n.namespace && n.kind !== 'pod' ? `${n.namespace}/` : ''}${n.label}`;
  const change = n.change ? ` — ${n.change}` : '';
  return `${name}${n.risky ? ' — its token leads to cluster-admin' : n.dangerous ? ' — dangerous' : ''}${change}`;
}

function elements(graph: NamespaceGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, label: n.label, kind: n.kind, tip: describeNode(n), ...nodeSize(n) },
      position: { x: n.x ?? 0, y: n.y ?? 0 },
      classes: [
        n.kind,
        n.dangerous ? 'dangerous' : '',
        n.risky ? 'risky' : '',
        n.highlighted ? 'highlighted' : '',
        n.change ?? '',
      ].join(' '),
    })),
    ...graph.edges.map((e) => ({
      group: 'edges' as const,
      data: { id: e.id, source: e.source, target: e.target, label: edgeLabel(e) },
      classes: [e.kind, e.dangerous ? 'dangerous' : '', e.highlighted ? 'highlighted' : '', e.change ?? ''].join(' '),
    })),
  ];
}

function stylesheet(p: Palette, big: boolean, haystack: boolean): StylesheetJson {
  const kindStyles = Object.entries(p.kinds).map(([kind, c]) => ({
    selector: `node.${kind}`,
    style: { 'background-color': c.fill, 'border-color': c.border, shape: SHAPES[kind as keyof typeof SHAPES] },
  }));
  return [
    {
      selector: 'node',
      style: {
        width: 'data(width)',
        height: 'data(height)',
        label: 'data(label)',
        color: p.text,
        'font-size': 12,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-max-width': '240px',
        'text-wrap': 'ellipsis',
        'border-width': 1.5,
        // Labels drop out when zoomed far only on big graphs, where drawing them would stall.
        'min-zoomed-font-size': big ? 7 : 0,
      },
    },
    ...kindStyles,
    {
      selector: 'node.pod',
      style: {
        width: 16,
        height: 16,
        'font-size': 9,
        'text-valign': 'bottom',
        'text-margin-y': 2,
        'text-max-width': '140px',
      },
    },
    {
      selector: 'node.rolebinding, node.clusterrolebinding',
      style: { 'text-valign': 'bottom', 'text-margin-y': 3, 'font-size': 11 },
    },
    { selector: 'node.clusterrolebinding', style: { 'border-width': 3 } },
    { selector: 'node.clusterrole', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.dangerous', style: { 'border-color': p.danger, 'border-width': 2.5 } },
    { selector: 'node.risky', style: { 'border-color': p.danger, 'border-width': 4, 'border-style': 'double' } },
    {
      selector: 'node.highlighted',
      style: { 'underlay-color': p.highlight, 'underlay-opacity': 0.45, 'underlay-padding': 6 },
    },
    {
      selector: 'node:selected',
      style: { 'overlay-color': p.text, 'overlay-opacity': 0.12, 'overlay-padding': 6, 'border-width': 3 },
    },
    {
      selector: 'node.keyboard',
      style: { 'outline-color': p.focus, 'outline-width': 3, 'outline-offset': 4, 'outline-opacity': 1 },
    },
    {
      selector: 'edge',
      style: {
        width: 1.3,
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': haystack ? 'haystack' : 'bezier',
        // Verbs only where one looks (hover, selection): drawn on every edge they ran through nodes.
        label: '',
        'font-size': 10,
        color: p.text,
        'text-background-color': p.background,
        'text-background-opacity': 0.92,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': big ? 8 : 0,
      },
    },
    { selector: 'edge.labelled', style: { label: 'data(label)', 'z-index': 10 } },
    { selector: 'edge.member-of, edge.aggregates', style: { 'line-style': 'dashed' } },
    {
      selector: 'edge.dangerous',
      style: { 'line-color': p.danger, 'target-arrow-color': p.danger, width: 2, color: p.danger },
    },
    // A diff: what only the state after has, and what only the state before had; both dashed.
    {
      selector: 'edge.gained, edge.lost',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], width: 2.2 },
    },
    { selector: 'edge.gained', style: { 'line-color': p.gained, 'target-arrow-color': p.gained, color: p.gained } },
    { selector: 'edge.lost', style: { 'line-color': p.lost, 'target-arrow-color': p.lost, color: p.lost } },
    { selector: 'node.gained', style: { 'border-color': p.gained, 'border-style': 'dashed', 'border-width': 3 } },
    {
      selector: 'node.lost',
      style: { 'border-color': p.lost, 'border-style': 'dashed', 'border-width': 3, opacity: 0.7 },
    },
    { selector: '.faded', style: { opacity: 0.15 } },
  ];
}

/** Nodes in reading order (columns left to right, top to bottom): the keyboard walks them so. */
function readingOrder(cy: Core): NodeSingular[] {
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

function show(cy: Core, node: NodeSingular, container: HTMLElement): void {
  const zoom = Math.max(cy.zoom(), READABLE_ZOOM);
  const visible = cy.width() - panelWidth(container);
  const p = node.position();
  cy.animate({ zoom, pan: { x: visible / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } }, { duration: 200 });
}

export function GraphCanvas({
  graph,
  selected,
  layout,
  title,
  readAt,
}: {
  graph: NamespaceGraph;
  selected?: string;
  layout: 'layered' | 'force';
  /** Printed on the exported PNG: what the picture shows. */
  title: string;
  /** When the data was read, printed on the exported PNG. */
  readAt: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const dark = useDark();
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [announce, setAnnounce] = useState('');
  /** Opened zoomed in on part of a graph too big to read whole. */
  const [partial, setPartial] = useState(false);

  const select = useCallback(
    (id: string | undefined) => {
      const q = new URLSearchParams(search.toString());
      if (id) q.set('node', id);
      else q.delete('node');
      const s = q.toString();
      // A history entry per selection: Back walks them.
      router.push(`${pathname}${s ? `?${s}` : ''}`, { scroll: false });
    },
    [router, pathname, search],
  );

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const count = graph.nodes.length + graph.edges.length;
    const big = count > BIG;
    const cy = cytoscape({
      container: el,
      elements: elements(graph),
      style: stylesheet(dark ? DARK : LIGHT, big, graph.edges.length > 2000),
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
      hideEdgesOnViewport: big,
      textureOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
      boxSelectionEnabled: false,
    });
    cyRef.current = cy;
    if (layout === 'force') cy.layout({ name: 'cose', animate: false, randomize: false, fit: true }).run();
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
    setPartial(tooSmall);
    // Marks the first drawn frame: tests and the benchmark wait for it.
    cy.one('render', () => el.setAttribute('data-ready', 'true'));
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
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
    // The canvas is rebuilt when the graph or theme changes, never for a selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, dark, layout]);

  useEffect(() => {
    const cy = cyRef.current;
    const el = container.current;
    if (!cy || !el) return;
    cy.batch(() => {
      cy.$(':selected').unselect();
      cy.edges().removeClass('labelled');
    });
    if (!selected) return;
    const node = cy.getElementById(selected);
    if (node.nonempty()) {
      node.select();
      node.connectedEdges().addClass('labelled');
      show(cy, node as NodeSingular, el);
    }
  }, [selected, graph, dark]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && selected) select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected]);

  /** Arrow keys walk the nodes in reading order, Enter selects: every node reachable without a mouse. */
  const onKeyDown = (e: React.KeyboardEvent) => {
    const cy = cyRef.current;
    if (!cy || !container.current) return;
    const order = readingOrder(cy);
    if (order.length === 0) return;
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: 0, End: 0 }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const start = cursor ?? order.findIndex((n) => n.id() === selected);
      const next =
        e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? order.length - 1
            : start < 0
              ? 0
              : (start + step + order.length) % order.length;
      const node = order[next]!;
      cy.batch(() => {
        cy.nodes().removeClass('keyboard');
        node.addClass('keyboard');
      });
      show(cy, node, container.current);
      setCursor(next);
      setAnnounce(`${node.data('tip')}. ${next + 1} of ${order.length}. Enter selects.`);
    } else if (e.key === 'Enter' && cursor !== undefined && order[cursor]) {
      e.preventDefault();
      select(order[cursor]!.id());
    }
  };

  const onBlur = () => cyRef.current?.nodes().removeClass('keyboard');

  const download = () => {
    const cy = cyRef.current;
    if (cy)
      exportPng(cy, {
        title,
        readAt,
        dark,
        kinds: [...new Set(graph.nodes.map((n) => n.kind))],
        file: graph.namespace,
      });
  };

  return (
    <div className="relative h-full min-h-[480px] w-full">
      <div
        ref={container}
        // Cytoscape makes its container position: relative, so the size must not come from insets.
        className="h-full w-full focus-visible:outline-offset-[-3px]"
        role="application"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        aria-roledescription="graph"
        aria-label={`Graph of namespace ${graph.namespace}: ${graph.nodes.length} nodes, ${graph.edges.length} edges. Arrow keys move between nodes, Enter selects; the list view names each of them.`}
        data-testid="graph-canvas"
      />
      <p aria-live="polite" className="sr-only">
        {announce}
      </p>
      <div className="absolute top-2 left-2 flex gap-2">
        <button
          type="button"
          onClick={() => {
            cyRef.current?.fit(undefined, 24);
            setPartial(false);
          }}
          className="rounded-md border border-slate-300 bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900/90 dark:hover:bg-slate-800"
        >
          Fit
        </button>
        <button
          type="button"
          onClick={download}
          className="rounded-md border border-slate-300 bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900/90 dark:hover:bg-slate-800"
        >
          Export PNG
        </button>
        {partial && (
          <p className="self-center rounded-md bg-white/90 px-2 py-1 text-xs text-slate-600 shadow-sm dark:bg-slate-900/90 dark:text-slate-300">
            Too big to read whole: zoomed in on its left edge. Drag to pan, scroll to zoom, Fit to see all.
          </p>
        )}
      </div>
    </div>
  );
}
