'use client';
// A GET form that applies as it changes: a checkbox or select at once, typing after a pause. Each
// change is a new history entry (Back undoes it), and the URL carries only what differs from the
// defaults: repeated fields (checkbox groups) are joined with commas. Without script it is a plain
// form with its submit button.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';

const TYPING_PAUSE_MS = 400;

/** The URL a form's current values ask for: empty and default values left out. */
export function formHref(form: HTMLFormElement, path: string, defaults: Readonly<Record<string, string>>): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of new FormData(form)) {
    if (typeof v !== 'string' || v === '') continue;
    grouped.set(k, [...(grouped.get(k) ?? []), v]);
  }
  const q = new URLSearchParams();
  for (const [k, values] of grouped) {
    const v = values.join(',');
    if (defaults[k] !== v) q.set(k, v);
  }
  const text = q.toString();
  return text ? `${path}?${text}` : path;
}

/** Sets every named field of a form to what the query (or, where it says nothing, the default) asks for. */
function showQuery(form: HTMLFormElement, q: URLSearchParams, defaults: Readonly<Record<string, string>>): void {
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name) continue;
    if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
    const value = q.get(el.name) ?? defaults[el.name] ?? '';
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'))
      el.checked = value.split(',').includes(el.value);
    else el.value = value;
  }
}

export function AutoForm({
  label,
  defaults = {},
  className,
  children,
  submitLabel = 'Apply',
}: {
  label: string;
  defaults?: Readonly<Record<string, string>>;
  className?: string;
  children: ReactNode;
  submitLabel?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // What this form last asked for: a URL it made itself is already what the fields show.
  const pushed = useRef<string | undefined>(undefined);
  const go = () => {
    clearTimeout(timer.current);
    if (!form.current) return;
    const href = formHref(form.current, pathname, defaults);
    pushed.current = href.split('?')[1] ?? '';
    router.push(href, { scroll: false });
  };
  useEffect(() => {
    // The fields are uncontrolled: when the URL changes under them (Back, Forward, a link) they
    // show it again; never for a change the form made (typing keeps its place).
    if (form.current && search !== pushed.current) showQuery(form.current, new URLSearchParams(search), defaults);
    pushed.current = undefined;
    // Only a new URL counts; the defaults are the same for the form's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  return (
    <form
      ref={form}
      method="get"
      aria-label={label}
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
      onChange={(e) => {
        const t = e.target as unknown as HTMLInputElement;
        const typing = t.tagName === 'INPUT' && !['checkbox', 'radio'].includes(t.type);
        clearTimeout(timer.current);
        if (typing) timer.current = setTimeout(go, TYPING_PAUSE_MS);
        else go();
      }}
    >
      {children}
      <noscript>
        <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white">
          {submitLabel}
        </button>
      </noscript>
    </form>
  );
}
