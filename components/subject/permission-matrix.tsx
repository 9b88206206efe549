// Resource × verb, rows grouped by API group; each allowed cell opens its why (binding → role →
// rule) in one popover per matrix: the browser's top layer, so no panel or scroller clips it.
import { compactMatrix } from '@/lib/views/compact-matrix';
import type { PermissionMatrix as Matrix } from '@/lib/rbac';
import { MatrixTable } from './matrix-table';

export function PermissionMatrix({
  matrix,
  caption,
  id,
  narrow = false,
}: {
  matrix: Matrix;
  caption: string;
  id: string;
  narrow?: boolean;
}) {
  if (matrix.rows.length === 0 && matrix.nonResource.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No permissions {caption}.</p>;
  }
  return <MatrixTable matrix={compactMatrix(matrix)} caption={caption} id={id} narrow={narrow} />;
}
