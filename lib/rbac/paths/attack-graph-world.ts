// What the attack graph knows of the cluster besides RBAC: the service accounts that exist (pods
// name existing ones: the ServiceAccount admission plugin checks), the pods that carry a token by
// account, namespace and node, the workloads their owner references show, and the roles worth
// binding (their rules make some step): the context every place's steps are computed in.
import type { EdgeContext } from './attack-edges';
import { makesSteps } from './attack-edges';
import type { RoleProbesCache } from './attack-graph-places';
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { push } from '../indexes/subject-index';
import { carriesToken, type ClusterModel, type ClusterRole, type Pod, type Role } from '../model/types';
import { workloadsByNamespaceWork, type Workload } from '../indexes/workloads';
import { DEFAULT_KUBE_VERSION, hasConstrainedImpersonation } from '../model/kube-version';
import { roleKey, roleRef, subjectKey, type SubjectRef } from '../model/refs';
import { eachOf, runWork, type Work } from '../sliced-work';

const accountKey = (namespace: string, name: string) => subjectKey({ kind: 'ServiceAccount', namespace, name });

export interface PodFacts {
  workloads: ReadonlyMap<string, readonly Workload[]>;
  allWorkloads: readonly Workload[];
  /** Existing service accounts by namespace. */
  existingIn: ReadonlyMap<string, readonly SubjectRef[]>;
  /** Pods that carry a token: a service account's, by namespace, by node, and all. */
  tokenPodsOf(namespace: string, name: string): readonly Pod[];
  tokenPodsIn: ReadonlyMap<string, readonly Pod[]>;
  podsOnHost: ReadonlyMap<string, readonly Pod[]>;
  allTokenPods: readonly Pod[];
  /** Every node a pod is scheduled to. */
  nodes: ReadonlySet<string>;
  accountExists(namespace: string, name: string): boolean;
}

export function podFacts(model: ClusterModel): PodFacts {
  return runWork(podFactsWork(model));
}

/** podFacts in slices: 150,000 pods are read in a few hundred milliseconds. */
export function* podFactsWork(model: ClusterModel): Work<PodFacts> {
  const existing = new Set<string>();
  const existingIn = new Map<string, SubjectRef[]>();
  const addExisting = (namespace: string, name: string) => {
    const key = accountKey(namespace, name);
    if (existing.has(key)) return;
    existing.add(key);
    push(existingIn, namespace, { kind: 'ServiceAccount', namespace, name });
  };
  yield* eachOf(model.serviceAccounts, (sa) => addExisting(sa.namespace, sa.name), 4096);
  yield* eachOf(model.pods, (p) => addExisting(p.namespace, p.serviceAccountName), 4096);
  const tokenPods = new Map<string, Pod[]>();
  const podsOnHost = new Map<string, Pod[]>();
  const tokenPodsIn = new Map<string, Pod[]>();
  const allTokenPods: Pod[] = [];
  const nodes = new Set<string>();
  const addPod = (p: Pod) => {
    if (p.nodeName) nodes.add(p.nodeName);
    if (!carriesToken(p)) return;
    allTokenPods.push(p);
    push(tokenPodsIn, p.namespace, p);
    push(tokenPods, accountKey(p.namespace, p.serviceAccountName), p);
    if (p.nodeName) push(podsOnHost, p.nodeName, p);
  };
  yield* eachOf(model.pods, addPod, 4096);
  const workloads = yield* workloadsByNamespaceWork(model.pods);
  return {
    nodes,
    workloads,
    allWorkloads: [...workloads.values()].flat(),
    existingIn,
    tokenPodsOf: (namespace, name) => tokenPods.get(accountKey(namespace, name)) ?? [],
    tokenPodsIn,
    podsOnHost,
    allTokenPods,
    accountExists: (namespace, name) => existing.has(accountKey(namespace, name)),
  };
}

/** The context steps are computed in: the roles worth binding, bindings, workloads, namespace labels. */
export function* edgeContext(
  model: ClusterModel,
  index: BindingIndex,
  probes: RoleProbesCache,
  facts: PodFacts,
): Work<EdgeContext> {
  // Each role's probes are computed here (and kept): tens of thousands of roles at 10,000 namespaces.
  // The sets of them are filled as they go: made after the loop, in one unit, they were one of a
  // 10,000-namespace build's longest units.
  const bindableRoles: Role[] = [];
  const bindable = new Set<string>();
  const bindableByNamespace = new Map<string, Role[]>();
  const addRole = (r: Role) => {
    if (!makesSteps(probes.ofRole(r))) return;
    bindableRoles.push(r);
    bindable.add(roleKey(roleRef('Role', r.namespace, r.name)));
    push(bindableByNamespace, r.namespace, r);
  };
  yield* eachOf([...index.roles.values()], addRole, 256);
  const bindableClusterRoles: ClusterRole[] = [];
  const addClusterRole = (r: ClusterRole) => {
    if (!makesSteps(probes.ofClusterRole(r))) return;
    bindableClusterRoles.push(r);
    bindable.add(roleKey(roleRef('ClusterRole', '', r.name)));
  };
  // ClusterRoles have more rules (the built-in ones dozens): fewer at a time (256 took 40-50 ms at 10,000 namespaces).
  yield* eachOf([...index.clusterRoles.values()], addClusterRole, 32);
  const allRoleBindings: ResolvedBinding[] = [];
  yield* eachOf(
    [...index.roleBindingsByNamespace.values()],
    (list) => {
      for (const b of list) allRoleBindings.push(b);
    },
    1024,
  );
  return {
    workloadsIn: (ns) => facts.workloads.get(ns) ?? [],
    workloadKinds: new Set(facts.allWorkloads.map((w) => w.kind.kind)),
    namespaceLabels: new Map(model.namespaces.map((n) => [n.name, n.labels])),
    bindableRoles,
    bindableRolesIn: (ns) => bindableByNamespace.get(ns) ?? [],
    bindableClusterRoles,
    roleBindingsIn: (ns) => index.roleBindingsByNamespace.get(ns) ?? [],
    allRoleBindings,
    clusterBindings: index.clusterBindings,
    isBindable: (r) => bindable.has(roleKey(roleRef(r.kind, r.namespace ?? '', r.name))),
    constrained: hasConstrainedImpersonation(model.kubernetes ?? DEFAULT_KUBE_VERSION),
    nodesOf: (account) =>
      account.kind === 'ServiceAccount'
        ? facts.tokenPodsOf(account.namespace, account.name).flatMap((p) => (p.nodeName ? [p.nodeName] : []))
        : [],
  };
}
