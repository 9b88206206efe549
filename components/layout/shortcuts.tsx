'use client';
// Keyboard shortcuts for the whole app: "/" focuses the search (as on GitHub), unless one is typing.
import { useEffect } from 'react';

export const SEARCH_INPUT_ID = 'site-search';

export function Shortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const search = document.getElementById(SEARCH_INPUT_ID);
      if (!search) return;
      e.preventDefault();
      search.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
