// The objects of a model by what the views look them up by, indexed once per model: a namespace's
// pods and service accounts, a service account's pods, a binding or role by name, where a role is
// bound, and the aggregation relations between ClusterRoles.
import { ChunkedMap } from '../update/copy-on-write';
import { walkOrder, writtenRole, type BindingIndex, type ResolvedBinding } from '../authorizer/bindings';
import { selectorMatches } from '../model/labels';
import { objectKey, roleKey, type BindingRef, type RoleRef } from '../model/refs';
import type { ClusterModel, ClusterRole, Pod, Role, ServiceAccount } from '../model/types';

export interface Lookups {
  serviceAccountsIn(namespace: string): readonly ServiceAccount[];
  podsIn(namespace: string): readonly Pod[];
  podsOf(namespace: string, serviceAccount: string): readonly Pod[];
  binding(ref: BindingRef): ResolvedBinding | undefined;
  role(ref: RoleRef): Role | ClusterRole | undefined;
  /** Every binding whose roleRef names the role (whether or not it resolves), in walk order. */
  bindingsOf(ref: RoleRef): readonly ResolvedBinding[];
  /** The ClusterRoles whose labels the named ClusterRole's aggregationRule selects (a relation, never a grant). */
  aggregatedInto(name: string): readonly ClusterRole[];
  /** The aggregating ClusterRoles that select the named one. */
  aggregatedBy(name: string): readonly ClusterRole[];
}

export function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Aggregation for every aggregating ClusterRole at once: few aggregate, so this is about (aggregators × ClusterRoles). */
function aggregation(clusterRoles: readonly ClusterRole[]) {
  const into = new Map<string, ClusterRole[]>();
  const by = new Map<string, ClusterRole[]>();
  for (const agg of clusterRoles) {
    const selectors = agg.aggregationRule?.clusterRoleSelectors ?? [];
    if (selectors.length === 0) continue;
    const parts = clusterRoles.filter(
      (other) => other.name !== agg.name && selectors.some((sel) => selectorMatches(sel, other.labels)),
    );
    into.set(agg.name, parts);
    for (const p of parts) by.set(p.name, [...(by.get(p.name) ?? []), agg]);
  }
  return { into, by };
}

/**
 * What the lookups are answered from, each by namespace first so that a change in one namespace
 * copies one outer map of namespaces and that namespace's lists (engine-update.ts), never the world.
 */
export interface LookupData {
  serviceAccountsByNamespace: ReadonlyMap<string, readonly ServiceAccount[]>;
  podsByNamespace: ReadonlyMap<string, readonly Pod[]>;
  /** A namespace's pods by their service account's name. */
  podsByAccount: ReadonlyMap<string, ReadonlyMap<string, readonly Pod[]>>;
  clusterBindingsByName: ReadonlyMap<string, ResolvedBinding>;
  /** By the roleRef as written (kind and name; a Role in the binding's namespace), resolved or not, in walk order. */
  bindingsByRole: ReadonlyMap<string, readonly ResolvedBinding[]>;
}

/** The lookups of bindings: ClusterRoleBindings by name, every binding by the role its roleRef names. */
export function bindingLookups(bindings: BindingIndex): Pick<LookupData, 'clusterBindingsByName' | 'bindingsByRole'> {
  return {
    clusterBindingsByName: new Map(bindings.clusterBindings.map((b) => [b.binding.name, b])),
    bindingsByRole: ChunkedMap.of(group(walkOrder(bindings), (b) => objectKey(writtenRole(b)))),
  };
}

export function lookupData(model: ClusterModel, bindings: BindingIndex): LookupData {
  const podsByNamespace = group(model.pods, (p) => p.namespace);
  const podsByAccount = [...podsByNamespace].map(
    ([ns, pods]) => [ns, group(pods, (p) => p.serviceAccountName)] as const,
  );
  // Chunked: a batch of changes copies the chunks of the namespaces it touches (copy-on-write.ts).
  return {
    serviceAccountsByNamespace: ChunkedMap.of(group(model.serviceAccounts, (s) => s.namespace)),
    podsByNamespace: ChunkedMap.of(podsByNamespace),
    podsByAccount: ChunkedMap.of(podsByAccount),
    ...bindingLookups(bindings),
  };
}

export function indexLookups(model: ClusterModel, bindings: BindingIndex, data = lookupData(model, bindings)): Lookups {
  let agg: ReturnType<typeof aggregation> | undefined;
  const aggregated = () => (agg ??= aggregation(model.clusterRoles));
  return {
    serviceAccountsIn: (ns) => data.serviceAccountsByNamespace.get(ns) ?? [],
    podsIn: (ns) => data.podsByNamespace.get(ns) ?? [],
    podsOf: (ns, sa) => data.podsByAccount.get(ns)?.get(sa) ?? [],
    binding: (ref) =>
      ref.kind === 'ClusterRoleBinding'
        ? data.clusterBindingsByName.get(ref.name)
        : bindings.roleBindingsByNamespace.get(ref.namespace ?? '')?.find((b) => b.binding.name === ref.name),
    role: bindings.role,
    bindingsOf: (ref) => data.bindingsByRole.get(roleKey(ref)) ?? [],
    aggregatedInto: (name) => aggregated().into.get(name) ?? [],
    aggregatedBy: (name) => aggregated().by.get(name) ?? [],
  };
}
