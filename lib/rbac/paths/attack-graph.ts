// Attack paths: who can become whom, and who can become cluster-admin, with every step's why. The
// graph is made of parts: its places (attack-graph-places.ts: identity classes, roles a path binds,
// namespaces), what it knows of pods and workloads (attack-graph-world.ts), each place's steps
// (attack-edges.ts), the step index by where steps lead (attack-graph-index.ts), the backward
// search for shortest paths (attack-graph-search.ts), the forward one (attack-graph-reach.ts), and
// the steps as the API shows them (attack-graph-steps.ts).
import { edgesWork, relabelSteps, type Edge, type EdgeContext, type Holder } from './attack-edges';
import { StepIndex } from './attack-graph-index';
import { Places, RoleProbesCache, placeKey, type Place } from './attack-graph-places';
import { expand, reachable } from './attack-graph-reach';
import { requestShapes } from '../findings/request-shapes';
import { DEFAULT_KUBE_VERSION } from '../model/kube-version';
import {
  Searches,
  pathOf,
  searchBackward,
  type PathReader,
  type SearchResult,
  type SearchTarget,
} from './attack-graph-search';
import { edgeContext, podFactsWork, type PodFacts } from './attack-graph-world';
import { runWork, within, type Work } from '../sliced-work';
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { allowances, heldOfBinding, type Held } from '../findings/capabilities';
import { identityOfSubject } from '../indexes/permissions';
import { constrainedImpersonation } from './constrained-impersonation-steps';
import { PRIVILEGED_GROUP } from '../model/identity';
import { CLUSTER_ADMIN, type AttackPath, type PathGrant, type PathNode, type PathTarget } from './path-types';
import type { SubjectIndex } from '../indexes/subject-index';
import { compareSubjects, subjectRefOf } from '../authorizer/subjects';
import type { ClusterModel, Subject } from '../model/types';
import { subjectKey, type SubjectRef } from '../model/refs';

export { placeKey };

export interface AttackGraph {
  /** Shortest paths of every subject (known service accounts, users, groups) to the target, shortest first. */
  pathsTo(target: PathTarget): AttackPath[];
  /** pathsTo in slices (sliced-work.ts). */
  pathsToWork(target: PathTarget): Work<AttackPath[]>;
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
  /** stepsOfBinding in slices (sliced-work.ts). */
  stepsOfBindingWork(bound: ResolvedBinding, subject: Subject): Work<Edge[]>;
  /** The grants by which a subject holds every permission, when it does. */
  adminGrantsOf(ref: SubjectRef): readonly PathGrant[] | undefined;
  /** NAMESPACE_RELABEL from all a subject holds together (patch and create may come through different bindings). */
  relabelStepsOf(ref: SubjectRef): Edge[];
  /**
   * Every subject's shortest path to a holder (effective who-can), nearest first, each path's `to`
   * where it ends (a holder: no steps): one backward search from every node `holds` accepts (see holderTargets).
   */
  pathsToHolders(holds: HolderTest, namespaces: readonly string[]): HolderPath[];
}

/** A subject's shortest path to a holder: its length and where it ends now, its steps when asked (they cost). */
export interface HolderPath {
  from: SubjectRef;
  distance: number;
  /** The holder it ends at (the subject itself when it holds). */
  end: PathTarget;
  path(): AttackPath;
}

/** Whether being a node (an identity, a role a path binds, a namespace's every permission) is being a holder. */
export type HolderTest = (node: PathNode, place: Place | undefined) => boolean;

export function buildAttackGraph(model: ClusterModel, index: BindingIndex, subjects: SubjectIndex): AttackGraph {
  return runWork(attackGraphWork(model, index, subjects, false));
}

/**
 * buildAttackGraph in slices (sliced-work.ts): pods, then each identity's place, then each place's
 * steps, then (`warm`) the search to cluster-admin that findings and the namespace graph's ring read.
 */
export function* attackGraphWork(
  model: ClusterModel,
  index: BindingIndex,
  subjects: SubjectIndex,
  warm = true,
): Work<AttackGraph> {
  const probes = new RoleProbesCache(index, requestShapes(model.kubernetes ?? DEFAULT_KUBE_VERSION));
  const facts = yield* within(podFactsWork(model), 0, 0.08);
  const ctx = yield* within(edgeContext(model, index, probes, facts), 0.08, 0.1);
  const places = new Places(index, subjects, probes, ctx.nodesOf);
  yield* within(places.addIdentities(), 0.1, 0.25);
  const stepsOf = (place: Place): Work<Edge[]> => edgesWork(place.held, ctx, holderOf(place));
  const reached = (e: Edge) => expand(e, facts, subjects).flatMap((r) => (r.node === CLUSTER_ADMIN ? [] : [r.node]));
  const steps = new StepIndex(facts);
  yield* within(steps.fill(places, stepsOf, reached), 0.25, warm ? 0.9 : 1);
  const stepsNow = (place: Place): Edge[] => runWork(stepsOf(place));
  const searches = new Searches(places, steps);
  if (warm) yield* within(searches.forWork(CLUSTER_ADMIN), 0.9, 1);
  const reader = { places, edgesOf: recentSteps(stepsNow), facts, subjects };
  return graphOf({ places, probes, ctx, steps, searches, reader, subjects });
}

