'use client';
// Copies the text of the element `target` names: through the clipboard API, or, where the page may
// not use it (plain HTTP, a refused permission), by selecting the text for the reader to copy.
import { useState } from 'react';

export function CopyButton({ target, label }: { target: string; label: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    const el = document.getElementById(target);
    if (!el) return;
    try {
      await navigator.clipboard.writeText(el.textContent ?? '');
      setSaid('Copied');
    } catch {
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setSaid('Selected: press Ctrl+C (⌘C) to copy');
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        {label}
      </button>
      <span role="status" className="text-xs text-slate-700 dark:text-slate-300">
        {said}
      </span>
    </span>
  );
}
