// One namespace as a graph: pods → subjects → bindings → roles → resources ("structure"), or
// subjects → resources with the verbs ("access"). Built from engine answers only.
import {
  describeBinding,
  grantDangers,
  grantsOf,
  resourceLabel,
  identityOfSubject,
  isBuiltinRole,
  ruleDangers,
  subjectKey,
  subjectRefOf,
  type Engine,
  type Grant,
  type RoleRefResolved,
  type SubjectRef,
} from '@/lib/rbac';
import { groupMembers } from '@/lib/rbac/who-can';
import { parseRequest } from '@/lib/request/parse';
import { bindingNodeId, podGroupNodeId, podNodeId, resourceNodeId, roleNodeId, subjectNodeId } from './node-ids';
import { roleHref, subjectHref } from '@/lib/views/links';
import type { GraphEdge, GraphNode, NamespaceGraph, NodeKind } from './types';
import type { KindFilter, ViewParams } from './params';

/** Above this many pods a service account's pods are one node ("12 pods") unless expanded. */
export const POD_GROUP_THRESHOLD = 4;
/** Above this many elements the graph is cut, and says so (DESIGN.md: start at 2,000). */
export const ELEMENT_CAP = 2000;

const KIND_FILTER: Record<NodeKind, KindFilter> = {
  pod: 'pods',
  'pod-group': 'pods',
  serviceaccount: 'serviceaccounts',
  user: 'users',
  group: 'groups',
  rolebinding: 'bindings',
  clusterrolebinding: 'bindings',
  role: 'roles',
  clusterrole: 'roles',
  resource: 'resources',
};

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  node(n: GraphNode): GraphNode {
    const existing = this.nodes.get(n.id);
    if (existing) {
      existing.dangerous ||= n.dangerous;
      return existing;
    }
    this.nodes.set(n.id, n);
    return n;
  }

  edge(
    source: string,
    target: string,
    kind: GraphEdge['kind'],
    extra: { verbs?: string[]; dangerous?: boolean } = {},
  ): void {
    const id = `${kind}:${source}->${target}`;
    const existing = this.edges.get(id);
    if (existing) {
      if (extra.verbs) existing.verbs = [...new Set([...(existing.verbs ?? []), ...extra.verbs])].sort();
      existing.dangerous ||= extra.dangerous;
      return;
    }
    this.edges.set(id, {
      id,
      source,
      target,
      kind,
      ...(extra.verbs && { verbs: [...new Set(extra.verbs)].sort() }),
      ...(extra.dangerous && { dangerous: true }),
    });
  }
}

function subjectNode(ref: SubjectRef): GraphNode {
  const kind: NodeKind = ref.kind === 'ServiceAccount' ? 'serviceaccount' : ref.kind === 'User' ? 'user' : 'group';
  return {
    id: subjectNodeId(ref),
    kind,
    label: ref.kind === 'ServiceAccount' ? ref.name : ref.name,
    ...(ref.kind === 'ServiceAccount' && { namespace: ref.namespace }),
    href: subjectHref(ref),
  };
}

function isSystemSubject(ref: SubjectRef): boolean {
  return (
    ref.kind !== 'ServiceAccount' && ref.name.startsWith('system:') && !ref.name.startsWith('system:serviceaccounts')
  );
}

/** Above this many resources one role (or, in access mode, one subject) points at a single summary node. */
export const RESOURCE_GROUP_THRESHOLD = 12;

/** Role → resource edges of one rule set: verbs per resource, red where the verbs make a danger. */
function addResources(b: GraphBuilder, fromId: string, grants: readonly Grant[], kind: 'grants' | 'can'): void {
  const targets = new Map<string, { verbs: Set<string>; dangerous: boolean }>();
  for (const g of grants) {
    const viaClusterAdmin = g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin';
    for (const group of g.rule.apiGroups) {
      for (const resource of g.rule.resources) {
        const label = resourceLabel(group, resource);
        const probe = { ...g.rule, apiGroups: [group], resources: [resource] };
        const t = targets.get(label) ?? { verbs: new Set<string>(), dangerous: false };
        g.rule.verbs.forEach((v) => t.verbs.add(v));
        t.dangerous ||= viaClusterAdmin || ruleDangers(probe).length > 0;
        targets.set(label, t);
      }
    }
  }
  if (targets.size > RESOURCE_GROUP_THRESHOLD) {
    // Aggregate before drawing: a role such as view grants dozens of resources.
    const dangerous = [...targets.values()].some((t) => t.dangerous);
    const id = `resources:${fromId}`;
    b.node({ id, kind: 'resource', label: `${targets.size} resources`, dangerous, count: targets.size });
    b.edge(fromId, id, kind, { verbs: [...new Set([...targets.values()].flatMap((t) => [...t.verbs]))], dangerous });
    return;
  }
  for (const [label, t] of targets) {
    b.node({
      id: resourceNodeId(label),
      kind: 'resource',
      label: label === '*' ? '* (all resources)' : label,
      dangerous: t.dangerous,
    });
    b.edge(fromId, resourceNodeId(label), kind, { verbs: [...t.verbs], dangerous: t.dangerous });
  }
}

