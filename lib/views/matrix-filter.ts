import type { PermissionMatrix } from '@/lib/rbac';

/** The rows (and URLs) whose name contains `text`; the verb columns narrowed to what is left. */
export function filterMatrix(m: PermissionMatrix, text: string): PermissionMatrix {
  if (!text) return m;
  const rows = m.rows.filter((r) => r.resource.includes(text));
  const used = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  return {
    verbs: m.verbs.filter((v) => used.has(v)),
    rows,
    nonResource: m.nonResource.filter((n) => n.url.includes(text)),
  };
}
