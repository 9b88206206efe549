'use client';
// The header's search: a combobox (WAI-ARIA APG "list autocomplete") that asks /api/search as one
// types, shows the first matches with their kind and how many there are in all, and lands on the
// object chosen with arrows and Enter; Enter on nothing chosen opens /search with every match.
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useViewContext } from './context-link';
import { withContext } from '@/lib/web/context';
import { SEARCH_INPUT_ID } from './shortcuts';

interface Hit {
  kind: string;
  label: string;
  href: string;
}
interface Answer {
  query: string;
  total: number;
  items: Hit[];
}

const SHOWN = 8;
const TYPING_PAUSE_MS = 120;

/** Asks the API after a pause in typing; an answer to an older query never replaces a newer one. */
function useSearch(query: string, context: string | undefined): Answer | undefined {
  const [answer, setAnswer] = useState<Answer>();
  useEffect(() => {
    const q = query.trim();
    if (q === '') return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const url = withContext(`/api/search?${new URLSearchParams({ q, limit: String(SHOWN) })}`, context);
      fetch(url, { signal: abort.signal })
        .then((r) => (r.ok ? (r.json() as Promise<Answer>) : undefined))
        .then((a) => a && setAnswer({ query: q, total: a.total, items: a.items }))
        .catch(() => undefined);
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query, context]);
  return query.trim() === '' ? undefined : answer;
}

export function SearchBox() {
  const router = useRouter();
  const context = useViewContext();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const answer = useSearch(query, context);
  const input = useRef<HTMLInputElement>(null);
  const hits = answer?.items ?? [];
  const all = `/search?${new URLSearchParams({ q: query.trim() })}`;
  // The options: the hits, then "every match" (the /search page).
  const options = [...hits.map((h) => h.href), all];
  const expanded = open && answer !== undefined;
  const go = (href: string) => {
    setOpen(false);
    setActive(-1);
    router.push(withContext(href, context));
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (!expanded) return;
      // Down from the last option, or up from the first, wraps round (APG's listbox).
      if (e.key === 'ArrowDown') setActive((i) => (i < n - 1 ? i + 1 : 0));
      else setActive((i) => (i > 0 ? i - 1 : n - 1));
    } else if (e.key === 'Escape') {
      if (expanded) setOpen(false);
      else setQuery('');
      setActive(-1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = expanded && active >= 0 ? options[active] : query.trim() !== '' ? all : undefined;
      if (chosen) go(chosen);
    }
  };
  return (
    <form
      method="get"
      action="/search"
      role="search"
      className="relative hidden md:block"
      onSubmit={(e) => e.preventDefault()}
    >
      {context && <input type="hidden" name="context" value={context} />}
      <input
        ref={input}
        id={SEARCH_INPUT_ID}
        type="text"
        name="q"
        role="combobox"
        aria-label="Search namespaces, subjects, roles and bindings"
        aria-keyshortcuts="/"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={query}
        placeholder="Search…  /"
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
        className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-400"
      />
      <SearchOptions id={listId} open={expanded} answer={answer} active={active} allHref={all} onChoose={go} />
    </form>
  );
}

function SearchOptions(props: {
  id: string;
  open: boolean;
  answer: Answer | undefined;
  active: number;
  allHref: string;
  onChoose: (href: string) => void;
}) {
  const { id, open, answer, active, allHref, onChoose } = props;
  const hits = answer?.items ?? [];
  const option = (i: number) =>
    `flex cursor-pointer items-baseline gap-2 px-3 py-1.5 ${i === active ? 'bg-sky-100 dark:bg-sky-900' : ''}`;
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Search suggestions"
      hidden={!open}
      className="absolute top-full left-0 z-50 mt-1 w-96 overflow-hidden rounded-md border border-slate-200 bg-white text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      {hits.map((h, i) => (
        <li
          key={h.href}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={option(i)}
          // mousedown, not click: the input's blur would close the list first.
          onMouseDown={(e) => {
            e.preventDefault();
            onChoose(h.href);
          }}
        >
          <span className="w-28 shrink-0 text-xs text-slate-600 dark:text-slate-300">{h.kind}</span>
          <span className="min-w-0 font-mono break-words">{h.label}</span>
        </li>
      ))}
      <li
        id={`${id}-${hits.length}`}
        role="option"
        aria-selected={active === hits.length}
        className={`${option(hits.length)} border-t border-slate-200 text-sky-800 dark:border-slate-700 dark:text-sky-300`}
        onMouseDown={(e) => {
          e.preventDefault();
          onChoose(allHref);
        }}
      >
        {answer && answer.total === 0
          ? `Nothing matches “${answer.query}”`
          : `All ${(answer?.total ?? 0).toLocaleString('en')} results for “${answer?.query ?? ''}”`}
      </li>
    </ul>
  );
}