export function namespaceGraph(engine: Engine, namespace: string, p: ViewParams): NamespaceGraph {
  const b = new GraphBuilder();
  const showSystem = p.system === 'show';
  const model = engine.model;
  let hiddenSystem = 0;

  const bindings = engine.bindingsReaching(namespace).filter((bound) => {
    if (showSystem || !bound.builtin) return true;
    hiddenSystem++;
    return false;
  });

  // Subjects: the namespace's service accounts, and whoever the visible bindings name.
  const subjects = new Map<string, SubjectRef>();
  for (const sa of model.serviceAccounts.filter((s) => s.namespace === namespace)) {
    const ref: SubjectRef = { kind: 'ServiceAccount', namespace, name: sa.name };
    subjects.set(subjectKey(ref), ref);
  }
  for (const bound of bindings) {
    for (const s of bound.subjects) {
      const ref = subjectRefOf(s, bound.namespace);
      if (!ref) continue;
      if (!showSystem && isSystemSubject(ref)) {
        hiddenSystem++;
        continue;
      }
      subjects.set(subjectKey(ref), ref);
    }
  }
  for (const ref of subjects.values()) b.node(subjectNode(ref));

  // Service accounts reach the groups they belong to.
  const known = {
    serviceAccounts: [...subjects.values()].filter(
      (s): s is Extract<SubjectRef, { kind: 'ServiceAccount' }> => s.kind === 'ServiceAccount',
    ),
    users: [...subjects.values()].filter((s): s is Extract<SubjectRef, { kind: 'User' }> => s.kind === 'User'),
  };
  for (const group of [...subjects.values()].filter((s) => s.kind === 'Group')) {
    for (const member of groupMembers(group.name, known))
      b.edge(subjectNodeId(member), subjectNodeId(group), 'member-of');
  }

  if (p.mode === 'structure') {
    for (const bound of bindings) {
      const id = bindingNodeId(bound.binding);
      const grants = bound.subjects[0] ? grantsOf(bound, bound.subjects[0]) : [];
      const dangerous = grants.some((g) => grantDangers(g).length > 0);
      b.node({
        id,
        kind: bound.binding.kind === 'RoleBinding' ? 'rolebinding' : 'clusterrolebinding',
        label: bound.binding.name,
        ...(bound.binding.namespace && { namespace: bound.binding.namespace }),
        dangerous,
      });
      for (const s of bound.subjects) {
        const ref = subjectRefOf(s, bound.namespace);
        if (ref && subjects.has(subjectKey(ref))) b.edge(subjectNodeId(ref), id, 'subject-of');
      }
      if (!bound.role) continue;
      const roleId = roleNodeId(bound.role);
      b.node({
        id: roleId,
        kind: bound.role.kind === 'Role' ? 'role' : 'clusterrole',
        label: bound.role.name,
        ...(bound.role.namespace && { namespace: bound.role.namespace }),
        href: roleHref(bound.role),
        dangerous,
      });
      b.edge(id, roleId, 'binds', { dangerous });
      addResources(b, roleId, grants, 'grants');
      const cr =
        bound.role.kind === 'ClusterRole' ? model.clusterRoles.find((r) => r.name === bound.role!.name) : undefined;
      for (const part of cr ? engine.aggregatedInto(cr) : []) {
        if (!showSystem && isBuiltinRole(part)) continue;
        const partRef: RoleRefResolved = { kind: 'ClusterRole', name: part.name };
        b.node({ id: roleNodeId(partRef), kind: 'clusterrole', label: part.name, href: roleHref(partRef) });
        b.edge(roleId, roleNodeId(partRef), 'aggregates');
      }
    }
  } else {
    const visible = new Set(bindings.map((x) => describeBinding(x.binding)));
    for (const ref of subjects.values()) {
      const grants = engine
        .rulesFor(identityOfSubject(ref), namespace)
        .grants.filter((g) => visible.has(describeBinding(g.binding)));
      addResources(b, subjectNodeId(ref), grants, 'can');
    }
  }

  addPods(b, engine, namespace, p);
  const hiddenUngranted = p.ungranted === 'hide' ? removeUngranted(b) : 0;
  highlight(b, engine, namespace, p);
  applyKindFilter(b, p.kinds);
  return capped(b, namespace, hiddenSystem, hiddenUngranted);
}

