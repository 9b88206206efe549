// Namespace names that contain what one types, asked of /api/namespaces a moment after the last
// keystroke (an earlier question is cancelled), so the page never carries the cluster's whole list.
import { useEffect, useState } from 'react';
import { withContext } from '@/lib/web/context';

const SUGGESTIONS = 8;
/** Milliseconds of quiet typing before asking. */
const DEBOUNCE = 120;

/** The names suggested for `text`, and which of them is active (the one Enter picks). */
export function useNamespaceSuggestions(text: string, context: string | undefined) {
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
    }, DEBOUNCE);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, context]);
  return { names: text.trim() === '' ? [] : names, active, setActive };
}
