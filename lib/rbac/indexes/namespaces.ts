// Per-namespace counts for the namespace list, counted once per model and then sorted, filtered and
// paged on request. Names in natural order (ns-2 before ns-10); risk from the findings, asked only
// when a list is sorted by it (findings cost seconds on a large cluster).
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { pageOf, type Page } from '../model/page';
import { subjectRefOf } from '../authorizer/subjects';
import { byNaturalText } from '../model/natural-order';
import { SEVERITIES, type Severity } from '../paths/techniques';
import type { ClusterModel } from '../model/types';
import { subjectKey } from '../model/refs';

export interface NamespaceSummary {
  name: string;
  serviceAccounts: number;
  pods: number;
  roleBindings: number;
  /** Distinct subjects named by the namespace's RoleBindings. */
  subjects: number;
}

export const NAMESPACE_SORTS = ['name', 'serviceAccounts', 'pods', 'roleBindings', 'subjects', 'risk'] as const;
export type NamespaceSort = (typeof NAMESPACE_SORTS)[number];

export interface NamespaceQuery {
  /** Substring of the name, case-insensitive. */
  filter?: string;
  sort?: NamespaceSort;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface NamespaceIndex {
  byName: ReadonlyMap<string, NamespaceSummary>;
  query(q: NamespaceQuery): Page<NamespaceSummary>;
}

/** A namespace's findings per severity (the engine's riskCounts). */
export type NamespaceRisk = (namespace: string) => Readonly<Record<Severity, number>>;

/** Risk order: more critical findings first counts most, then high, medium, low. */
function byRisk(risk: NamespaceRisk) {
  return (a: NamespaceSummary, b: NamespaceSummary) => {
    const x = risk(a.name);
    const y = risk(b.name);
    for (const s of SEVERITIES) if (x[s] !== y[s]) return x[s] - y[s];
    return 0;
  };
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** A namespace's counts: its service accounts, pods, RoleBindings and the distinct subjects they name. */
export function summarize(
  name: string,
  serviceAccounts: number,
  pods: number,
  rbs: readonly ResolvedBinding[],
): NamespaceSummary {
  const subjects = new Set<string>();
  for (const b of rbs) {
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, b.namespace);
      if (ref) subjects.add(subjectKey(ref));
    }
  }
  return { name, serviceAccounts, pods, roleBindings: rbs.length, subjects: subjects.size };
}

/** Every namespace the model names: listed, or holding a service account, pod, role or binding. */
/** `riskCurrent`: whether `risk` answers for this model yet (engine-risks.ts): a risk order is kept only then. */
export function indexNamespaces(
  model: ClusterModel,
  bindings: BindingIndex,
  risk: NamespaceRisk,
  riskCurrent: () => boolean = () => true,
): NamespaceIndex {
  const sas = new Map<string, number>();
  const pods = new Map<string, number>();
  for (const s of model.serviceAccounts) count(sas, s.namespace);
  for (const p of model.pods) count(pods, p.namespace);
  const names = new Set([...model.namespaces.map((n) => n.name), ...sas.keys(), ...pods.keys()]);
  for (const r of model.roles) names.add(r.namespace);
  for (const ns of bindings.roleBindingsByNamespace.keys()) names.add(ns);

  const byName = new Map<string, NamespaceSummary>();
  for (const name of [...names].sort(byNaturalText)) {
    const rbs = bindings.roleBindingsByNamespace.get(name) ?? [];
    byName.set(name, summarize(name, sas.get(name) ?? 0, pods.get(name) ?? 0, rbs));
  }
  return namespaceIndexOf(byName, risk, riskCurrent);
}

/** `byName`: every namespace's summary, names in natural order. Each sort is made when first asked. */
export function namespaceIndexOf(
  byName: ReadonlyMap<string, NamespaceSummary>,
  risk: NamespaceRisk,
  riskCurrent: () => boolean = () => true,
): NamespaceIndex {
  const byNameOrder = [...byName.values()];
  const sorted = new Map<string, NamespaceSummary[]>();
  const ordered = (sort: NamespaceSort, order: 'asc' | 'desc') => {
    const key = `${sort} ${order}`;
    let list = sorted.get(key);
    if (!list) {
      // Ties keep name order (the sort is stable), so pages do not shuffle; built once per order.
      // Descending keeps names ascending within a tie (the most risky first, then ns-1, ns-2, …).
      if (sort === 'name') list = order === 'asc' ? byNameOrder : [...byNameOrder].reverse();
      else {
        const compare =
          sort === 'risk' ? byRisk(risk) : (a: NamespaceSummary, b: NamespaceSummary) => a[sort] - b[sort];
        const sign = order === 'asc' ? 1 : -1;
        list = [...byNameOrder].sort((a, b) => sign * compare(a, b));
      }
      if (sort !== 'risk' || riskCurrent()) sorted.set(key, list);
    }
    return list;
  };
  return {
    byName,
    query({ filter = '', sort = 'name', order = 'asc', offset = 0, limit = 50 }) {
      const f = filter.trim().toLowerCase();
      const list = ordered(sort, order);
      return pageOf(f ? list.filter((n) => n.name.toLowerCase().includes(f)) : list, offset, limit);
    },
  };
}
