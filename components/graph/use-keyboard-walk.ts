// Arrow keys walk the nodes in reading order, Home and End jump to the ends, Enter selects: every
// node reachable without a mouse, each announced to a screen reader.
import type { Core } from 'cytoscape';
import { useState, type RefObject } from 'react';
import { readingOrder, show } from './canvas-viewport';

const STEPS: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: 0, End: 0 };

/** The node index a key moves the cursor to, from `start` (-1: no cursor and no selection yet). */
function nextIndex(key: string, step: number, start: number, length: number): number {
  if (key === 'Home') return 0;
  if (key === 'End') return length - 1;
  return start < 0 ? 0 : (start + step + length) % length;
}

export function useKeyboardWalk(
  cyRef: RefObject<Core | null>,
  container: RefObject<HTMLDivElement | null>,
  { selected, select }: { selected: string | undefined; select: (id: string | undefined) => void },
) {
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [announce, setAnnounce] = useState('');

  const onKeyDown = (e: React.KeyboardEvent) => {
    const cy = cyRef.current;
    if (!cy || !container.current) return;
    const order = readingOrder(cy);
    if (order.length === 0) return;
    const step = STEPS[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const next = nextIndex(e.key, step, cursor ?? order.findIndex((n) => n.id() === selected), order.length);
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
  return { onKeyDown, onBlur, announce };
}