function addPods(b: GraphBuilder, engine: Engine, namespace: string, p: ViewParams): void {
  const bySa = new Map<string, typeof engine.model.pods>();
  for (const pod of engine.model.pods.filter((x) => x.namespace === namespace)) {
    bySa.set(pod.serviceAccountName, [...(bySa.get(pod.serviceAccountName) ?? []), pod]);
  }
  for (const [sa, pods] of bySa) {
    const saRef: SubjectRef = { kind: 'ServiceAccount', namespace, name: sa };
    const saId = b.node(subjectNode(saRef)).id;
    if (pods.length >= POD_GROUP_THRESHOLD && !(p.expand ?? []).includes(sa)) {
      const mounted = pods.filter((x) => x.automountServiceAccountToken).length;
      b.node({
        id: podGroupNodeId(namespace, sa),
        kind: 'pod-group',
        label: `${pods.length} pods`,
        namespace,
        count: pods.length,
        ...(mounted === 0 && { label: `${pods.length} pods (no token)` }),
      });
      b.edge(podGroupNodeId(namespace, sa), saId, 'runs-as');
      continue;
    }
    for (const pod of pods) {
      const id = podNodeId(namespace, pod.name);
      b.node({
        id,
        kind: 'pod',
        label: pod.automountServiceAccountToken ? pod.name : `${pod.name} (no token)`,
        namespace,
      });
      b.edge(id, saId, 'runs-as');
    }
  }
}

/** Subjects with no path to a grant (no binding, no group with one, no access edge). */
function removeUngranted(b: GraphBuilder): number {
  const granted = new Set<string>();
  for (const e of b.edges.values()) if (e.kind === 'subject-of' || e.kind === 'can') granted.add(e.source);
  // A member of a granted group is granted.
  for (const e of b.edges.values()) if (e.kind === 'member-of' && granted.has(e.target)) granted.add(e.source);
  let removed = 0;
  for (const n of [...b.nodes.values()]) {
    if (!['serviceaccount', 'user', 'group'].includes(n.kind) || granted.has(n.id)) continue;
    removed++;
    removeNode(b, n.id);
    for (const e of [...b.edges.values()]) if (e.kind === 'runs-as' && e.target === n.id) removeNode(b, e.source);
  }
  return removed;
}

function removeNode(b: GraphBuilder, id: string): void {
  b.nodes.delete(id);
  for (const [eid, e] of b.edges) if (e.source === id || e.target === id) b.edges.delete(eid);
}

/** verb/resource: mark the subjects allowed to do it here, and the resource nodes it names. */
function highlight(b: GraphBuilder, engine: Engine, namespace: string, p: ViewParams): void {
  if (!p.verb || !p.resource) return;
  // "pods/exec" here is a resource and its subresource (as in the API), not kubectl's TYPE/NAME.
  const [type = '', subresource = ''] = p.resource.split('/');
  const parsed = parseRequest({ verb: p.verb, target: type, subresource, namespace });
  if (!parsed.ok || parsed.request.kind !== 'resource') return;
  const allowed = new Set(engine.whoCan(parsed.request).map((s) => subjectNodeId(s)));
  for (const n of b.nodes.values()) if (allowed.has(n.id)) n.highlighted = true;
  const r = parsed.request;
  const target = resourceNodeId(resourceLabel(r.group, r.subresource ? `${r.resource}/${r.subresource}` : r.resource));
  const node = b.nodes.get(target);
  if (node) node.highlighted = true;
}

function applyKindFilter(b: GraphBuilder, kinds: readonly KindFilter[] | undefined): void {
  if (!kinds || kinds.length === 0) return;
  for (const n of [...b.nodes.values()]) if (!kinds.includes(KIND_FILTER[n.kind])) removeNode(b, n.id);
}

function capped(b: GraphBuilder, namespace: string, hiddenSystem: number, hiddenUngranted: number): NamespaceGraph {
  const nodes = [...b.nodes.values()];
  const edges = [...b.edges.values()];
  const total = nodes.length + edges.length;
  if (total <= ELEMENT_CAP) return { namespace, nodes, edges, hiddenSystem, hiddenUngranted };
  // Keep whole nodes in a stable order, then only the edges between kept nodes.
  const keep = new Set<string>();
  let count = 0;
  for (const n of nodes) {
    const degree = edges.filter((e) => e.source === n.id || e.target === n.id).length;
    if (count + 1 + degree > ELEMENT_CAP) break;
    keep.add(n.id);
    count += 1 + degree;
  }
  const kept = edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  return {
    namespace,
    nodes: nodes.filter((n) => keep.has(n.id)),
    edges: kept,
    hiddenSystem,
    hiddenUngranted,
    totalElements: total,
  };
}
