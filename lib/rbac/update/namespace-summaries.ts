// The namespace summaries after a batch: only the namespaces a change touched are counted again, and
// a namespace that comes is put in its natural-order place (the list's own order).
import type { BindingIndex } from '../authorizer/bindings';
import type { LookupData } from '../indexes/lookups';
import { summarize, type NamespaceSummary } from '../indexes/namespaces';
import { byNaturalText } from '../model/natural-order';
import { DraftMap, insertSorted } from './copy-on-write';

export interface NamespaceSources {
  lookups: LookupData;
  index: BindingIndex;
  listed: ReadonlySet<string>;
  roleCounts: ReadonlyMap<string, number>;
}

/** indexNamespaces' summary of one namespace, undefined when the model no longer names it. */
function summaryOf(name: string, { lookups, index, listed, roleCounts }: NamespaceSources) {
  const sas = lookups.serviceAccountsByNamespace.get(name)?.length ?? 0;
  const pods = lookups.podsByNamespace.get(name)?.length ?? 0;
  const rbs = index.roleBindingsByNamespace.get(name);
  if (!listed.has(name) && sas === 0 && pods === 0 && !rbs && !roleCounts.get(name)) return undefined;
  return summarize(name, sas, pods, rbs ?? []);
}

const sameSummary = (a: NamespaceSummary, b: NamespaceSummary) =>
  a.serviceAccounts === b.serviceAccounts &&
  a.pods === b.pods &&
  a.roleBindings === b.roleBindings &&
  a.subjects === b.subjects;

/** The map in natural order with `come` added: rebuilt, since a Map only appends. */
function withNames(
  map: ReadonlyMap<string, NamespaceSummary>,
  come: readonly NamespaceSummary[],
): Map<string, NamespaceSummary> {
  const names = [...map.keys()];
  for (const s of come) insertSorted(names, s.name, byNaturalText);
  const bySummary = new Map(come.map((s) => [s.name, s]));
  return new Map(names.map((n) => [n, bySummary.get(n) ?? map.get(n)!]));
}

export function updateSummaries(
  previous: ReadonlyMap<string, NamespaceSummary>,
  touched: Iterable<string>,
  sources: NamespaceSources,
): ReadonlyMap<string, NamespaceSummary> {
  const draft = new DraftMap(previous);
  const come: NamespaceSummary[] = [];
  for (const name of touched) {
    const before = previous.get(name);
    const after = summaryOf(name, sources);
    if (!after) draft.delete(name);
    else if (!before) come.push(after);
    else if (!sameSummary(before, after)) draft.set(name, after);
  }
  const map = draft.done();
  return come.length > 0 ? withNames(map, come) : map;
}
