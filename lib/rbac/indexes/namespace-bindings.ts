// Which ClusterRoleBindings matter to one namespace, indexed once per model: those that name its
// identities (its service accounts, or a group every one of them is in) and, apart, those that only
// grant something there to subjects elsewhere. A namespace view draws the first and sums up the second.
import { BUILTIN_RESOURCES } from '../model/resource-types';
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { groupReach } from './who-can';
import { subjectRefOf } from '../authorizer/subjects';
import type { PolicyRule } from '../model/types';

export interface NamespaceClusterBindings {
  /** ClusterRoleBindings with a subject that is this namespace's service account or a group covering them. */
  naming: readonly ResolvedBinding[];
  /** The other ClusterRoleBindings whose role grants something namespaced (so something here). */
  elsewhere: readonly ResolvedBinding[];
}

const CLUSTER_SCOPED = new Set(BUILTIN_RESOURCES.filter((t) => !t.namespaced).map((t) => `${t.group}/${t.plural}`));

/** Whether a rule can allow a request in a namespace: some resource that is not a built-in cluster-scoped one. */
function namespacedRule(rule: PolicyRule): boolean {
  return rule.resources.some((res) => {
    const main = res.split('/')[0]!;
    return main === '*' || rule.apiGroups.some((g) => g === '*' || !CLUSTER_SCOPED.has(`${g}/${main}`));
  });
}

export function indexNamespaceBindings(index: BindingIndex): (namespace: string) => NamespaceClusterBindings {
  const everywhere: ResolvedBinding[] = [];
  const byNamespace = new Map<string, ResolvedBinding[]>();
  const granting: ResolvedBinding[] = [];
  for (const b of index.clusterBindings) {
    const namespaces = new Set<string>();
    let all = false;
    for (const s of b.subjects) {
      const ref = subjectRefOf(s, '');
      if (ref?.kind === 'ServiceAccount') namespaces.add(ref.namespace);
      if (ref?.kind !== 'Group') continue;
      const reach = groupReach(ref.name).serviceAccounts;
      if (reach === 'all') all = true;
      else if (reach !== undefined) namespaces.add(reach);
    }
    if (all) everywhere.push(b);
    else for (const ns of namespaces) byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), b]);
    if (b.rules.some(namespacedRule)) granting.push(b);
  }
  return (namespace) => {
    const naming = [...everywhere, ...(byNamespace.get(namespace) ?? [])].sort((a, b) => a.seq - b.seq);
    const named = new Set(naming);
    return { naming, elsewhere: granting.filter((b) => !named.has(b)) };
  };
}
