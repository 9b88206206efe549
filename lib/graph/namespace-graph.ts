// One namespace as a graph: pods → subjects → bindings → roles → resources ("structure"), or
// subjects → resources with the verbs ("access"). Built from engine answers only.
import {
  describeBinding,
  grantDangers,
  grantsOf,
  identityOfSubject,
  subjectKey,
  subjectRefOf,
  type Engine,
  groupCovers,
  type ResolvedBinding,
  type RoleRef,
  type SubjectRef,
  visibleItems,
  type DiscoveredTypes,
} from '@/lib/rbac';
import { bindingNodeId, builtinBindingsNodeId, roleNodeId, subjectNodeId } from './node-ids';
import type { GraphNode, NamespaceGraph, NodeKind } from './types';
import type { KindFilter, ViewOptions as ViewParams } from './view-options';
import {
  BUILTIN_IDENTITIES_NODE,
  BuiltinGroup,
  addBuiltinBindingChain,
  addBuiltinIdentities,
  addClusterBindingSummary,
  builtinGroup,
  groupMembers,
} from './builtin-chain';
import { addFoldedSubjects, foldSubjects, nodeKinds } from './folded-subjects';
import { GraphBuilder, KIND_FILTER, removeNode } from './graph-builder';
import { highlight } from './highlight';
import { addPods } from './pod-nodes';
import { addResources } from './resource-nodes';
import {
  ELEMENT_CAP,
  CLUSTER_BINDINGS_DRAWN,
  EXPAND_CLUSTER_BINDINGS,
  EXPAND_BUILTIN,
  BINDING_SUBJECTS_DRAWN,
  type Tier,
} from './view-limits';

/** `discovered`: the live cluster's types, so the highlight resolves its custom resources' names too. */
export function namespaceGraph(
  engine: Engine,
  namespace: string,
  p: ViewParams,
  discovered?: DiscoveredTypes,
): NamespaceGraph {
  const b = new GraphBuilder();
  const showSystem = p.builtin === 'show';
  const { drawn, elsewhere, drawElsewhere, hiddenSystem } = drawnBindings(engine, namespace, p);
  const { subjects, addSubject } = drawnSubjects(engine, namespace, drawn);
  const folded = foldSubjects(engine, namespace, drawn, subjects, addSubject);

  const collapse = showSystem && !(p.expand ?? []).includes(EXPAND_BUILTIN);
  const group = collapse ? builtinGroup(engine, namespace, drawn, subjects) : undefined;
  // Where a subject is drawn: its own node, or the group of built-in identities.
  const nodeOf = (ref: SubjectRef) =>
    group?.subjects.has(subjectKey(ref)) ? BUILTIN_IDENTITIES_NODE : subjectNodeId(ref);
  for (const [key, { ref, tier }] of subjects) if (!group?.subjects.has(key)) b.subject(ref, tier);
  if (group) addBuiltinIdentities(b, group);
  addMemberships(b, subjects, nodeOf);

  if (p.mode === 'structure') {
    const individual = drawn.filter(([x]) => !group?.bindings.has(x));
    const perRole = collapse ? builtinBindingsPerRole(individual.map(([x]) => x)) : new Map<string, number>();
    for (const [bound, tier] of individual)
      addBinding(b, engine, bound, tier, subjects, nodeOf, showSystem, collapse, perRole);
    if (group) addBuiltinBindingChain(b, group);
    if (!drawElsewhere && elsewhere.length > 0) addClusterBindingSummary(b, elsewhere);
    for (const f of folded) addFoldedSubjects(b, f, subjects, nodeOf, 'structure');
  } else {
    addAccess(b, engine, namespace, drawn, subjects, group);
    for (const f of folded) addFoldedSubjects(b, f, subjects, nodeOf, 'access');
  }

  addPods(b, engine, namespace, p);
  const hiddenUngranted = p.ungranted === 'hide' ? removeUngranted(b) : 0;
  const highlighted = highlight(b, engine, namespace, p, group, folded, discovered);
  applyKindFilter(b, p.kinds);
  const graph = {
    ...capped(b, namespace, hiddenSystem, hiddenUngranted),
    ...(highlighted && { highlight: highlighted }),
  };
  return group ? { ...graph, builtinGroup: groupMembers(group) } : graph;
}

/**
 * The bindings drawn, each with its tier: the namespace's own, the ClusterRoleBindings that name its
 * subjects, and those that grant in it only to subjects elsewhere (one summary node past a few,
 * unless expanded). Kubernetes' own are left out, and counted, unless shown.
 */
