// The canvas' selection lives in the URL (`node=`), a history entry each so Back walks them; the
// canvas shows what the URL selects, and Esc clears it.
import type { Core, NodeSingular } from 'cytoscape';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, type RefObject } from 'react';
import { show } from './canvas-viewport';

/** Selects a node (or none) by pushing the URL with `node=` set (or removed). */
export function useSelectInUrl(): (id: string | undefined) => void {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  return useCallback(
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
}

/** Marks the selected node and its edges' labels on the canvas and brings it into view. */
export function useShowSelected(
  cyRef: RefObject<Core | null>,
  container: RefObject<HTMLDivElement | null>,
  { selected, graph, dark }: { selected: string | undefined; graph: unknown; dark: boolean },
): void {
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
    // The canvas is rebuilt for a new graph or theme: the selection is shown again on the new one.
  }, [cyRef, container, selected, graph, dark]);
}

/** Esc anywhere on the page clears the selection. */
export function useEscapeClears(selected: string | undefined, select: (id: string | undefined) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && selected) select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, selected]);
}
