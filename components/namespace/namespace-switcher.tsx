'use client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { CONTEXT_PARAM, withContext } from '@/lib/web/context';
import { useViewContext } from '@/components/layout/context-link';
import { useNamespaceSuggestions } from './use-namespace-suggestions';

/**
 * Jumps to another namespace by name: suggestions come from /api/namespaces as one types, so the
 * page never carries the cluster's whole list. Without JavaScript the form filters the overview.
 */
export function NamespaceSwitcher({ current }: { current: string }) {
  const router = useRouter();
  const context = useViewContext();
  const listId = useId();
  const [text, setText] = useState('');
  const { names: shown, active, setActive } = useNamespaceSuggestions(text, context);
  const go = (name: string) => router.push(withContext(`/namespaces/${encodeURIComponent(name)}`, context));
  /** Arrows move the active suggestion, Esc clears the text; other keys type. */
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Escape') setText('');
    else return;
    e.preventDefault();
  };
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
        onKeyDown={onKeyDown}
        className="w-52 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-900"
      />
      {shown.length > 0 && <Suggestions listId={listId} names={shown} active={active} onPick={go} />}
    </form>
  );
}

function Suggestions({
  listId,
  names,
  active,
  onPick,
}: {
  listId: string;
  names: readonly string[];
  active: number;
  onPick: (name: string) => void;
}) {
  return (
    <ul
      id={listId}
      role="listbox"
      aria-label="Namespaces"
      className="absolute top-full right-0 z-20 mt-1 w-52 rounded-md border border-slate-300 bg-white py-1 font-mono shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      {names.map((n, i) => (
        <li
          key={n}
          id={`${listId}-${i}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            // The focus stays in the input: the click only picks.
            e.preventDefault();
            onPick(n);
          }}
          className={`cursor-pointer truncate px-2 py-1 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`}
        >
          {n}
        </li>
      ))}
    </ul>
  );
}
