'use client';
// The kubeconfig context the views show. Picking one keeps the page and its view state and changes
// only ?context=; without JavaScript the form does the same.
import { usePathname, useSearchParams } from 'next/navigation';
import { CONTEXT_PARAM } from '@/lib/web/context';

export function ContextPicker({ names, current }: { names: string[]; current: string }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const go = (name: string) => {
    const q = new URLSearchParams(search.toString());
    q.set(CONTEXT_PARAM, name);
    // Another cluster's node ids and pages mean nothing here: keep the page, drop the selection.
    q.delete('node');
    q.delete('page');
    // A whole page load: the header (source, freshness) belongs to the layout, which client-side
    // navigation keeps as it was.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose (above)
    window.location.assign(`${pathname}?${q.toString()}`);
  };
  return (
    <form method="get" className="flex items-center gap-2 text-sm" aria-label="Kubeconfig context">
      <label htmlFor="context-picker" className="text-slate-600 dark:text-slate-400">
        Context
      </label>
      <select
        id="context-picker"
        name={CONTEXT_PARAM}
        value={current}
        onChange={(e) => go(e.target.value)}
        className="max-w-48 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
      >
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">
          Go
        </button>
      </noscript>
    </form>
  );
}
