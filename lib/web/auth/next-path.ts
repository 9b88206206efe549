// Where the sign-in page goes once signed in: `?next=` names a path of this site, validated, so
// that the sign-in page can never be made to send a viewer to another site (an open redirect).
// Used by the proxy, which writes it, and by the sign-in page in the browser, which reads it.

/** `next` when it is a path of this site (one leading slash, printable, bounded), else "/". */
export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[^\x21-\x7e]/.test(next) || next.includes('\\')) return '/';
  // The sign-in page itself is no destination (a loop).
  if (next === '/sign-in' || next.startsWith('/sign-in?')) return '/';
  return next;
}
