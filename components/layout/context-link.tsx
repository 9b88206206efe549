'use client';
// A link that stays in the view's kubeconfig context: every page link goes through here, so the
// context in the URL survives navigation and shared links open the same cluster.
import Link, { useLinkStatus } from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, type ComponentProps, type ReactNode } from 'react';
import { useRefusal } from './access-refusals';
import { mutedClass } from './page-container';
import { CONTEXT_PARAM, validContext, withContext } from '@/lib/web/context';

type Props = ComponentProps<typeof Link> & { href: string };

function InContext({ href, ...rest }: Props) {
  const context = validContext(useSearchParams().get(CONTEXT_PARAM));
  const refused = useRefusal(href);
  if (refused)
    return (
      <Refused reason={refused} className={rest.className} label={rest['aria-label']}>
        {rest.children}
      </Refused>
    );
  return <Link href={withContext(href, context)} {...rest} />;
}

/** What makes text look like a link: its colour, underline and hover; the rest (a tile's box) stays. */
const LINK_LOOK = /^(dark:)?(text-(sky|slate)-\d+|underline|underline-offset-\d+|decoration-\S+|hover:\S+)$/;

/**
 * A link's classes without its link look: muted where its text was link blue or slate, and a chip
 * (bordered) dashed, so nothing refused reads as a link or a button. A coloured tile keeps its
 * colours: it still says its count.
 */
export function unlinkedClass(className = ''): string {
  const classes = className.split(/\s+/).filter(Boolean);
  const kept = classes.filter((c) => !LINK_LOOK.test(c));
  const recoloured = classes.some((c) => /^text-(sky|slate)-\d+$/.test(c));
  const chip = classes.includes('border');
  return [...kept, ...(recoloured ? [mutedClass] : []), ...(chip ? ['border-dashed'] : []), 'cursor-not-allowed'].join(
    ' ',
  );
}

/**
 * In place of a link the viewer's access does not open: its text, no longer looking like a link,
 * with why (the title on hover, and for screen readers in words, after the link's own label).
 */
function Refused({
  reason,
  className,
  label,
  children,
}: {
  reason: string;
  className?: string;
  label?: string;
  children?: ReactNode;
}) {
  const why = reason.charAt(0).toUpperCase() + reason.slice(1);
  return (
    <span className={unlinkedClass(className)} title={why} data-hidden-by-access="">
      {label ? <span aria-hidden="true">{children}</span> : children}
      <span className="sr-only">
        {label ? `${label} ` : ' '}({reason})
      </span>
    </span>
  );
}

/** Drop-in for next/link with a string href. */
export function ContextLink(props: Props) {
  // Outside a dynamic render (a static not-found page) there are no search params: a plain link.
  return (
    <Suspense fallback={<Link {...props} />}>
      <InContext {...props} />
    </Suspense>
  );
}

/**
 * Inside a link whose page takes the server seconds to make (a large graph laid out whole): `text`
 * while that page is on its way, nothing otherwise. Without it, a click seems to do nothing.
 */
export function LinkPending({ text }: { text: string }) {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span
      role="status"
      className="ml-1 inline-block text-xs text-slate-600 motion-safe:animate-pulse dark:text-slate-300"
    >
      {text}
    </span>
  );
}

/** The context of the current URL, for client code that navigates (the graph canvas, the switcher). */
export function useViewContext(): string | undefined {
  return validContext(useSearchParams().get(CONTEXT_PARAM));
}

function ContextInput() {
  const context = useViewContext();
  return context ? <input type="hidden" name={CONTEXT_PARAM} value={context} /> : null;
}

/** Inside every GET form: the submitted view stays in the same context. */
export function ContextField() {
  return (
    <Suspense fallback={null}>
      <ContextInput />
    </Suspense>
  );
}
