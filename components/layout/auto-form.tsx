'use client';
// A GET form that applies as it changes: a checkbox or select at once, typing after a pause. Each
// change is a new history entry (Back undoes it), and the URL carries only what differs from the
// defaults: repeated fields (checkbox groups) are joined with commas. Without script it is a plain
// form with its submit button.
import { usePathname, useRouter } from 'next/navigation';
import { useRef, type ReactNode } from 'react';

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
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const go = () => {
    clearTimeout(timer.current);
    if (form.current) router.push(formHref(form.current, pathname, defaults), { scroll: false });
  };
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
