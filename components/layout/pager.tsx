import { ContextLink as Link } from '@/components/layout/context-link';
import type { Page } from '@/lib/rbac';
import { linkClass } from './page-container';

/**
 * "51–100 of 10,000" with previous and next links; `href(n)` spells the URL of page n (1-based),
 * so every page of every list is a link.
 */
export function Pager<T>({
  page,
  size,
  href,
  noun,
}: {
  page: Page<T>;
  size: number;
  href: (pageNumber: number) => string;
  noun: string;
}) {
  if (page.total <= size && page.offset === 0) return null;
  const current = Math.floor(page.offset / size) + 1;
  const last = Math.max(1, Math.ceil(page.total / size));
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  return (
    <nav aria-label={`Pages of ${noun}`} className="mt-3 flex items-center gap-4 text-sm">
      <span className="text-slate-600 tabular-nums dark:text-slate-400">
        {from.toLocaleString('en')}–{to.toLocaleString('en')} of {page.total.toLocaleString('en')} {noun}
      </span>
      {current > 1 && (
        <Link className={linkClass} href={href(current - 1)} rel="prev">
          ← Previous
        </Link>
      )}
      {current < last && (
        <Link className={linkClass} href={href(current + 1)} rel="next">
          Next →
        </Link>
      )}
      <span className="text-slate-500 dark:text-slate-400">
        page {current} of {last}
      </span>
    </nav>
  );
}
