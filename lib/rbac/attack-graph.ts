// Attack paths: who can become whom, and who can become cluster-admin, with every step's why.
// Identities that are named by the same bindings can do the same things, so they share one class
// and its steps are computed once (every service account of a namespace that no binding names is
// one class). Roles a path binds and namespaces whose every permission a path gains are places of
// their own. Shortest paths come from one breadth-first search backwards from a target, cached per
// target; a state is a place and whether it is only impersonated (impersonation does not chain).
import type { BindingIndex, ResolvedBinding } from './bindings';
import { allowances, heldOfBinding, roleProbes, type Held, type RoleProbes } from './capabilities';
import { edgesOf, makesSteps, relabelSteps, type Edge, type EdgeContext, type Target } from './attack-edges';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, PRIVILEGED_GROUP, UNAUTHENTICATED_GROUP } from './identity';
import { identityOfSubject } from './permissions';
import {
  CLUSTER_ADMIN,
  distinctGrants,
  type AttackPath,
  type PathGrant,
  type PathNode,
  type PathStep,
  type PathTarget,
  type Via,
} from './path-types';
import { bindingsNaming, push, type SubjectIndex } from './subject-index';
import { resourceLabel } from './describe';
import { workloadsByNamespace, type Workload } from './workloads';
import { compareSubjects, firstApplyingSubject } from './subjects';
import {
  carriesToken,
  type ClusterModel,
  type ClusterRole,
  type Identity,
  type Pod,
  type PolicyRule,
  type Role,
  type Subject,
} from './types';
import { type RoleRef, subjectKey, type SubjectRef } from './refs';

export function placeKey(node: PathNode): string {
  switch (node.kind) {
    case 'ServiceAccount':
    case 'User':
    case 'Group':
      return subjectKey(node);
    case 'Role':
      return `Role:${node.namespace}/${node.name}`;
    case 'ClusterRole':
      return `ClusterRole:${node.name}@${node.namespace ?? ''}`;
    case 'Namespace':
      return `Namespace:${node.name}`;
  }
}

const ANY_RULE: PolicyRule = {
  verbs: ['*'],
  apiGroups: ['*'],
  resources: ['*'],
  resourceNames: [],
  nonResourceURLs: [],
};

interface Place {
  id: number;
  held: Held[];
  members: PathNode[];
  /** Holds every permission: the grants that make it so (empty for system:masters, allowed before RBAC). */
  admin?: PathGrant[];
}

/** The next step from a state on a shortest path to the target. */
interface Hop {
  /** The step's index among its place's steps. */
  edge: number;
  to: PathNode | typeof CLUSTER_ADMIN;
  via?: Via;
  state: number;
}

/** The identity a group's members have: the group, and system:authenticated with it. */
function memberIdentity(group: string): Identity {
  return {
    user: '',
    groups: group === UNAUTHENTICATED_GROUP || group === AUTHENTICATED_GROUP ? [group] : [group, AUTHENTICATED_GROUP],
  };
}

function identityOf(ref: SubjectRef): Identity {
  return ref.kind === 'Group' ? memberIdentity(ref.name) : identityOfSubject(ref);
}

export interface AttackGraph {
  /** Shortest paths of every subject (known service accounts, users, groups) to the target, shortest first. */
  pathsTo(target: PathTarget): AttackPath[];
  /** The shortest path of one subject to the target, if any (an empty path when it already is the target). */
  pathFrom(from: SubjectRef, target: PathTarget): AttackPath | undefined;
  /** Whether the subject holds every permission already (system:masters, or `*` on everything cluster-wide). */
  isClusterAdmin(ref: SubjectRef): boolean;
  /** Identities a subject can become, nearest first, at most `limit`. */
  reachableFrom(from: SubjectRef, limit: number): AttackPath[];
  /** Steps count per subject to cluster-admin: 0 already is, undefined no path. */
  distanceToAdmin(ref: SubjectRef): number | undefined;
  placesCount: number;
  /** The rules a subject holds, by binding and scope (what its steps are computed from). */
  heldOf(ref: SubjectRef): readonly Held[];
  /** The steps one binding gives one of its subjects on its own (for findings about grants). */
  stepsOfBinding(bound: ResolvedBinding, subject: Subject): Edge[];
  /** The grants by which a subject holds every permission, when it does. */
  adminGrantsOf(ref: SubjectRef): readonly PathGrant[] | undefined;
  /** NAMESPACE_RELABEL from all a subject holds together (patch and create may come through different bindings). */
  relabelStepsOf(ref: SubjectRef): Edge[];
}

