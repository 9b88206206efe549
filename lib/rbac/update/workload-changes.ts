// Pod, ServiceAccount and Namespace changes: the constant churn of a live cluster. Each touches its
// namespace's lists and nothing of RBAC; the BindingIndex is taken over as it is.
import { group, type LookupData } from '../indexes/lookups';
import type { ModelChange } from '../model/changes';
import type { SubjectRef } from '../model/refs';
import type { Pod, ServiceAccount } from '../model/types';
import { DraftLists, DraftMap, putItem, removeItem } from './copy-on-write';

export type WorkloadChange = Extract<ModelChange, { kind: 'Pod' | 'ServiceAccount' | 'Namespace' }>;

export interface WorkloadUpdate {
  serviceAccountsByNamespace: LookupData['serviceAccountsByNamespace'];
  podsByNamespace: LookupData['podsByNamespace'];
  podsByAccount: LookupData['podsByAccount'];
  listed: ReadonlySet<string>;
  /** The namespaces whose summaries may have changed, or that may have come or gone. */
  namespaces: Set<string>;
  /** The service accounts that may have become known, or stopped being. */
  accounts: SubjectRef[];
}

const account = (namespace: string, name: string): SubjectRef => ({ kind: 'ServiceAccount', namespace, name });

/** Put `after` in its namespace's list (in the place of `before`, or last), or take `before` out. */
function apply<T extends { namespace: string; name: string }>(
  lists: DraftLists<string, T>,
  before: T | undefined,
  after: T | undefined,
): void {
  const ns = (after ?? before)!.namespace;
  const same = (t: T) => t.name === (after ?? before)!.name;
  if (after) putItem(lists.edit(ns), after, same);
  else removeItem(lists.edit(ns), same);
}

/** A namespace's pods by account, grouped again from its pods (a pod keeps its place in each list). */
function regroupAccounts(
  base: LookupData['podsByAccount'],
  pods: LookupData['podsByNamespace'],
  namespaces: Iterable<string>,
): LookupData['podsByAccount'] {
  const out = new DraftMap(base);
  for (const ns of namespaces) {
    const list = pods.get(ns);
    if (list)
      out.set(
        ns,
        group(list, (p) => p.serviceAccountName),
      );
    else out.delete(ns);
  }
  return out.done();
}

function changedSet(base: ReadonlySet<string>, now: ReadonlyMap<string, boolean>): ReadonlySet<string> {
  const out = new Set(base);
  for (const [name, present] of now) {
    if (present) out.add(name);
    else out.delete(name);
  }
  return out;
}

export function applyWorkloadChanges(
  lookups: LookupData,
  listedBefore: ReadonlySet<string>,
  changes: readonly WorkloadChange[],
): WorkloadUpdate {
  const sas = new DraftLists<string, ServiceAccount>(lookups.serviceAccountsByNamespace);
  const pods = new DraftLists<string, Pod>(lookups.podsByNamespace);
  const podNamespaces = new Set<string>();
  const listedNow = new Map<string, boolean>();
  const namespaces = new Set<string>();
  const accounts: SubjectRef[] = [];
  for (const c of changes) {
    if (c.kind === 'Namespace') {
      const name = (c.after ?? c.before)!.name;
      namespaces.add(name);
      if (!c.before !== !c.after) listedNow.set(name, !!c.after);
      continue;
    }
    for (const o of [c.before, c.after]) {
      if (!o) continue;
      namespaces.add(o.namespace);
      accounts.push(account(o.namespace, 'serviceAccountName' in o ? o.serviceAccountName : o.name));
    }
    if (c.kind === 'Pod') {
      apply(pods, c.before, c.after);
      podNamespaces.add((c.after ?? c.before)!.namespace);
    } else apply(sas, c.before, c.after);
  }
  const podsByNamespace = pods.done();
  return {
    serviceAccountsByNamespace: sas.done(),
    podsByNamespace,
    podsByAccount: regroupAccounts(lookups.podsByAccount, podsByNamespace, podNamespaces),
    listed: listedNow.size > 0 ? changedSet(listedBefore, listedNow) : listedBefore,
    namespaces,
    accounts,
  };
}
