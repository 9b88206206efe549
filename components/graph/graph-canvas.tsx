'use client';
// The one Cytoscape canvas: positions arrive laid out from the server; this draws, highlights on
// hover, selects on click or keyboard (into the URL, a history entry each), zooms to the selection
// and exports a PNG with a title, a legend and the data's time. Its parts: canvas-* (elements,
// stylesheet, viewport) and the use-* hooks beside it.
import { useRef } from 'react';
import { useDark } from '@/components/layout/theme';
import type { NamespaceGraph } from '@/lib/graph/types';
import { exportPng } from './graph-export';
import { useEscapeClears, useSelectInUrl, useShowSelected } from './use-canvas-selection';
import { useCytoscape } from './use-cytoscape';
import { useKeyboardWalk } from './use-keyboard-walk';

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
  const dark = useDark();
  const select = useSelectInUrl();
  const { cyRef, partial, setPartial } = useCytoscape(container, { graph, dark, layout, select });
  useShowSelected(cyRef, container, { selected, graph, dark });
  useEscapeClears(selected, select);
  const { onKeyDown, onBlur, announce } = useKeyboardWalk(cyRef, container, { selected, select });

  const fit = () => {
    cyRef.current?.fit(undefined, 24);
    setPartial(false);
  };
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
      <CanvasToolbar onFit={fit} onExport={download} partial={partial} />
    </div>
  );
}

const TOOL_CLASS =
  'rounded-md border border-slate-300 bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900/90 dark:hover:bg-slate-800';

/** Fit, Export PNG, and the note that a graph too big to read whole opened zoomed in. */
function CanvasToolbar({ onFit, onExport, partial }: { onFit: () => void; onExport: () => void; partial: boolean }) {
  return (
    <div className="absolute top-2 left-2 flex gap-2">
      <button type="button" onClick={onFit} className={TOOL_CLASS}>
        Fit
      </button>
      <button type="button" onClick={onExport} className={TOOL_CLASS}>
        Export PNG
      </button>
      {partial && (
        <p className="self-center rounded-md bg-white/90 px-2 py-1 text-xs text-slate-600 shadow-sm dark:bg-slate-900/90 dark:text-slate-300">
          Too big to read whole: zoomed in on its subjects so labels stay legible. Zoom out, or Fit, to see all; drag to
          pan.
        </p>
      )}
    </div>
  );
}