export function buildAttackGraph(model: ClusterModel, index: BindingIndex, subjects: SubjectIndex): AttackGraph {
  const probesByRole = new Map<string, RoleProbes>();
  const probesOf = (key: string, rules: readonly PolicyRule[]) => {
    let p = probesByRole.get(key);
    if (!p) probesByRole.set(key, (p = roleProbes(rules)));
    return p;
  };
  const roleProbesOf = (r: Role) => probesOf(`Role:${r.namespace}/${r.name}`, r.rules);
  const clusterRoleProbesOf = (r: ClusterRole) => probesOf(`ClusterRole:${r.name}`, r.rules);

  const probesOfBinding = (b: ResolvedBinding): RoleProbes | undefined => {
    const role = b.role;
    if (!role) return undefined;
    const r =
      role.kind === 'Role' ? index.roles.get(`${role.namespace}/${role.name}`) : index.clusterRoles.get(role.name);
    if (!r) return undefined;
    return role.kind === 'Role' ? roleProbesOf(r as Role) : clusterRoleProbesOf(r);
  };

  const bindableRoles = [...index.roles.values()].filter((r) => makesSteps(roleProbesOf(r)));
  const bindableClusterRoles = [...index.clusterRoles.values()].filter((r) => makesSteps(clusterRoleProbesOf(r)));
  const bindable = new Set([
    ...bindableRoles.map((r) => `Role:${r.namespace}/${r.name}`),
    ...bindableClusterRoles.map((r) => `ClusterRole:${r.name}`),
  ]);
  const bindableByNamespace = new Map<string, Role[]>();
  for (const r of bindableRoles)
    bindableByNamespace.set(r.namespace, [...(bindableByNamespace.get(r.namespace) ?? []), r]);
  const allRoleBindings = [...index.roleBindingsByNamespace.values()].flat();
  const workloads = workloadsByNamespace(model.pods);
  const allWorkloads = [...workloads.values()].flat();
  const ctx: EdgeContext = {
    workloadsIn: (ns) => workloads.get(ns) ?? [],
    workloadKinds: new Set(allWorkloads.map((w) => w.kind.kind)),
    namespaceLabels: new Map(model.namespaces.map((n) => [n.name, n.labels])),
    bindableRoles,
    bindableRolesIn: (ns) => bindableByNamespace.get(ns) ?? [],
    bindableClusterRoles,
    roleBindingsIn: (ns) => index.roleBindingsByNamespace.get(ns) ?? [],
    allRoleBindings,
    clusterBindings: index.clusterBindings,
    isBindable: (r) => bindable.has(r.kind === 'Role' ? `Role:${r.namespace}/${r.name}` : `ClusterRole:${r.name}`),
  };

  // Service accounts that exist (pods name existing ones: the admission plugin checks), and tokens by owner and node.
  const existing = new Set<string>();
  const existingIn = new Map<string, SubjectRef[]>();
  const addExisting = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    if (existing.has(key)) return;
    existing.add(key);
    push(existingIn, namespace, { kind: 'ServiceAccount', namespace, name });
  };
  for (const sa of model.serviceAccounts) addExisting(sa.namespace, sa.name);
  for (const p of model.pods) addExisting(p.namespace, p.serviceAccountName);
  const tokenPods = new Map<string, Pod[]>();
  const podsOnHost = new Map<string, Pod[]>();
  const tokenPodsIn = new Map<string, Pod[]>();
  const allTokenPods: Pod[] = [];
  for (const p of model.pods) {
    if (!carriesToken(p)) continue;
    allTokenPods.push(p);
    push(tokenPodsIn, p.namespace, p);
    push(tokenPods, `${p.namespace}/${p.serviceAccountName}`, p);
    if (p.nodeName) push(podsOnHost, p.nodeName, p);
  }

  // Places: identity classes first, then the roles and namespaces their steps lead to.
  const places: Place[] = [];
  const placeOf = new Map<string, Place>();
  const classes = new Map<string, Place>();
  const adminGrants = (held: readonly Held[]): PathGrant[] | undefined => {
    const everyResource = allowances(held, 'everyResource').find((a) => a.scope === '' && !a.namespacedOnly);
    const everyUrl = allowances(held, 'everyUrl').find((a) => a.scope === '' && !a.namespacedOnly);
    return everyResource && everyUrl ? [everyResource.grant, everyUrl.grant] : undefined;
  };
  const newPlace = (held: Held[], members: PathNode[], admin?: PathGrant[]): Place => {
    const place: Place = { id: places.length, held, members, ...(admin && { admin }) };
    places.push(place);
    return place;
  };

  // One Held per binding subject, shared by every class it names (the cluster-wide ones name them all).
  const heldBySubject = new Map<string, Held | undefined>();
  const heldThrough = (b: ResolvedBinding, s: number): Held | undefined => {
    const key = `${b.seq}.${s}`;
    if (heldBySubject.has(key)) return heldBySubject.get(key);
    const probes = probesOfBinding(b);
    const h = probes && heldOfBinding(b, b.subjects[s]!, probes);
    heldBySubject.set(key, h);
    return h;
  };

  const addIdentity = (ref: SubjectRef) => {
    const identity = identityOf(ref);
    const bound: { b: ResolvedBinding; s: number }[] = [];
    for (const b of bindingsNaming(subjects, identity)) {
      const subject = firstApplyingSubject(identity, b.subjects, b.namespace);
      if (subject && b.role) bound.push({ b, s: b.subjects.indexOf(subject) });
    }
    const superuser = identity.groups.includes(PRIVILEGED_GROUP);
    const key = (superuser ? 'masters|' : '') + bound.map(({ b, s }) => `${b.seq}.${s}`).join(',');
    let place = classes.get(key);
    if (place) place.members.push(ref);
    else {
      const held = bound.flatMap(({ b, s }) => {
        const h = heldThrough(b, s);
        return h ? [h] : [];
      });
      place = newPlace(held, [ref], superuser ? [] : adminGrants(held));
      classes.set(key, place);
    }
    placeOf.set(subjectKey(ref), place);
  };
  for (const ref of subjects.known.serviceAccounts) addIdentity(ref);
  for (const ref of subjects.known.users) addIdentity(ref);
  for (const ref of subjects.known.groups) addIdentity(ref);
  if (!placeOf.has(subjectKey({ kind: 'Group', name: PRIVILEGED_GROUP })))
    addIdentity({ kind: 'Group', name: PRIVILEGED_GROUP });

  const rolePlace = (node: Extract<PathNode, { kind: 'Role' | 'ClusterRole' | 'Namespace' }>): Place | undefined => {
    const key = placeKey(node);
    const found = placeOf.get(key);
    if (found) return found;
    let held: Held;
    if (node.kind === 'Namespace') {
      held = {
        scope: node.name === '*' ? '' : node.name,
        ...(node.name === '*' && { namespacedOnly: true }),
        probes: probesOf('*', [ANY_RULE]),
        rules: [ANY_RULE],
      };
    } else {
      const role =
        node.kind === 'Role' ? index.roles.get(`${node.namespace}/${node.name}`) : index.clusterRoles.get(node.name);
      if (!role) return undefined;
      const ref: RoleRef =
        node.kind === 'Role'
          ? { kind: 'Role', name: node.name, namespace: node.namespace }
          : { kind: 'ClusterRole', name: node.name };
      const probes = node.kind === 'Role' ? roleProbesOf(role as Role) : clusterRoleProbesOf(role);
      const scope = node.kind === 'Role' ? node.namespace : (node.namespace ?? '');
      held = {
        scope: scope === '*' ? '' : scope,
        ...(scope === '*' && { namespacedOnly: true }),
        probes,
        rules: role.rules,
        role: ref,
      };
    }
    const place = newPlace([held], [node], adminGrants([held]));
    placeOf.set(key, place);
    return place;
  };

  // A place's steps are recomputed when a path or a forward search needs them (they are pure): kept
  // for every place, a 10,000-namespace cluster's hundreds of thousands of steps took 200 MiB.
  const stepsOf = (place: Place): Edge[] => edgesOf(place.held, ctx, place.members[0]?.kind === 'Namespace');
  const edgeCache = new Map<Place, Edge[]>();
  const edgesOfPlace = (place: Place): Edge[] => {
    let edges = edgeCache.get(place);
    if (!edges) {
      edges = stepsOf(place);
      if (edgeCache.size >= 256) edgeCache.delete(edgeCache.keys().next().value!);
      edgeCache.set(place, edges);
    }
    return edges;
  };

  // Steps by where they lead, for the backward search: [place id, step index, kind] triples under a
  // key that says all a search filters on (the named pod of an exec, whether the account must exist).
  const into = new Map<string, number[]>();
  const intoKeys = (t: Target): string[] => {
    switch (t.t) {
      case 'sa':
        return [`sa:${t.namespace}/${t.name}`];
      case 'sa-named':
      case 'user':
      case 'group':
      case 'host':
        return [`${t.t}:${t.name}`];
      case 'sa-ns':
        return [`sa-ns:${t.namespace}`];
      case 'exec':
        return t.names === 'any' ? [`exec:${t.namespace}`] : t.names.map((pod) => `exec:${t.namespace}#${pod}`);
      case 'workload': {
        const base = `wl:${t.kind}:${t.namespace}`;
        return t.names === 'any' ? [base] : t.names.map((name) => `${base}#${name}`);
      }
      case 'place':
        return [`place:${placeKey(t.node)}`];
      default:
        return [t.t];
    }
  };
  const IMPERSONATES = 1;
  const ESCALATES = 2;
  const techniqueCode = (e: Edge) =>
    e.technique === 'IMPERSONATE' ? IMPERSONATES : e.technique === 'ROLE_ESCALATE' ? ESCALATES : 0;

  // Steps of every place, adding the places they lead to until none is new.
  for (let i = 0; i < places.length; i++) {
    const place = places[i]!;
    stepsOf(place).forEach((e, n) => {
      if (e.to.t === 'place') rolePlace(e.to.node as Extract<PathNode, { kind: 'Role' | 'ClusterRole' | 'Namespace' }>);
      for (const key of intoKeys(e.to)) {
        const k = e.existing ? `${key}!` : key;
        const list = into.get(k);
        if (list) list.push(place.id, n, techniqueCode(e));
        else into.set(k, [place.id, n, techniqueCode(e)]);
      }
    });
  }

  interface Into {
    place: Place;
    edge: number;
    technique: number;
    via?: Via;
  }

  function stepsInto(key: string, out: Into[], via?: Via): void {
    const list = into.get(key) ?? [];
    for (let i = 0; i < list.length; i += 3)
      out.push({ place: places[list[i]!]!, edge: list[i + 1]!, technique: list[i + 2]!, ...(via && { via }) });
  }

  // The workload keys of `into` by namespace, with the workload each goes through: a search visits
  // every service account of a namespace, and looping over all its workloads each time cost
  // service accounts x workloads. A kind-wide step goes through the kind's first workload there.
  const workloadKeys = new Map<string, { key: string; w: Workload }[]>();
  const workloadKeysIn = (namespace: string): { key: string; w: Workload }[] => {
    let list = workloadKeys.get(namespace);
    if (list) return list;
    list = [];
    const first = new Set<string>();
    for (const w of workloads.get(namespace) ?? []) {
      for (const ns of [namespace, '']) {
        const keys = [`wl:${w.kind.kind}:${ns}#${w.name}!`];
        if (!first.has(w.kind.kind)) keys.unshift(`wl:${w.kind.kind}:${ns}!`);
        for (const key of keys) if (into.has(key)) list.push({ key, w });
      }
      first.add(w.kind.kind);
    }
    workloadKeys.set(namespace, list);
    return list;
  };

  /** Every step leading to a node, with what it goes through. */
  const predecessors = (node: PathNode): Into[] => {
    const out: Into[] = [];
    const add = (key: string, via?: Via) => stepsInto(key, out, via);
    switch (node.kind) {
      case 'ServiceAccount': {
        const exists = existing.has(`${node.namespace}/${node.name}`);
        for (const key of [
          `sa:${node.namespace}/${node.name}`,
          `sa-named:${node.name}`,
          `sa-ns:${node.namespace}`,
          'sa-all',
        ]) {
          add(key);
          if (exists) add(`${key}!`);
        }
        for (const pod of tokenPods.get(`${node.namespace}/${node.name}`) ?? []) {
          const via: Via = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
          for (const ns of [pod.namespace, '']) {
            add(`exec:${ns}`, via);
            add(`exec:${ns}#${pod.name}`, via);
          }
          if (pod.nodeName) {
            const hostVia: Via = {
              kind: 'Node',
              name: pod.nodeName,
              pod: { namespace: pod.namespace, name: pod.name },
            };
            add(`host:${pod.nodeName}`, hostVia);
            add('host-any', hostVia);
          }
        }
        // Updating an existing workload of the namespace: its new pods may run as any existing account.
        if (exists) for (const { key, w } of workloadKeysIn(node.namespace)) add(key, workloadVia(w));
        break;
      }
      case 'User':
        add(`user:${node.name}`);
        add('user-any');
        break;
      case 'Group':
        add(`group:${node.name}`);
        add('group-any');
        break;
      default:
        add(`place:${placeKey(node)}`);
    }
    return out;
  };

  // States: place id * 2 + (impersonated ? 1 : 0).
  const admins: Into[] = [];
  stepsInto('admin', admins);
  const search = (targets: readonly { node: PathNode | typeof CLUSTER_ADMIN; place?: Place }[]) => {
    const dist = new Int32Array(places.length * 2).fill(-1);
    const hop: (Hop | undefined)[] = new Array(places.length * 2);
    let frontier: { node: PathNode | typeof CLUSTER_ADMIN; state: number }[] = [];
    for (const t of targets) {
      if (t.place) for (const f of [0, 1]) dist[t.place.id * 2 + f] = 0;
      frontier.push({ node: t.node, state: t.place ? t.place.id * 2 : -1 });
      if (t.place) frontier.push({ node: t.node, state: t.place.id * 2 + 1 });
    }
    let d = 0;
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { node, state } of frontier) {
        const impersonated = state >= 0 && state % 2 === 1;
        const preds = node === CLUSTER_ADMIN ? admins : predecessors(node);
        for (const { place, edge, technique, via } of preds) {
          // Which state of the predecessor arrives in this state by this edge.
          let from: number;
          if (technique === IMPERSONATES) {
            if (state >= 0 && !impersonated) continue;
            from = place.id * 2;
          } else if (technique === ESCALATES) from = place.id * 2 + (impersonated ? 1 : 0);
          else if (impersonated) continue;
          else from = place.id * 2;
          // A target that is no place (cluster-admin itself, an identity no binding names) counts however it is reached.
          const states =
            technique === IMPERSONATES || (technique === ESCALATES && state >= 0) ? [from] : [from, from + 1];
          for (const s of states) {
            if (dist[s] !== -1) continue;
            dist[s] = d + 1;
            hop[s] = { edge, to: node, ...(via && { via }), state };
            for (const member of places[s >> 1]!.members) next.push({ node: member, state: s });
          }
        }
      }
      frontier = next;
      d++;
    }
    return { dist, hop };
  };

  const adminTargets = places.filter((p) => p.admin).flatMap((p) => p.members.map((node) => ({ node, place: p })));
  const searches = new Map<string, ReturnType<typeof search>>();
  const searchFor = (target: PathTarget) => {
    const key = target === CLUSTER_ADMIN ? CLUSTER_ADMIN : placeKey(target);
    let s = searches.get(key);
    if (!s) {
      const targets =
        target === CLUSTER_ADMIN
          ? [...adminTargets, { node: CLUSTER_ADMIN as typeof CLUSTER_ADMIN }]
          : [{ node: target, ...(placeOf.has(placeKey(target)) && { place: placeOf.get(placeKey(target))! }) }];
      s = search(targets);
      // Each search is two arrays over every place (a few MB at 10,000 namespaces): cluster-admin's
      // stays, a few other targets are kept, oldest out.
      const others = [...searches.keys()].filter((k) => k !== CLUSTER_ADMIN);
      if (others.length >= 8) searches.delete(others[0]!);
      searches.set(key, s);
    }
    return s;
  };

  /** The hops of a state's shortest path, as steps from `from`. */
  const walk = (from: PathNode, state: number, s: ReturnType<typeof search>): { steps: PathStep[]; last: number } => {
    const steps: PathStep[] = [];
    let node: PathNode = from;
    let at = state;
    while (at >= 0 && s.dist[at]! > 0) {
      const h = s.hop[at]!;
      steps.push(stepOf(node, h.to, edgesOfPlace(places[at >> 1]!)[h.edge]!, h.via));
      if (h.to === CLUSTER_ADMIN) break;
      node = h.to;
      at = h.state;
    }
    pinNamespaces(steps);
    return { steps, last: at };
  };

  const pathOf = (from: SubjectRef, target: PathTarget, s: ReturnType<typeof search>): AttackPath | undefined => {
    const place = placeOf.get(subjectKey(from));
    const state = place ? place.id * 2 : -1;
    if (state < 0 || s.dist[state] === -1) return undefined;
    const { steps, last } = walk(from, state, s);
    const lastPlace = last >= 0 ? places[last >> 1] : undefined;
    const holds = target === CLUSTER_ADMIN && steps.at(-1)?.to !== CLUSTER_ADMIN ? lastPlace?.admin : undefined;
    return { from, to: target, steps, ...(holds && { holds }) };
  };

  const relabelByPlace = new Map<Place, Edge[]>();
  const sources = (): SubjectRef[] => [
    ...subjects.known.serviceAccounts,
    ...subjects.known.users,
    ...subjects.known.groups,
    ...(subjects.known.groups.some((g) => g.name === PRIVILEGED_GROUP)
      ? []
      : [{ kind: 'Group' as const, name: PRIVILEGED_GROUP }]),
  ];

  return {
    placesCount: places.length,
    heldOf: (ref) => placeOf.get(subjectKey(ref))?.held ?? [],
    adminGrantsOf: (ref) => placeOf.get(subjectKey(ref))?.admin,
    relabelStepsOf(ref) {
      // Per class: its members share what they hold.
      const place = placeOf.get(subjectKey(ref));
      if (!place) return [];
      let steps = relabelByPlace.get(place);
      if (!steps) relabelByPlace.set(place, (steps = relabelSteps(place.held, ctx)));
      return steps;
    },
    stepsOfBinding(bound, subject) {
      const probes = probesOfBinding(bound);
      const held = probes && heldOfBinding(bound, subject, probes);
      return held ? edgesOf([held], ctx) : [];
    },
    pathsTo(target) {
      const s = searchFor(target);
      const out: { path: AttackPath; d: number }[] = [];
      for (const from of sources()) {
        const place = placeOf.get(subjectKey(from))!;
        const d = s.dist[place.id * 2]!;
        if (d <= 0) continue;
        if (target !== CLUSTER_ADMIN && placeKey(target) === subjectKey(from)) continue;
        out.push({ path: pathOf(from, target, s)!, d });
      }
      return out.sort((a, b) => a.d - b.d || compareSubjects(a.path.from, b.path.from)).map((x) => x.path);
    },
    pathFrom(from, target) {
      if (target !== CLUSTER_ADMIN && placeKey(target) === subjectKey(from)) return { from, to: target, steps: [] };
      return pathOf(from, target, searchFor(target));
    },
    isClusterAdmin: (ref) => placeOf.get(subjectKey(ref))?.admin !== undefined,
    distanceToAdmin(ref) {
      const place = placeOf.get(subjectKey(ref));
      if (!place) return undefined;
      const d = searchFor(CLUSTER_ADMIN).dist[place.id * 2]!;
      return d === -1 ? undefined : d;
    },
    reachableFrom(from, limit) {
      return reachable(from, limit);
    },
  };

  /** Forward breadth-first search from one subject over the places it can become. */
  function reachable(from: SubjectRef, limit: number): AttackPath[] {
    const start = placeOf.get(subjectKey(from));
    if (!start) return [];
    const seen = new Set<string>([`${subjectKey(from)}#0`]);
    const back = new Map<string, { prev: string; step: PathStep }>();
    const out: AttackPath[] = [];
    let frontier: { node: PathNode; place: Place; impersonated: boolean; key: string }[] = [
      { node: from, place: start, impersonated: false, key: `${subjectKey(from)}#0` },
    ];
    const stepsTo = (key: string): PathStep[] => {
      const steps: PathStep[] = [];
      for (let k = key; back.has(k); k = back.get(k)!.prev) steps.unshift(back.get(k)!.step);
      pinNamespaces(steps);
      return steps;
    };
    while (frontier.length > 0 && out.length < limit) {
      const next: typeof frontier = [];
      for (const cur of frontier) {
        for (const edge of edgesOfPlace(cur.place)) {
          if (cur.impersonated && edge.technique === 'IMPERSONATE') continue;
          const impersonated =
            edge.technique === 'IMPERSONATE' || (edge.technique === 'ROLE_ESCALATE' && cur.impersonated);
          for (const { node, via } of expand(edge)) {
            if (node === CLUSTER_ADMIN) continue;
            const key = `${placeKey(node)}#${impersonated ? 1 : 0}`;
            if (seen.has(key) || seen.has(`${placeKey(node)}#0`)) continue;
            seen.add(key);
            const step = stepOf(cur.node, node, edge, via);
            back.set(key, { prev: cur.key, step });
            const place = placeOf.get(placeKey(node));
            if (node.kind === 'ServiceAccount' || node.kind === 'User' || node.kind === 'Group') {
              if (
                subjectKey(node) !== subjectKey(from) &&
                !out.some((p) => p.to !== CLUSTER_ADMIN && placeKey(p.to) === placeKey(node))
              )
                out.push({ from, to: node, steps: stepsTo(key) });
              if (out.length >= limit) return out;
            }
            if (place) next.push({ node, place, impersonated, key });
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  /** The places an edge reaches, in a stable order. */
  function expand(edge: Edge): { node: PathNode | typeof CLUSTER_ADMIN; via?: Via }[] {
    const t = edge.to;
    const sas = (list: readonly SubjectRef[]) =>
      list
        .filter((r) => !edge.existing || (r.kind === 'ServiceAccount' && existing.has(`${r.namespace}/${r.name}`)))
        .map((node) => ({ node }));
    switch (t.t) {
      case 'sa':
        return sas([{ kind: 'ServiceAccount', namespace: t.namespace, name: t.name }]);
      case 'sa-named':
        return sas(subjects.known.serviceAccounts.filter((r) => r.name === t.name));
      case 'sa-ns':
        return sas(
          edge.existing
            ? (existingIn.get(t.namespace) ?? [])
            : (subjects.serviceAccountsByNamespace.get(t.namespace) ?? []),
        );
      case 'sa-all':
        return sas(subjects.known.serviceAccounts);
      case 'user':
        return [{ node: { kind: 'User', name: t.name } }];
      case 'user-any':
        return subjects.known.users.filter((u) => u.name !== ANONYMOUS_USER).map((node) => ({ node }));
      case 'group':
        return [{ node: { kind: 'Group', name: t.name } }];
      case 'group-any':
        return [
          { node: { kind: 'Group', name: PRIVILEGED_GROUP } },
          ...subjects.known.groups.filter((g) => g.name !== PRIVILEGED_GROUP).map((node) => ({ node })),
        ];
      case 'exec':
        return (t.namespace === '' ? allTokenPods : (tokenPodsIn.get(t.namespace) ?? []))
          .filter((p) => t.names === 'any' || t.names.includes(p.name))
          .map((p) => ({
            node: { kind: 'ServiceAccount', namespace: p.namespace, name: p.serviceAccountName },
            via: { kind: 'Pod', namespace: p.namespace, name: p.name },
          }));
      case 'workload': {
        // One workload per namespace is enough: any existing account of its namespace can be named.
        const seen = new Set<string>();
        return (t.namespace === '' ? allWorkloads : (workloads.get(t.namespace) ?? []))
          .filter((w) => w.kind.kind === t.kind && (t.names === 'any' || t.names.includes(w.name)))
          .filter((w) => !seen.has(w.namespace) && seen.add(w.namespace))
          .flatMap((w) => (existingIn.get(w.namespace) ?? []).map((node) => ({ node, via: workloadVia(w) })));
      }
      case 'host':
      case 'host-any':
        return [...podsOnHost]
          .filter(([host]) => t.t === 'host-any' || host === t.name)
          .flatMap(([host, pods]) =>
            pods.map((p) => ({
              node: { kind: 'ServiceAccount' as const, namespace: p.namespace, name: p.serviceAccountName },
              via: { kind: 'Node' as const, name: host, pod: { namespace: p.namespace, name: p.name } },
            })),
          );
      case 'place':
        return [{ node: t.node }];
      case 'admin':
        return [{ node: CLUSTER_ADMIN }];
    }
  }
}

function workloadVia(w: Workload): Via {
  return {
    kind: 'Workload',
    resource: resourceLabel(w.kind.group, w.kind.resource),
    namespace: w.namespace,
    name: w.name,
    pod: w.pod,
  };
}

function stepOf(from: PathNode, to: PathStep['to'], edge: Edge, found: Via | undefined): PathStep {
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
function pinNamespaces(steps: PathStep[]): void {
  for (let i = 0; i < steps.length - 1; i++) {
    const to = steps[i]!.to;
    if (to === CLUSTER_ADMIN || to.kind !== 'ClusterRole' || to.namespace !== '*') continue;
    const ns = stepNamespace(steps[i + 1]!);
    if (!ns) continue;
    const pinned = { ...to, namespace: ns };
    steps[i] = { ...steps[i]!, to: pinned };
    steps[i + 1] = { ...steps[i + 1]!, from: pinned };
  }
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
