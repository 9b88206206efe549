// One namespace as a graph: pods → subjects → bindings → roles → resources ("structure"), or
// subjects → resources with the verbs ("access"). Built from engine answers only.
import {
  describeBinding,
  describeRequest,
  describeResource,
  grantDangers,
  grantsOf,
  resourceLabel,
  identityOfSubject,
  ruleDangers,
  subjectKey,
  subjectRefOf,
  type Engine,
  groupCovers,
  type Grant,
  carriesToken,
  type Pod,
  type ResourceRequest,
  type ResolvedBinding,
  type RoleRef,
  type SubjectRef,
  visibleItems,
  resolveRequest,
  type DiscoveredTypes,
  type Rewrite,
} from '@/lib/rbac';
import {
  bindingNodeId,
  bindingSubjectsNodeId,
  builtinBindingsNodeId,
  builtinGroupNodeId,
  podGroupNodeId,
  podNodeId,
  resourceNodeId,
  roleNodeId,
  subjectNodeId,
} from './node-ids';
import type { GraphEdge, GraphNode, NamespaceGraph, NodeKind } from './types';
import type { KindFilter, ViewOptions as ViewParams } from './view-options';

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
  /** Each node's relevance to the namespace (see Tier): the lowest it was added with. */
  readonly tiers = new Map<string, number>();
  /** The subject each subject node stands for, by node id: kept, never read back from the id. */
  readonly subjects = new Map<string, SubjectRef>();

  subject(ref: SubjectRef, tier: number): GraphNode {
    const n = this.node(subjectNode(ref), tier);
    this.subjects.set(n.id, ref);
    return n;
  }

  node(n: GraphNode, tier: number): GraphNode {
    this.tiers.set(n.id, Math.min(tier, this.tiers.get(n.id) ?? tier));
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
    extra: { verbs?: string[]; resourceNames?: string[]; dangerous?: boolean } = {},
  ): void {
    const id = `${kind}:${source}->${target}`;
    const existing = this.edges.get(id);
    if (existing) {
      if (extra.verbs) existing.verbs = [...new Set([...(existing.verbs ?? []), ...extra.verbs])].sort();
      // Limited only while every grant behind it is: one unlimited grant opens it to all objects.
      if (existing.resourceNames && extra.resourceNames)
        existing.resourceNames = [...new Set([...existing.resourceNames, ...extra.resourceNames])].sort();
      else delete existing.resourceNames;
      existing.dangerous ||= extra.dangerous;
      return;
    }
    this.edges.set(id, {
      id,
      source,
      target,
      kind,
      ...(extra.verbs && { verbs: [...new Set(extra.verbs)].sort() }),
      ...(extra.resourceNames && { resourceNames: [...new Set(extra.resourceNames)].sort() }),
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
    object: { subject: ref },
  };
}

/** Above this many resources one role (or, in access mode, one subject) points at a single summary node. */
export const RESOURCE_GROUP_THRESHOLD = 12;

/** Role → resource edges of one rule set: verbs per resource, red where the verbs make a danger. */
function addResources(
  b: GraphBuilder,
  fromId: string,
  grants: readonly Grant[],
  kind: 'grants' | 'can',
  tier: number,
  summarize = false,
): void {
  // names: the objects every grant so far is limited to; undefined once one grant names none (all).
  const targets = new Map<string, { verbs: Set<string>; names: Set<string> | undefined; dangerous: boolean }>();
  for (const g of grants) {
    const viaClusterAdmin = g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin';
    const limited = g.rule.resourceNames.length > 0;
    for (const group of g.rule.apiGroups) {
      for (const resource of g.rule.resources) {
        const label = resourceLabel(group, resource);
        const probe = { ...g.rule, apiGroups: [group], resources: [resource] };
        const t = targets.get(label) ?? { verbs: new Set<string>(), names: new Set<string>(), dangerous: false };
        g.rule.verbs.forEach((v) => t.verbs.add(v));
        if (!limited) t.names = undefined;
        else g.rule.resourceNames.forEach((n) => t.names?.add(n));
        t.dangerous ||= viaClusterAdmin || ruleDangers(probe).length > 0;
        targets.set(label, t);
      }
    }
  }
  if (targets.size > RESOURCE_GROUP_THRESHOLD || (summarize && targets.size > 1)) {
    // Aggregate before drawing: a role such as view grants dozens of resources.
    const dangerous = [...targets.values()].some((t) => t.dangerous);
    const id = `resources:${fromId}`;
    b.node({ id, kind: 'resource', label: `${targets.size} resources`, dangerous, count: targets.size }, tier);
    b.edge(fromId, id, kind, { verbs: [...new Set([...targets.values()].flatMap((t) => [...t.verbs]))], dangerous });
    return;
  }
  for (const [label, t] of targets) {
    b.node(
      {
        id: resourceNodeId(label),
        kind: 'resource',
        label: label === '*' ? '* (all resources)' : label,
        dangerous: t.dangerous,
      },
      tier,
    );
    b.edge(fromId, resourceNodeId(label), kind, {
      verbs: [...t.verbs],
      ...(t.names && { resourceNames: [...t.names] }),
      dangerous: t.dangerous,
    });
  }
}

/** Above this many ClusterRoleBindings that grant here to subjects elsewhere, they are one node unless expanded. */
export const CLUSTER_BINDINGS_DRAWN = 10;
/** `expand=` entry that draws those ClusterRoleBindings one by one. */
export const EXPAND_CLUSTER_BINDINGS = 'clusterrolebindings';
export const CLUSTER_BINDINGS_NODE = 'clusterrolebindings:elsewhere';
/** `expand=` entry that draws built-in bindings one by one, and built-in roles' resources one by one. */
export const EXPAND_BUILTIN = 'builtin';
/**
 * A binding naming more subjects than this draws only those the graph shows anyway (the
 * namespace's service accounts, those its pods run as, those other bindings name); the rest are
 * one node that counts them and links to the binding's page, which lists them page by page. A
 * RoleBinding may name thousands (#25: 5,000 took the layout past the heap and the page to 500).
 */
export const BINDING_SUBJECTS_DRAWN = 20;

/**
 * How much an element matters to this namespace, most first: what the cap drops last.
 * 0 the namespace's own (service accounts, pods, RoleBindings, their subjects and roles),
 * 1 what those roles grant, 2 ClusterRoleBindings that name its identities, 3 everything else.
 */
type Tier = 0 | 1 | 2 | 3;

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

/**
 * The built-in chain: identities bound only by built-in bindings and running no pod here (the
 * controllers of kube-system, the control plane's users), the built-in bindings that name only them,
 * and the built-in roles bound only through those. Drawn as three nodes ("14 identities → 14 built-in
 * bindings → 14 built-in roles"): each controller has a role of its own, so grouping per role alone
 * left kube-system a hairball.
 */
interface BuiltinGroup {
  subjects: Map<string, SubjectRef>;
  bindings: Set<ResolvedBinding>;
  roles: Map<string, RoleRef>;
  /** Every role in the group is one of Kubernetes' own defaults (by content). */
  rolesBuiltin: boolean;
}

const BUILTIN_IDENTITIES_NODE = builtinGroupNodeId('identities');
const BUILTIN_BINDINGS_NODE = builtinGroupNodeId('bindings');
const BUILTIN_ROLES_NODE = builtinGroupNodeId('roles');

function builtinGroup(
  engine: Engine,
  namespace: string,
  drawn: readonly (readonly [ResolvedBinding, Tier])[],
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
): BuiltinGroup | undefined {
  // Each drawn binding's drawn subjects, by key.
  const named = new Map(
    drawn.map(([bound]) => [
      bound,
      bound.subjects.flatMap((s) => {
        const ref = subjectRefOf(s, bound.namespace);
        return ref && subjects.has(subjectKey(ref)) ? [subjectKey(ref)] : [];
      }),
    ]),
  );
  const onlyBuiltin = new Map<string, boolean>();
  for (const [bound, keys] of named)
    for (const key of keys) onlyBuiltin.set(key, (onlyBuiltin.get(key) ?? true) && bound.builtin);
  const runsPods = (ref: SubjectRef) =>
    ref.kind === 'ServiceAccount' && ref.namespace === namespace && engine.podsOf(namespace, ref.name).length > 0;
  const members = new Map<string, SubjectRef>();
  for (const [key, only] of onlyBuiltin) {
    const ref = subjects.get(key)?.ref;
    if (only && ref && ref.kind !== 'Group' && !runsPods(ref)) members.set(key, ref);
  }
  if (members.size < 2) return undefined;
  const bindings = new Set<ResolvedBinding>();
  for (const [bound, keys] of named)
    if (bound.builtin && keys.length > 0 && keys.every((k) => members.has(k))) bindings.add(bound);
  // A role stays its own node when a binding outside the group binds it too.
  const roles = new Map<string, RoleRef>();
  const elsewhere = new Set<string>();
  for (const [bound] of drawn) {
    if (!bound.role) continue;
    const id = roleNodeId(bound.role);
    if (bindings.has(bound)) roles.set(id, bound.role);
    else elsewhere.add(id);
  }
  for (const id of elsewhere) roles.delete(id);
  const rolesBuiltin = [...roles.values()].every((r) => engine.provenance(r) === 'default');
  return { subjects: members, bindings, roles, rolesBuiltin };
}

function groupMembers(group: BuiltinGroup): NonNullable<NamespaceGraph['builtinGroup']> {
  const byName = <T extends { name: string }>(xs: T[]) => xs.sort((x, y) => x.name.localeCompare(y.name));
  return {
    subjects: byName([...group.subjects.values()]),
    bindings: byName([...group.bindings].map((x) => x.binding)),
    roles: byName([...group.roles.values()]),
  };
}

function addBuiltinIdentities(b: GraphBuilder, group: BuiltinGroup): void {
  const refs = [...group.subjects.values()];
  const allServiceAccounts = refs.every((r) => r.kind === 'ServiceAccount');
  b.node(
    {
      id: BUILTIN_IDENTITIES_NODE,
      kind: allServiceAccounts ? 'serviceaccount' : 'user',
      label: `${refs.length} built-in ${allServiceAccounts ? 'service accounts' : 'identities'}`,
      count: refs.length,
    },
    0,
  );
}

function addBuiltinBindingChain(b: GraphBuilder, group: BuiltinGroup): void {
  if (group.bindings.size === 0) return;
  const bindings = [...group.bindings];
  const grants = bindings.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
  const dangerous = grants.some((g) => grantDangers(g).length > 0);
  b.node(
    {
      id: BUILTIN_BINDINGS_NODE,
      kind: 'clusterrolebinding',
      label: `${bindings.length} built-in binding${bindings.length === 1 ? '' : 's'}`,
      count: bindings.length,
      dangerous,
    },
    0,
  );
  b.edge(BUILTIN_IDENTITIES_NODE, BUILTIN_BINDINGS_NODE, 'subject-of');
  if (group.roles.size > 0) {
    b.node(
      {
        id: BUILTIN_ROLES_NODE,
        kind: 'clusterrole',
        label: `${group.roles.size} ${group.rolesBuiltin ? 'built-in ' : ''}role${group.roles.size === 1 ? '' : 's'}`,
        count: group.roles.size,
        dangerous,
      },
      1,
    );
    b.edge(BUILTIN_BINDINGS_NODE, BUILTIN_ROLES_NODE, 'binds', { dangerous });
    const grouped = bindings.filter((x) => x.role && group.roles.has(roleNodeId(x.role)));
    const roleGrants = grouped.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
    addResources(b, BUILTIN_ROLES_NODE, roleGrants, 'grants', 1, true);
  }
  // A role that a binding outside the group binds too is drawn by that binding; point at it.
  for (const x of bindings)
    if (x.role && !group.roles.has(roleNodeId(x.role))) b.edge(BUILTIN_BINDINGS_NODE, roleNodeId(x.role), 'binds');
}

/** The ClusterRoleBindings that grant here only to subjects elsewhere, as one node and what they grant. */
function addClusterBindingSummary(b: GraphBuilder, elsewhere: readonly ResolvedBinding[]): void {
  const grants = elsewhere.flatMap((x) => (x.subjects[0] ? grantsOf(x, x.subjects[0]) : []));
  const dangerous = grants.some((g) => grantDangers(g).length > 0);
  b.node(
    {
      id: CLUSTER_BINDINGS_NODE,
      kind: 'clusterrolebinding',
      label: `${elsewhere.length} ClusterRoleBindings (subjects elsewhere)`,
      count: elsewhere.length,
      dangerous,
    },
    3,
  );
  addResources(b, CLUSTER_BINDINGS_NODE, grants, 'grants', 3);
}

/** The subjects of one binding that names too many to draw: those not drawn for another reason. */
interface Folded {
  id: string;
  bound: ResolvedBinding;
  tier: Tier;
  refs: SubjectRef[];
}

/**
 * For each drawn binding naming more than BINDING_SUBJECTS_DRAWN subjects: those drawn anyway (the
 * namespace's service accounts and those its pods run as, and whoever a smaller binding names)
 * keep their node and edge; the rest, each counted once, are folded into one node.
 */
function foldSubjects(
  engine: Engine,
  namespace: string,
  drawn: readonly (readonly [ResolvedBinding, Tier])[],
  subjects: ReadonlyMap<string, unknown>,
  addSubject: (ref: SubjectRef, tier: Tier) => void,
): Folded[] {
  const podAccounts = new Set(
    engine.podsIn(namespace).map((p) => subjectKey({ kind: 'ServiceAccount', namespace, name: p.serviceAccountName })),
  );
  const anchored = new Set([...subjects.keys(), ...podAccounts]);
  const out: Folded[] = [];
  for (const [bound, tier] of drawn) {
    if (bound.subjects.length <= BINDING_SUBJECTS_DRAWN) continue;
    const refs = new Map<string, SubjectRef>();
    for (const s of bound.subjects) {
      const ref = subjectRefOf(s, bound.namespace);
      if (!ref) continue;
      const key = subjectKey(ref);
      if (anchored.has(key)) addSubject(ref, tier);
      else refs.set(key, ref);
    }
    if (refs.size > 0) out.push({ id: bindingSubjectsNodeId(bound.binding), bound, tier, refs: [...refs.values()] });
  }
  return out;
}

/**
 * A folded binding's subjects as one node: to its binding (structure), or to what the binding
 * grants them (access); group membership edges kept where a folded subject has one.
 */
const FOLDED_KIND = { User: 'user', Group: 'group', ServiceAccount: 'serviceaccount' } as const;
type FoldedKind = keyof typeof FOLDED_KIND;

function foldedCounts(refs: readonly SubjectRef[]): Partial<Record<FoldedKind, number>> {
  const out: Partial<Record<FoldedKind, number>> = {};
  for (const r of refs) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

/** A node's kinds as the filter and the cut count them: a folded node's subjects by their own kinds. */
function nodeKinds(n: GraphNode): [NodeKind, number][] {
  if (!n.folds) return [[n.kind, 1]];
  return Object.entries(n.folds).map(([k, count]) => [FOLDED_KIND[k as FoldedKind], count ?? 0]);
}

function addFoldedSubjects(
  b: GraphBuilder,
  f: Folded,
  subjects: ReadonlyMap<string, { ref: SubjectRef }>,
  nodeOf: (ref: SubjectRef) => string,
  mode: 'structure' | 'access',
): void {
  const kinds = new Set(f.refs.map((r) => r.kind));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const kind: NodeKind = only ? FOLDED_KIND[only] : 'user';
  const grants = f.bound.subjects[0] ? grantsOf(f.bound, f.bound.subjects[0]) : [];
  const n = f.refs.length;
  b.node(
    {
      id: f.id,
      kind,
      label: `${n.toLocaleString('en')} subject${n === 1 ? '' : 's'} of ${f.bound.binding.name}`,
      count: n,
      folds: foldedCounts(f.refs),
      object: { binding: f.bound.binding },
      dangerous: grants.some((g) => grantDangers(g).length > 0),
    },
    f.tier,
  );
  if (mode === 'structure') b.edge(f.id, bindingNodeId(f.bound.binding), 'subject-of');
  else addResources(b, f.id, grants, 'can', f.tier === 0 ? 1 : 3);
  const drawnSubjects = [...subjects.values()].map((s) => s.ref);
  for (const g of drawnSubjects.filter((r) => r.kind === 'Group'))
    if (f.refs.some((m) => m.kind !== 'Group' && groupCovers(g.name, m))) b.edge(f.id, subjectNodeId(g), 'member-of');
  for (const g of f.refs.filter((r) => r.kind === 'Group'))
    for (const m of drawnSubjects)
      if (m.kind !== 'Group' && groupCovers(g.name, m)) b.edge(nodeOf(m), f.id, 'member-of');
}

function addPods(b: GraphBuilder, engine: Engine, namespace: string, p: ViewParams): void {
  const bySa = new Map<string, Pod[]>();
  for (const pod of engine.podsIn(namespace)) {
    const list = bySa.get(pod.serviceAccountName);
    if (list) list.push(pod);
    else bySa.set(pod.serviceAccountName, [pod]);
  }
  for (const [sa, pods] of bySa) {
    const saRef: SubjectRef = { kind: 'ServiceAccount', namespace, name: sa };
    const saId = b.subject(saRef, 0).id;
    // A stolen token of this service account leads to cluster-admin.
    const toAdmin = engine.distanceToAdmin(saRef) !== undefined;
    const risky = (pod: Pod) => toAdmin && carriesToken(pod);
    if (pods.length >= POD_GROUP_THRESHOLD && !(p.expand ?? []).includes(sa)) {
      const mounted = pods.filter((x) => x.automountServiceAccountToken).length;
      b.node(
        {
          id: podGroupNodeId(namespace, sa),
          kind: 'pod-group',
          label: `${pods.length} pods`,
          namespace,
          count: pods.length,
          ...(mounted === 0 && { label: `${pods.length} pods (no token)` }),
          ...(pods.some(risky) && { risky: true }),
        },
        0,
      );
      b.edge(podGroupNodeId(namespace, sa), saId, 'runs-as');
      continue;
    }
    for (const pod of pods) {
      const id = podNodeId(namespace, pod.name);
      b.node(
        {
          id,
          kind: 'pod',
          label: pod.automountServiceAccountToken ? pod.name : `${pod.name} (no token)`,
          namespace,
          ...(risky(pod) && { risky: true }),
        },
        0,
      );
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

/**
 * The request a resource node's label asks about, exactly as the label names it (it comes from a
 * rule, not from a user): `pods/exec` is a resource and its subresource (as in the API), not
 * kubectl's TYPE/NAME; `*` is every resource in every group; `namespaces` is this Namespace, which
 * the API server authorizes in itself (a cluster-scoped type has no namespace).
 */
export function resourceRequest(label: string, verb: string, namespace: string): ResourceRequest | undefined {
  if (label === '*') return { kind: 'resource', verb, group: '*', resource: '*', subresource: '', name: '', namespace };
  const r = resolveRequest({ verb, resource: label, namespace }, { literal: true, namespaceObject: true });
  return 'error' in r || r.request.kind !== 'resource' ? undefined : r.request;
}

/** The highlight's verb/resource as a user wrote them, resolved as kubectl does (secret → secrets). */
function highlightRequest(
  p: ViewParams,
  namespace: string,
  discovered: DiscoveredTypes,
): { request: ResourceRequest; resolved: Rewrite[]; warnings: string[] } | { error: string } | undefined {
  if (!p.verb || !p.resource) return undefined;
  const r = resolveRequest({ verb: p.verb, resource: p.resource, namespace }, { namespaceObject: true, discovered });
  if ('error' in r) return r;
  if (r.request.kind !== 'resource') return undefined;
  return { request: r.request, resolved: r.resolved, warnings: r.warnings };
}

/** verb/resource: mark the drawn subjects allowed to do it here, and the resource node it names. */
function highlight(
  b: GraphBuilder,
  engine: Engine,
  namespace: string,
  p: ViewParams,
  group: BuiltinGroup | undefined,
  folded: readonly Folded[],
  discovered: DiscoveredTypes,
): NamespaceGraph['highlight'] {
  const asked =
    p.resource === '*' && p.verb
      ? { request: resourceRequest('*', p.verb, namespace)!, resolved: [], warnings: [] }
      : highlightRequest(p, namespace, discovered);
  if (!asked) return undefined;
  if ('error' in asked) return { resource: '', request: '', resolved: [], warnings: [asked.error] };
  const r = asked.request;
  const allowed = (ref: SubjectRef) => engine.canI(identityOfSubject(ref), r).allowed;
  for (const [id, ref] of b.subjects) {
    const n = b.nodes.get(id);
    if (n && allowed(ref)) n.highlighted = true;
  }
  const identities = b.nodes.get(BUILTIN_IDENTITIES_NODE);
  if (identities && group && [...group.subjects.values()].some(allowed)) identities.highlighted = true;
  for (const f of folded) {
    const node = b.nodes.get(f.id);
    // Thousands of subjects: the bindings' rules read once for all of them, not once per subject.
    if (node && engine.allowedFor(f.refs.map(identityOfSubject), r).some(Boolean)) node.highlighted = true;
  }
  const label = describeResource(r.group, r.resource, r.subresource);
  const node = b.nodes.get(resourceNodeId(label));
  if (node) node.highlighted = true;
  return { resource: label, request: describeRequest(r), resolved: asked.resolved, warnings: asked.warnings };
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
