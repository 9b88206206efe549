// The bindings a right-sizing of several subjects replaces, one edit per binding: what the page and
// the CLI's `rightsize -n` write, so that applying them in turn never puts a subject back.
import { objectKey } from '../model/refs';
import type { Subject } from '../model/types';
import type { BindingEdit } from './rightsize-model';
import type { Rightsizing } from './rightsize';

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

/**
 * Each proposal with every binding several of them replace written once, as all of them leave it
 * (mergedEdits), in the first proposal that replaces it: the objects to write for a namespace.
 */
export function withSharedEdits(proposals: readonly Rightsizing[]): Rightsizing[] {
  const merged = new Map(mergedEdits(proposals).map((e) => [objectKey(e.binding), e]));
  const written = new Set<string>();
  return proposals.map((r) => ({
    ...r,
    replaced: r.replaced.flatMap((e) => {
      const key = objectKey(e.binding);
      if (written.has(key)) return [];
      written.add(key);
      return [merged.get(key)!];
    }),
  }));
}
