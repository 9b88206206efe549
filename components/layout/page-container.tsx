import type { ReactNode } from 'react';

export function PageContainer({ children }: { children: ReactNode }) {
  return <div className="mx-auto max-w-6xl px-6 py-8">{children}</div>;
}

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950 focus-visible:outline-2 focus-visible:outline-sky-500';
export const buttonClass =
  'rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500';
// Underlined: a link must be told from the text around it without colour (WCAG 1.4.1), and no link
// blue reaches 3:1 against both slate body text and AA against the page.
export const linkClass =
  'text-sky-700 underline decoration-sky-700/40 underline-offset-2 hover:decoration-current dark:text-sky-400 dark:decoration-sky-400/50';
/** Secondary text ("all", "—", hints): the lightest slate that keeps AA on white, slate-50 and tinted rows, in both themes. */
export const mutedClass = 'text-slate-600 dark:text-slate-400';
