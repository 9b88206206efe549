// The kubeconfig context a view shows travels in its URL (`?context=`), so a shared link opens the
// same cluster for anyone whose kubeconfig names it the same. The proxy copies it into a request
// header for server code; links keep it through `withContext`.
export const CONTEXT_PARAM = 'context';
export const CONTEXT_HEADER = 'x-rbac-atlas-context';

/** Context names as kubeconfigs spell them: printable, no spaces, bounded. */
export function validContext(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return /^[\x21-\x7e]{1,253}$/.test(value) ? value : undefined;
}

/** The same link in `context` (links to other sites and in-page anchors are left alone). */
export function withContext(href: string, context: string | undefined): string {
  if (!context || !href.startsWith('/') || href.startsWith('//')) return href;
  const hash = href.indexOf('#');
  const path = hash >= 0 ? href.slice(0, hash) : href;
  const anchor = hash >= 0 ? href.slice(hash) : '';
  if (new URLSearchParams(path.split('?')[1] ?? '').has(CONTEXT_PARAM)) return href;
  return `${path}${path.includes('?') ? '&' : '?'}${CONTEXT_PARAM}=${encodeURIComponent(context)}${anchor}`;
}