function drawnBindings(engine: Engine, namespace: string, p: ViewParams) {
  const show = p.builtin === 'show';
  const builtin = (bound: ResolvedBinding) => bound.builtin;
  const own = visibleItems(engine.roleBindingsIn(namespace), show, builtin);
  const cluster = engine.clusterBindingsFor(namespace);
  const naming = visibleItems(cluster.naming, show, builtin);
  const { shown: elsewhere, hidden } = visibleItems(cluster.elsewhere, show, builtin);
  const drawElsewhere =
    elsewhere.length <= CLUSTER_BINDINGS_DRAWN || (p.expand ?? []).includes(EXPAND_CLUSTER_BINDINGS);
  const drawn: [ResolvedBinding, Tier][] = [
    ...own.shown.map((x): [ResolvedBinding, Tier] => [x, 0]),
    ...naming.shown.map((x): [ResolvedBinding, Tier] => [x, 2]),
    ...(drawElsewhere ? elsewhere.map((x): [ResolvedBinding, Tier] => [x, 3]) : []),
  ];
  return { drawn, elsewhere, drawElsewhere, hiddenSystem: own.hidden + naming.hidden + hidden };
}

/** Subjects: the namespace's service accounts, and whoever the drawn bindings name (the lowest tier each). */
function drawnSubjects(engine: Engine, namespace: string, drawn: readonly [ResolvedBinding, Tier][]) {
  const subjects = new Map<string, { ref: SubjectRef; tier: Tier }>();
  const addSubject = (ref: SubjectRef, tier: Tier) => {
    const key = subjectKey(ref);
    subjects.set(key, { ref, tier: Math.min(tier, subjects.get(key)?.tier ?? tier) as Tier });
  };
  for (const sa of engine.serviceAccountsIn(namespace))
    addSubject({ kind: 'ServiceAccount', namespace, name: sa.name }, 0);
  for (const [bound, tier] of drawn) {
    if (bound.subjects.length > BINDING_SUBJECTS_DRAWN) continue;
    for (const s of bound.subjects) {
      const ref = subjectRefOf(s, bound.namespace);
      // Whoever a shown binding names is shown, `system:` name or not: only built-in bindings are hidden.
      if (ref) addSubject(ref, tier);
    }
  }
  return { subjects, addSubject };
}

/** Service accounts and users reach the groups they belong to. */
function addMemberships(
  b: GraphBuilder,
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
  nodeOf: (ref: SubjectRef) => string,
): void {
  for (const { ref: g } of [...subjects.values()].filter((s) => s.ref.kind === 'Group')) {
    for (const { ref: member } of subjects.values()) {
      if (groupCovers(g.name, member)) b.edge(nodeOf(member), subjectNodeId(g), 'member-of');
    }
  }
}

/** The access view: each subject straight to what it can do here, through the drawn bindings only. */
function addAccess(
  b: GraphBuilder,
  engine: Engine,
  namespace: string,
  drawn: readonly [ResolvedBinding, Tier][],
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
  group: BuiltinGroup | undefined,
): void {
  const shown = new Set(drawn.map(([x]) => describeBinding(x.binding)));
  const grantsHere = (ref: SubjectRef) =>
    engine.rulesFor(identityOfSubject(ref), namespace).grants.filter((g) => shown.has(describeBinding(g.binding)));
  for (const { ref } of subjects.values()) {
    if (!group?.subjects.has(subjectKey(ref))) addResources(b, subjectNodeId(ref), grantsHere(ref), 'can', 1);
  }
  if (group) addResources(b, BUILTIN_IDENTITIES_NODE, [...group.subjects.values()].flatMap(grantsHere), 'can', 1, true);
}

/** How many drawn built-in bindings bind each role: where there are several, they are one node. */
function builtinBindingsPerRole(drawn: readonly ResolvedBinding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of drawn)
    if (x.builtin && x.role) counts.set(roleNodeId(x.role), (counts.get(roleNodeId(x.role)) ?? 0) + 1);
  return counts;
}

