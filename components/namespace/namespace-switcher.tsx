'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { CONTEXT_PARAM, withContext } from '@/lib/web/context';
import { useViewContext } from '@/components/layout/context-link';

const SUGGESTIONS = 8;

/**
 * Jumps to another namespace by name: suggestions come from /api/namespaces as one types, so the
 * page never carries the cluster's whole list. Without JavaScript the form filters the overview.
 */
export function NamespaceSwitcher({ current }: { current: string }) {
  const router = useRouter();
  const context = useViewContext();
  const listId = useId();
  const [text, setText] = useState('');
  const [names, setNames] = useState<string[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const filter = text.trim();
    if (filter === '') return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      const url = withContext(`/api/namespaces?limit=${SUGGESTIONS}&filter=${encodeURIComponent(filter)}`, context);
      fetch(url, { signal: ctl.signal })
        .then((r) => (r.ok ? (r.json() as Promise<{ namespaces: { name: string }[] }>) : { namespaces: [] }))
        .then((body) => {
          setNames(body.namespaces.map((n) => n.name));
          setActive(0);
        })
        .catch(() => undefined);
    }, 120);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, context]);

  const shown = text.trim() === '' ? [] : names;
  const go = (name: string) => router.push(withContext(`/namespaces/${encodeURIComponent(name)}`, context));
  return (
    <form
      method="get"
      action="/"
      role="search"
      aria-label="Switch namespace"
      className="relative flex items-center gap-2 text-sm"
      onSubmit={(e) => {
        const pick = shown[active] ?? (text.trim() || undefined);
        if (!pick) return;
        e.preventDefault();
        go(pick);
      }}
    >
      {context && <input type="hidden" name={CONTEXT_PARAM} value={context} />}
      <label htmlFor={`${listId}-input`} className="text-slate-600 dark:text-slate-400">
        Namespace
      </label>
      <input
        id={`${listId}-input`}
        name="filter"
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown.length > 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={text}
        placeholder={current}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Escape') setText('');
          else return;
          e.preventDefault();
        }}
        className="w-52 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900"
      />
      {shown.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Namespaces"
          className="absolute top-full right-0 z-20 mt-1 w-52 rounded-md border border-slate-300 bg-white py-1 font-mono shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {shown.map((n, i) => (
            <li
              key={n}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(n);
              }}
              className={`cursor-pointer truncate px-2 py-1 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
            >
              {n}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
