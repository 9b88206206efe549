// Resource × verb, rows grouped by API group; each allowed cell opens its why (binding → role →
// rule) in one popover per matrix: the browser's top layer, so no panel or scroller clips it.
import { ContextLink as Link } from '@/components/layout/context-link';
import { linkClass } from '@/components/layout/page-container';
import { Pager } from '@/components/layout/pager';
import { compactMatrix } from '@/lib/reports/compact-matrix';
import { pageOf, type PermissionMatrix as Matrix } from '@/lib/rbac';
import { MatrixTable } from './matrix-table';

/**
 * Rows past a page are never drawn: a role of 20,000 rules made a 38 MB subject page (#25).
 * `paging`: a page of rows and a pager to the others; `more`: the first rows, then how many more
 * and a link to where they all are (a side panel).
 */
export function PermissionMatrix({
  matrix,
  caption,
  id,
  narrow = false,
  paging,
  more,
}: {
  matrix: Matrix;
  caption: string;
  id: string;
  narrow?: boolean;
  paging?: { offset: number; size: number; href: (page: number) => string };
  more?: { size: number; href: string };
}) {
  if (matrix.rows.length === 0 && matrix.nonResource.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No permissions {caption}.</p>;
  }
  const size = paging?.size ?? more?.size ?? matrix.rows.length;
  // One `?rows=` pages every matrix of the page: a shorter one shows its last page, never an empty table.
  const lastStart = size > 0 ? Math.max(0, Math.ceil(matrix.rows.length / size) - 1) * size : 0;
  const page = pageOf(matrix.rows, Math.min(paging?.offset ?? 0, lastStart), size);
  const rest = matrix.rows.length - page.items.length;
  return (
    <>
      <MatrixTable matrix={compactMatrix({ ...matrix, rows: page.items })} caption={caption} id={id} narrow={narrow} />
      {paging && <Pager page={page} size={paging.size} href={paging.href} noun="resources" />}
      {more && rest > 0 && (
        <p className="mt-1 text-xs">
          <Link className={linkClass} href={more.href}>
            … and {rest.toLocaleString('en')} more resources
          </Link>
        </p>
      )}
    </>
  );
}
