import type { Finding } from '@/lib/rbac';

/**
 * FIX LINK SLOT: where each finding's "Fix" link goes on /risks. The "fixes" helper adds fixHref()
 * in lib/web/links.ts and a /fix page; when it lands, render
 * `<Link href={fixHref(finding)} className={linkClass}>Fix</Link>` here. Until then: nothing.
 */
export function FixSlot({ finding }: { finding: Finding }) {
  void finding;
  return null;
}
