// A path's steps as the API shows them: what each goes through (a pod, a node, a workload, a
// binding, a role), what it takes for granted that RBAC objects cannot show, and the namespace a
// role bound "in every namespace" is pinned to by the step after it.
import type { Edge } from './attack-edges';
import { resourceLabel } from '../model/describe';
import { CLUSTER_ADMIN, distinctGrants, type PathNode, type PathStep, type Via } from './path-types';
import type { Workload } from '../indexes/workloads';

export function workloadVia(w: Workload): Via {
  return {
    kind: 'Workload',
    resource: resourceLabel(w.kind.group, w.kind.resource),
    namespace: w.namespace,
    name: w.name,
    pod: w.pod,
  };
}

export function stepOf(from: PathNode, to: PathStep['to'], edge: Edge, found: Via | undefined): PathStep {
  const via = inTargetNamespace(viaOf(edge, found), to);
  const assumes = assumptionOf(edge, via);
  return {
    technique: edge.technique,
    from,
    to,
    ...(via && { via }),
    // One rule can allow two requests of a step: each grant once.
    grants: distinctGrants(edge.grants),
    ...(assumes && { assumes }),
    ...(edge.actions && { actions: edge.actions }),
  };
}

/** A workload created through a cluster-wide grant is created where the account it runs as lives. */
function inTargetNamespace(via: Via | undefined, to: PathStep['to']): Via | undefined {
  if (via?.kind !== 'Workload' || via.namespace !== '' || to === CLUSTER_ADMIN || to.kind !== 'ServiceAccount')
    return via;
  return { ...via, namespace: to.namespace };
}

/** What a step takes for granted that RBAC objects cannot show. */
function assumptionOf(edge: Edge, via: Via | undefined): string | undefined {
  const by = edge.privilegedPodBy ? `, created by the controller of a new ${edge.privilegedPodBy}` : '';
  if (edge.relabels)
    return (
      `namespace ${edge.relabels.namespace} is relabelled pod-security.kubernetes.io/enforce=privileged (it enforces ` +
      `${edge.relabels.level} today), after which admission lets a privileged pod in${by}`
    );
  if (edge.privilegedPodIn !== undefined)
    return `admission lets a privileged pod into namespace ${edge.privilegedPodIn} (no pod-security.kubernetes.io/enforce label, or privileged)${by}`;
  if (edge.technique === 'IMPERSONATE_ASSOCIATED_NODE' && edge.to.t === 'node')
    return `the service account authenticates with the token of one of its pods on node ${edge.to.name} (a pod-bound token carries its node's name)`;
  if (edge.technique === 'WORKLOAD_UPDATE' && via?.kind === 'Workload' && via.name !== undefined)
    return (
      `${via.resource} ${via.namespace}/${via.name} exists (known from the owner reference of pod ` +
      `${via.namespace}/${via.pod ?? '?'}) and its controller creates the new pods`
    );
  return undefined;
}

/** What a step goes through: the pod or node found on the way, else what its edge names. */
function viaOf(e: Edge, found: Via | undefined): Via | undefined {
  if (found?.kind === 'Node' && e.privilegedPodIn !== undefined)
    return {
      ...found,
      privilegedPodIn: e.privilegedPodIn,
      ...(e.privilegedPodBy && { privilegedPodBy: e.privilegedPodBy }),
      ...(e.relabels && { relabelledFrom: e.relabels.level }),
    };
  if (found) return found;
  if (e.workload) return { kind: 'Workload', ...e.workload };
  if (e.rebinds) return { kind: 'Binding', binding: e.rebinds };
  if (e.escalates) return { kind: 'Role', role: e.escalates, ...(e.bindsFirst && { bindsFirst: true as const }) };
  return undefined;
}

/** A role bound "in every namespace" is bound in the namespace where the next step happens. */
export function pinNamespaces(steps: PathStep[]): void {
  // forEach reads each step when it visits it, so a step pinned as the next one is read pinned.
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    const to = step.to;
    if (!next || to === CLUSTER_ADMIN || to.kind !== 'ClusterRole' || to.namespace !== '*') return;
    const ns = stepNamespace(next);
    if (!ns) return;
    const pinned = { ...to, namespace: ns };
    steps[i] = { ...step, to: pinned };
    steps[i + 1] = { ...next, from: pinned };
  });
}

function stepNamespace(step: PathStep): string | undefined {
  const via = step.via;
  if (via?.kind === 'Pod' || via?.kind === 'Workload') return via.namespace;
  const to = step.to;
  if (to === CLUSTER_ADMIN) return undefined;
  if (to.kind === 'ServiceAccount' || to.kind === 'Role') return to.namespace;
  if (to.kind === 'ClusterRole' && to.namespace && to.namespace !== '*') return to.namespace;
  if (to.kind === 'Namespace' && to.name !== '*') return to.name;
  return undefined;
}