function addBinding(
  b: GraphBuilder,
  engine: Engine,
  bound: ResolvedBinding,
  tier: Tier,
  subjects: ReadonlyMap<string, unknown>,
  nodeOf: (ref: SubjectRef) => string,
  showSystem: boolean,
  collapse: boolean,
  perRole: ReadonlyMap<string, number>,
): void {
  const grants = bound.subjects[0] ? grantsOf(bound, bound.subjects[0]) : [];
  const dangerous = grants.some((g) => grantDangers(g).length > 0);
  const shared = collapse && bound.builtin && bound.role ? (perRole.get(roleNodeId(bound.role)) ?? 0) : 0;
  const id = shared > 1 && bound.role ? builtinBindingsNodeId(bound.role) : bindingNodeId(bound.binding);
  b.node(
    shared > 1
      ? { id, kind: 'clusterrolebinding', label: `${shared} built-in bindings`, count: shared, dangerous }
      : {
          id,
          kind: bound.binding.kind === 'RoleBinding' ? 'rolebinding' : 'clusterrolebinding',
          label: bound.binding.name,
          ...(bound.binding.namespace && { namespace: bound.binding.namespace }),
          dangerous,
        },
    tier,
  );
  for (const s of bound.subjects) {
    const ref = subjectRefOf(s, bound.namespace);
    if (ref && subjects.has(subjectKey(ref))) b.edge(nodeOf(ref), id, 'subject-of');
  }
  if (!bound.role) return;
  const role = bound.role;
  const roleId = roleNodeId(role);
  b.node(
    {
      id: roleId,
      kind: role.kind === 'Role' ? 'role' : 'clusterrole',
      label: role.name,
      ...(role.namespace && { namespace: role.namespace }),
      object: { role },
      dangerous,
    },
    tier,
  );
  b.edge(id, roleId, 'binds', { dangerous });
  // A built-in role's resources are one node: its own page lists them, and fanning out dozens of
  // controllers' roles to the same resources is what made the graph unreadable.
  addResources(b, roleId, grants, 'grants', tier === 0 ? 1 : 3, collapse && bound.builtin);
  if (role.kind !== 'ClusterRole') return;
  for (const part of engine.aggregatedInto(role.name)) {
    if (!showSystem && engine.provenance({ kind: 'ClusterRole', name: part.name }) === 'default') continue;
    const partRef: RoleRef = { kind: 'ClusterRole', name: part.name };
    b.node({ id: roleNodeId(partRef), kind: 'clusterrole', label: part.name, object: { role: partRef } }, 3);
    b.edge(roleId, roleNodeId(partRef), 'aggregates');
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

function applyKindFilter(b: GraphBuilder, kinds: readonly KindFilter[] | undefined): void {
  if (!kinds || kinds.length === 0) return;
  // A folded node shows while any kind it holds is shown: a mixed binding's service accounts must
  // not vanish under "service accounts" because its node is drawn as a user.
  const shown = (n: GraphNode) => nodeKinds(n).some(([k]) => kinds.includes(KIND_FILTER[k]));
  for (const n of [...b.nodes.values()]) if (!shown(n)) removeNode(b, n.id);
}

/**
 * Over the cap, drop whole tiers of least relevance (then, within the last tier dropped into, the
 * latest added) until the rest fits; the namespace's own elements (tier 0) are never dropped. What
 * was left out is counted by kind.
 */
function capped(b: GraphBuilder, namespace: string, hiddenSystem: number, hiddenUngranted: number): NamespaceGraph {
  const nodes = [...b.nodes.values()];
  const edges = [...b.edges.values()];
  const total = nodes.length + edges.length;
  const base = { namespace, hiddenSystem, hiddenUngranted };
  if (total <= ELEMENT_CAP) return { ...base, nodes, edges };
  const degree = new Map<string, number>();
  for (const e of edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  // Most relevant first; a stable sort keeps the build order within a tier.
  const ranked = nodes
    .map((n, i) => ({ n, tier: b.tiers.get(n.id) ?? 3, i }))
    .sort((x, y) => x.tier - y.tier || x.i - y.i);
  const keep = new Set<string>();
  let count = 0;
  for (const { n, tier } of ranked) {
    const cost = 1 + (degree.get(n.id) ?? 0);
    if (tier > 0 && count + cost > ELEMENT_CAP) continue;
    keep.add(n.id);
    count += cost;
  }
  const omitted = new Map<NodeKind, number>();
  for (const n of nodes)
    if (!keep.has(n.id)) for (const [kind, count] of nodeKinds(n)) omitted.set(kind, (omitted.get(kind) ?? 0) + count);
  return {
    ...base,
    nodes: nodes.filter((n) => keep.has(n.id)),
    edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
    totalElements: total,
    omitted: [...omitted].map(([kind, n]) => ({ kind, count: n })),
  };
}
