'use client';
// A link that stays in the view's kubeconfig context: every page link goes through here, so the
// context in the URL survives navigation and shared links open the same cluster.
import Link, { useLinkStatus } from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, type ComponentProps } from 'react';
import { CONTEXT_PARAM, validContext, withContext } from '@/lib/web/context';

type Props = ComponentProps<typeof Link> & { href: string };

function InContext({ href, ...rest }: Props) {
  const context = validContext(useSearchParams().get(CONTEXT_PARAM));
  return <Link href={withContext(href, context)} {...rest} />;
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