interface GraphParts {
  places: Places;
  probes: RoleProbesCache;
  ctx: EdgeContext;
  steps: StepIndex;
  searches: Searches;
  reader: PathReader & { facts: PodFacts; subjects: SubjectIndex };
  subjects: SubjectIndex;
}

/** The answers of a built graph. */
function graphOf({ places, probes, ctx, steps, searches, reader, subjects }: GraphParts): AttackGraph {
  const relabelByPlace = new Map<Place, Edge[]>();
  function* stepsOfBindingWork(bound: ResolvedBinding, subject: Subject): Work<Edge[]> {
    const p = probes.ofBinding(bound);
    const held = p && heldOfBinding(bound, subject, p);
    if (!held) return [];
    // associated-node steps need the accounts stepping (their pods' nodes): a service account is its
    // own; a group's are each of its accounts that mounts a token on a node, one at a time (a class
    // of one), so a binding that gives any of them its node is reported.
    const ref = subjectRefOf(subject, bound.namespace);
    const edges = yield* edgesWork([held], ctx, { members: ref?.kind === 'ServiceAccount' ? [ref] : [] });
    if (ref?.kind !== 'Group' || !ctx.constrained || allowances([held], 'impersonateAssociatedNode').length === 0)
      return edges;
    for (const sa of subjects.known.serviceAccounts) {
      if (ctx.nodesOf(sa).length === 0 || !identityOfSubject(sa).groups.includes(ref.name)) continue;
      const own = constrainedImpersonation([held], ctx, [sa]).filter(
        (e) => e.technique === 'IMPERSONATE_ASSOCIATED_NODE',
      );
      if (own.length > 0) return [...edges, ...own];
    }
    return edges;
  }
  let order: Map<SubjectRef, number> | undefined;
  return {
    placesCount: places.list.length,
    heldOf: (ref) => places.of(ref)?.held ?? [],
    adminGrantsOf: (ref) => places.of(ref)?.admin,
    relabelStepsOf(ref) {
      // Per class: its members share what they hold.
      const place = places.of(ref);
      if (!place) return [];
      let found = relabelByPlace.get(place);
      if (!found) relabelByPlace.set(place, (found = relabelSteps(place.held, ctx)));
      return found;
    },
    stepsOfBinding: (bound, subject) => runWork(stepsOfBindingWork(bound, subject)),
    stepsOfBindingWork,
    pathsTo: (target) => runWork(pathsTo(reader, searches, sources(subjects), target)),
    pathsToWork: (target) => pathsTo(reader, searches, sources(subjects), target),
    pathFrom(from, target) {
      if (target !== CLUSTER_ADMIN && placeKey(target) === subjectKey(from)) return { from, to: target, steps: [] };
      const full = pathOf(reader, from, target, searches.for(target));
      return full ?? (target === CLUSTER_ADMIN ? undefined : pathOf(reader, from, target, searches.for(target, true)));
    },
    isClusterAdmin: (ref) => places.of(ref)?.admin !== undefined,
    distanceToAdmin(ref) {
      const place = places.of(ref);
      if (!place) return undefined;
      const d = searches.for(CLUSTER_ADMIN).distance(place.id * 2);
      return d === -1 ? undefined : d;
    },
    reachableFrom: (from, limit) => reachable(reader, from, limit),
    pathsToHolders: (holds, namespaces) =>
      pathsToHolders(
        reader,
        (order ??= sourceOrder(subjects)),
        searchBackward(places, steps, holderTargets(places, steps, holds, namespaces)),
      ),
  };
}

/** Who steps from a place: a namespace's every permission, a partial identity (its checks made with all its rules), an identity. */
function holderOf(place: Place): Holder {
  const p = place.partial;
  if (p) return { checks: { held: p.base.held, admin: p.base.admin, requester: p.by.held }, members: place.members };
  return {
    everything: place.members[0]?.kind === 'Namespace',
    members: place.members,
    admin: place.admin !== undefined,
  };
}

/**
 * A place's steps are recomputed when a path or a forward search needs them (they are pure): kept
 * for every place, a 10,000-namespace cluster's hundreds of thousands of steps took 200 MiB. The
 * last 256 places' are kept.
 */
function recentSteps(stepsOf: (place: Place) => Edge[]): (place: Place) => Edge[] {
  const cache = new Map<Place, Edge[]>();
  return (place) => {
    let edges = cache.get(place);
    if (!edges) {
      edges = stepsOf(place);
      const oldest = cache.keys().next();
      if (cache.size >= 256 && !oldest.done) cache.delete(oldest.value);
      cache.set(place, edges);
    }
    return edges;
  };
}

