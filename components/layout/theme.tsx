'use client';
// The theme: system (the default, following the OS), light or dark, remembered in localStorage.
// The class on <html> is set before the first paint by THEME_SCRIPT (layout.tsx), so a dark page
// never flashes light; this switch changes it afterwards.
import { useEffect, useSyncExternalStore } from 'react';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
const KEY = 'rbac-atlas-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Runs inline in <head>: the same rule as apply(), before React loads. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('${KEY}');var d=t==='dark'||(t!=='light'&&matchMedia('${DARK_QUERY}').matches);document.documentElement.classList.toggle('dark',d);document.documentElement.style.colorScheme=d?'dark':'light'}catch(e){}})()`;

function stored(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

function apply(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia(DARK_QUERY).matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

const listeners = new Set<() => void>();
function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

function choose(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this page only.
  }
  apply(theme);
  listeners.forEach((l) => l());
}

/** Whether the page is dark now: for code that draws (the graph canvas). */
export function useDark(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const observer = new MutationObserver(onChange);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
      return () => observer.disconnect();
    },
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}

export function ThemeSwitch() {
  const theme = useSyncExternalStore(subscribe, stored, () => 'system' as Theme);
  useEffect(() => {
    // Again after mount: a page React had to render on the client from scratch (after a server
    // error) has lost the class the inline script set.
    apply(stored());
    // "System" follows the OS while the page is open.
    const mq = window.matchMedia(DARK_QUERY);
    const onChange = () => stored() === 'system' && apply('system');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="sr-only md:not-sr-only md:text-slate-600 md:dark:text-slate-400">Theme</span>
      <select
        value={theme}
        onChange={(e) => choose(e.target.value as Theme)}
        className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-950"
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
