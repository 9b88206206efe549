// The bindings a right-sizing of several subjects replaces, one edit per binding (pure, tested).
import { objectKey, type BindingEdit, type Rightsizing, type Subject } from '@/lib/rbac';

const same = (a: Subject, b: Subject) =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');

/**
 * The edits of several proposals (a namespace's service accounts) as one per binding: a binding two
 * of them leave keeps only what both keep (two edits applied one after the other would each put the
 * other's subject back), and one that keeps nobody is deleted.
 */
export function mergedEdits(proposals: readonly Pick<Rightsizing, 'replaced'>[]): BindingEdit[] {
  const byKey = new Map<string, BindingEdit>();
  for (const e of proposals.flatMap((r) => r.replaced)) {
    const key = objectKey(e.binding);
    const was = byKey.get(key);
    if (!was) {
      byKey.set(key, e);
      continue;
    }
    const removed = [...was.removed, ...e.removed.filter((s) => !was.removed.some((r) => same(r, s)))];
    const kept = was.kept.filter((s) => !removed.some((r) => same(r, s)));
    byKey.set(key, {
      binding: e.binding,
      action: kept.length === 0 ? 'deleted' : 'edited',
      removed,
      kept,
      reconciled: was.reconciled || e.reconciled,
    });
  }
  return [...byKey.values()];
}