/** Every subject the graph answers for: the known ones, and system:masters. */
function sources(subjects: SubjectIndex): SubjectRef[] {
  return [
    ...subjects.known.serviceAccounts,
    ...subjects.known.users,
    ...subjects.known.groups,
    ...(subjects.known.groups.some((g) => g.name === PRIVILEGED_GROUP)
      ? []
      : [{ kind: 'Group' as const, name: PRIVILEGED_GROUP }]),
  ];
}

/**
 * Every subject's shortest path to the target, shortest first, then by subject: as the target
 * itself, else (a partial identity, constrained impersonation) limited to some requests.
 */
function* pathsTo(
  reader: PathReader,
  searches: Searches,
  from: readonly SubjectRef[],
  target: PathTarget,
): Work<AttackPath[]> {
  const full = yield* searches.forWork(target);
  const limited = target === CLUSTER_ADMIN ? undefined : yield* searches.forWork(target, true);
  const out: { path: AttackPath; d: number }[] = [];
  for (const [i, ref] of from.entries()) {
    if (i % 256 === 255) yield i / from.length;
    if (target !== CLUSTER_ADMIN && placeKey(target) === subjectKey(ref)) continue;
    const place = reader.places.of(ref);
    if (!place) continue;
    const own = full.distance(place.id * 2);
    if (own === 0) continue;
    const s = own > 0 ? full : limited;
    const d = s ? s.distance(place.id * 2) : -1;
    if (!s || d <= 0) continue;
    const path = pathOf(reader, ref, target, s);
    if (path) out.push({ path, d });
  }
  return out.sort((a, b) => a.d - b.d || compareSubjects(a.path.from, b.path.from)).map((x) => x.path);
}

/**
 * Where a search for the holders of a request starts: cluster-admin itself, every member of a place
 * that holds every permission or that `holds` accepts (a class's members are named by the same
 * bindings, so one member answers for all), and the identities steps name that are no place (a user
 * no binding names still gets what system:authenticated is granted: a false negative otherwise).
 */
function holderTargets(places: Places, steps: StepIndex, holds: HolderTest, namespaces: readonly string[]) {
  const targets: SearchTarget[] = [{ node: CLUSTER_ADMIN }];
  for (const place of places.list) {
    const first = place.members[0];
    if (place.baseOnly) continue;
    if (first && (place.admin || holds(first, place))) for (const node of place.members) targets.push({ node, place });
  }
  for (const node of steps.namedIdentities(namespaces))
    if (!places.of(node) && holds(node, undefined)) targets.push({ node, fullOnly: true });
  return targets;
}

/** Where a state's shortest path ends, following the hops as walk does (without reading the steps). */
function endOf(s: SearchResult, from: PathNode, state: number): PathTarget {
  let node: PathTarget = from;
  let at = state;
  for (let h = s.hop(at); h && s.distance(at) > 0; h = s.hop(at)) {
    node = h.to;
    if (h.to === CLUSTER_ADMIN || h.state < 0) break;
    at = h.state;
  }
  return node;
}

/** Each source (the places' members are these very refs) and its position in subject order. */
function sourceOrder(subjects: SubjectIndex): Map<SubjectRef, number> {
  return new Map(sources(subjects).map((ref, i) => [ref, i]));
}

const isSubject = (node: PathNode): node is SubjectRef =>
  node.kind === 'ServiceAccount' || node.kind === 'User' || node.kind === 'Group';

/**
 * Each subject's shortest path to a holder of a search, nearest first, then in subject order (the
 * holders themselves too: distance 0). Read place by place (a distance is an array read; looking
 * up each of 150,000 subjects' places by key cost more than the search). A path's steps are read
 * when asked: reading them recomputes each place's steps, and an answer at 10,000 namespaces has
 * tens of thousands of paths.
 */
function pathsToHolders(reader: PathReader, order: ReadonlyMap<SubjectRef, number>, s: SearchResult): HolderPath[] {
  const out: (HolderPath & { at: number })[] = [];
  for (const place of reader.places.list) {
    const distance = s.distance(place.id * 2);
    if (distance < 0) continue;
    for (const ref of place.members) {
      const at = isSubject(ref) ? order.get(ref) : undefined;
      if (at === undefined || !isSubject(ref)) continue;
      const end = endOf(s, ref, place.id * 2);
      // Read as a path to cluster-admin (pathOf's walk stops at distance 0), then ended where it ends.
      const path = (): AttackPath => {
        const steps = distance === 0 ? [] : (pathOf(reader, ref, CLUSTER_ADMIN, s)?.steps ?? []);
        // Ended in a partial identity (constrained impersonation): only the requests its actions allow.
        const limitedTo = steps.at(-1)?.actions;
        return { from: ref, to: end, steps, ...(limitedTo && { limitedTo }) };
      };
      out.push({ from: ref, distance, end, path, at });
    }
  }
  return out.sort((a, b) => a.distance - b.distance || a.at - b.at);
}
