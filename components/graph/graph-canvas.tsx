'use client';
// The one Cytoscape canvas: positions arrive laid out from the server; this draws, highlights on
// hover, selects on click (into the URL) and exports PNG.
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { nodeSize } from '@/lib/graph/node-size';
import type { NamespaceGraph } from '@/lib/graph/types';
import { DARK, LIGHT, SHAPES, type Palette } from './graph-style';

const BIG = 1000;
const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToScheme(onChange: () => void): () => void {
  const mq = window.matchMedia(DARK_QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

const prefersDark = () => window.matchMedia(DARK_QUERY).matches;

function elements(graph: NamespaceGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, label: n.label, kind: n.kind, ...nodeSize(n) },
      position: { x: n.x ?? 0, y: n.y ?? 0 },
      classes: [
        n.kind,
        n.dangerous ? 'dangerous' : '',
        n.risky ? 'risky' : '',
        n.highlighted ? 'highlighted' : '',
      ].join(' '),
    })),
    ...graph.edges.map((e) => ({
      group: 'edges' as const,
      data: { id: e.id, source: e.source, target: e.target, label: e.verbs?.join(' ') ?? '' },
      classes: [e.kind, e.dangerous ? 'dangerous' : '', e.highlighted ? 'highlighted' : ''].join(' '),
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
    { selector: 'node.pod', style: { label: '', width: 16, height: 16 } },
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
      selector: 'edge',
      style: {
        width: 1.3,
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': haystack ? 'haystack' : 'bezier',
        label: 'data(label)',
        'font-size': 10,
        color: p.text,
        'text-background-color': p.kinds.pod.fill,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': big ? 8 : 0,
      },
    },
    { selector: 'edge.member-of, edge.aggregates', style: { 'line-style': 'dashed' } },
    {
      selector: 'edge.dangerous',
      style: { 'line-color': p.danger, 'target-arrow-color': p.danger, width: 2, color: p.danger },
    },
    { selector: '.faded', style: { opacity: 0.15 } },
  ];
}

export function GraphCanvas({
  graph,
  selected,
  layout,
}: {
  graph: NamespaceGraph;
  selected?: string;
  layout: 'layered' | 'force';
}) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const dark = useSyncExternalStore(subscribeToScheme, prefersDark, () => false);

  const select = useCallback(
    (id: string | undefined) => {
      const q = new URLSearchParams(search.toString());
      if (id) q.set('node', id);
      else q.delete('node');
      const s = q.toString();
      router.replace(`${pathname}${s ? `?${s}` : ''}`, { scroll: false });
    },
    [router, pathname, search],
  );

  useEffect(() => {
    if (!container.current) return;
    const count = graph.nodes.length + graph.edges.length;
    const big = count > BIG;
    const cy = cytoscape({
      container: container.current,
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
    // Marks the first drawn frame: tests and the benchmark wait for it.
    cy.one('render', () => container.current?.setAttribute('data-ready', 'true'));
    cy.on('tap', 'node', (e) => select(e.target.id()));
    cy.on('tap', (e) => {
      if (e.target === cy) select(undefined);
    });
    cy.on('mouseover', 'node', (e) => {
      const hood = e.target.closedNeighborhood();
      cy.batch(() => cy.elements().not(hood).addClass('faded'));
    });
    cy.on('mouseout', 'node', () => cy.batch(() => cy.elements().removeClass('faded')));
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
    // The canvas is rebuilt when the graph or theme changes, never for a selection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, dark, layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(':selected').unselect();
    if (!selected) return;
    const node = cy.getElementById(selected);
    if (node.nonempty()) {
      node.select();
      cy.animate({ center: { eles: node } }, { duration: 0 });
    }
  }, [selected, graph, dark]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && selected) select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected]);

  const exportPng = () => {
    const cy = cyRef.current;
    if (!cy) return;
    const a = document.createElement('a');
    a.href = cy.png({ full: true, scale: 2, bg: dark ? '#020617' : '#ffffff' });
    a.download = `rbac-atlas-${graph.namespace}.png`;
    a.click();
  };

  return (
    <div className="relative h-full min-h-[480px] w-full">
      <div
        ref={container}
        // Cytoscape makes its container position: relative, so the size must not come from insets.
        className="h-full w-full"
        role="img"
        aria-label={`Graph of namespace ${graph.namespace}: ${graph.nodes.length} nodes, ${graph.edges.length} edges. The list view names each of them.`}
        data-testid="graph-canvas"
      />
      <div className="absolute top-2 right-2 flex gap-2">
        <button
          type="button"
          onClick={() => cyRef.current?.fit(undefined, 24)}
          className="rounded-md border border-slate-300 bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900/90 dark:hover:bg-slate-800"
        >
          Fit
        </button>
        <button
          type="button"
          onClick={exportPng}
          className="rounded-md border border-slate-300 bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900/90 dark:hover:bg-slate-800"
        >
          Export PNG
        </button>
      </div>
    </div>
  );
}
