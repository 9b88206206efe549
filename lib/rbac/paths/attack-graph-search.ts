// Shortest paths: one breadth-first search backwards from a target over the step index, cached per
// target. A state is a place and whether it is only impersonated (impersonation does not chain:
// an impersonated identity's own impersonate grants are not usable), numbered place id * 2 + (0 or 1).
import type { Edge } from './attack-edges';
import type { StepIndex, StepInto } from './attack-graph-index';
import { placeKey, type Place, type Places } from './attack-graph-places';
import { pinNamespaces, stepOf } from './attack-graph-steps';
import { CLUSTER_ADMIN, type AttackPath, type PathNode, type PathStep, type PathTarget, type Via } from './path-types';
import { type SubjectRef } from '../model/refs';
import type { ImpersonationMode } from './constrained-impersonation';
import { isPlainUser } from './constrained-impersonation-steps';
import { PRIVILEGED_GROUP, nodeOfUsername } from '../model/identity';
import { runWork, type Work } from '../sliced-work';

type Node = PathNode | typeof CLUSTER_ADMIN;

/** The next step from a state on a shortest path to the target: step `edge` of `place`. */
interface Hop {
  place: Place;
  edge: number;
  to: Node;
  via?: Via;
  /** The state it arrives in (-1: a target that is no place). */
  state: number;
}

export interface SearchTarget {
  node: Node;
  place?: Place;
  /**
   * A target that is no place, which only the identity itself is (a holder of a request, effective
   * who-can): a constrained impersonation step into it gives a partial identity, which does not
   * count (its state is -2, not -1).
   */
  fullOnly?: true;
}

/** Each state's distance to the target (-1: none) and its next hop. */
export class SearchResult {
  private readonly dist: Int32Array;
  private readonly hops: (Hop | undefined)[];

  constructor(states: number) {
    this.dist = new Int32Array(states).fill(-1);
    this.hops = new Array<Hop | undefined>(states);
  }

  distance(state: number): number {
    return this.dist[state] ?? -1;
  }

  hop(state: number): Hop | undefined {
    return this.hops[state];
  }

  /** The state is at `d` (the first time only, as a breadth-first search finds it). */
  reach(state: number, d: number, hop?: Hop): boolean {
    if (this.distance(state) !== -1) return false;
    this.dist[state] = d;
    if (hop) this.hops[state] = hop;
    return true;
  }
}

/**
 * The states of a step's place that arrive in `state` by it: an impersonation only from a
 * non-impersonated state into one that is no place or is impersonated; an escalation keeps the
 * state; any other step only into a state that is not impersonated, from either. A partial
 * identity (constrained impersonation) is only ever impersonated, entered only by its requester's
 * constrained step, and impersonates no one.
 */
function statesBefore(step: StepInto, state: number, places: Places, node: Node): number[] {
  const into = state >= 0 ? places.list[state >> 1] : undefined;
  if (step.chain === 'constrained') return constrainedBefore(step, state, into, node);
  if (into?.partial || into?.baseOnly) return [];
  const states = plainBefore(step, state);
  return step.place.partial ? states.filter((s) => s % 2 === 1) : states;
}

function plainBefore(step: StepInto, state: number): number[] {
  const impersonated = state >= 0 && state % 2 === 1;
  const base = step.place.id * 2;
  if (step.chain === 'impersonates') return state >= 0 && !impersonated ? [] : [base];
  // A target that is no place (cluster-admin itself, an identity no binding names) counts however it is reached.
  if (step.chain === 'escalates') return state >= 0 ? [base + (impersonated ? 1 : 0)] : [base, base + 1];
  return impersonated ? [] : [base, base + 1];
}

/** A constrained step arrives in the partial identity its place makes of the target (or a target that is no place). */
function constrainedBefore(step: StepInto, state: number, into: Place | undefined, node: Node): number[] {
  if (step.place.partial || !step.mode) return [];
  const base = step.place.id * 2;
  if (!into) return state === -1 && node !== CLUSTER_ADMIN && modeReaches(step.mode, node) ? [base] : [];
  const p = into.partial;
  return p && p.by === step.place && p.mode === step.mode && state % 2 === 1 ? [base] : [];
}

/** Whom a mode may impersonate (mode.go's filters): a service account, a node, or another user or group. */
function modeReaches(mode: ImpersonationMode, node: PathNode): boolean {
  switch (mode) {
    case 'serviceaccount':
      return node.kind === 'ServiceAccount';
    case 'user-info':
      return (
        (node.kind === 'User' && isPlainUser(node.name)) || (node.kind === 'Group' && node.name !== PRIVILEGED_GROUP)
      );
    default:
      return node.kind === 'User' && nodeOfUsername(node.name) !== undefined;
  }
}

/** What statesBefore reads of a state: a target that is no place (by node), a partial identity (by place), or the bit. */
function stateKind(places: Places, node: Node, state: number): string {
  if (state < 0) return node === CLUSTER_ADMIN ? 'admin' : `none${state}:${placeKey(node)}`;
  const into = places.list[state >> 1];
  if (into?.partial) return `partial:${into.id}`;
  return into?.baseOnly ? 'base' : String(state % 2);
}

/** The states a search starts from: a place's both (a partial identity's impersonated one only), else none. */
function targetStates(t: SearchTarget): number[] {
  if (!t.place) return [t.fullOnly ? -2 : -1];
  const base = t.place.id * 2;
  return t.place.partial ? [base + 1] : [base, base + 1];
}

/** Breadth-first, backwards from the targets over the step index. */
export function searchBackward(places: Places, index: StepIndex, targets: readonly SearchTarget[]): SearchResult {
  return runWork(searchBackwardWork(places, index, targets));
}

/** searchBackward in slices: a few hundred states of the frontier at a time. */
export function* searchBackwardWork(
  places: Places,
  index: StepIndex,
  targets: readonly SearchTarget[],
): Work<SearchResult> {
  const result = new SearchResult(places.list.length * 2);
  let frontier: { node: Node; state: number }[] = [];
  for (const t of targets)
    for (const state of targetStates(t)) {
      if (state >= 0) result.reach(state, 0);
      frontier.push({ node: t.node, state });
    }
  // A step list read once for a kind of state (what statesBefore reads: none and the node, not
  // impersonated, impersonated, a partial identity) reaches nothing new when read again, at this
  // distance or a later one.
  const expanded = new Map<string, Set<readonly StepInto[]>>();
  const expandedFor = (node: Node, state: number) => {
    const key = stateKind(places, node, state);
    let set = expanded.get(key);
    if (!set) expanded.set(key, (set = new Set()));
    return set;
  };
  let done = 0;
  for (let d = 1; frontier.length > 0; d++) {
    const next: typeof frontier = [];
    for (const { node, state } of frontier) {
      for (const step of node === CLUSTER_ADMIN ? index.admins : index.predecessors(node, expandedFor(node, state)))
        for (const s of statesBefore(step, state, places, node)) {
          const hop = { place: step.place, edge: step.edge, to: node, ...(step.via && { via: step.via }), state };
          if (result.reach(s, d, hop)) for (const member of step.place.members) next.push({ node: member, state: s });
        }
      // The number of states reached is not known ahead: progress is a guess that never reaches 1.
      if (++done % 256 === 0) yield done / (done + next.length + 1);
    }
    frontier = next;
  }
  return result;
}

/** What paths are read with: the places, a place's steps, and a search per target. */
export interface PathReader {
  places: Places;
  edgesOf(place: Place): readonly Edge[];
}

/** Step `i` of a place: a hop names only steps its place has. */
function edgeAt(edges: readonly Edge[], i: number): Edge {
  const edge = edges[i];
  if (!edge) throw new Error(`attack graph: a hop names step ${i} of a place with ${edges.length}`);
  return edge;
}

/** The hops of a state's shortest path, as steps from `from`, and the state it ends in. */
function walk(reader: PathReader, from: PathNode, state: number, s: SearchResult) {
  const steps: PathStep[] = [];
  let node: PathNode = from;
  let at = state;
  for (let h = s.hop(at); h && s.distance(at) > 0; h = s.hop(at)) {
    steps.push(stepOf(node, h.to, edgeAt(reader.edgesOf(h.place), h.edge), h.via));
    if (h.to === CLUSTER_ADMIN) break;
    node = h.to;
    at = h.state;
    if (at < 0) break;
  }
  pinNamespaces(steps);
  return { steps, last: at };
}

/** A subject's shortest path to the target of a search, if it has one. */
export function pathOf(reader: PathReader, from: SubjectRef, target: PathTarget, s: SearchResult) {
  const place = reader.places.of(from);
  const state = place ? place.id * 2 : -1;
  if (state < 0 || s.distance(state) === -1) return undefined;
  const { steps, last } = walk(reader, from, state, s);
  const lastPlace = last >= 0 ? reader.places.list[last >> 1] : undefined;
  const holds = target === CLUSTER_ADMIN && steps.at(-1)?.to !== CLUSTER_ADMIN ? lastPlace?.admin : undefined;
  // Only a constrained step leaves a path impersonating with some requests only: any step after it
  // gives the path an identity of its own (a token, a pod, a binding).
  const limitedTo = steps.at(-1)?.actions;
  const path: AttackPath = { from, to: target, steps, ...(holds && { holds }), ...(limitedTo && { limitedTo }) };
  return path;
}

const hasMember = (p: Place, node: PathNode) => p.members.some((m) => placeKey(m) === placeKey(node));

/** One search per target: cluster-admin's kept, a few others, oldest out. */
export class Searches {
  private readonly cache = new Map<string, SearchResult>();
  private readonly places: Places;
  private readonly index: StepIndex;
  private readonly adminTargets: SearchTarget[];

  private readonly partials: Place[];

  constructor(places: Places, index: StepIndex) {
    this.places = places;
    this.index = index;
    this.partials = places.list.filter((p) => p.partial);
    this.adminTargets = places.list
      .filter((p) => p.admin && !p.baseOnly)
      .flatMap((p) => p.members.map((node) => ({ node, place: p })));
  }

  /**
   * The search to a target: to the identity itself, or (`limited`) also to the partial identities
   * constrained impersonation makes of it, for the subjects that can become it only that way.
   */
  for(target: PathTarget, limited = false): SearchResult {
    return runWork(this.forWork(target, limited));
  }

  /** `for` in slices (searchBackwardWork): what builds the search to cluster-admin ahead of its first question. */
  *forWork(target: PathTarget, limited = false): Work<SearchResult> {
    if (limited && target !== CLUSTER_ADMIN && !this.partials.some((p) => hasMember(p, target)))
      return yield* this.forWork(target);
    const key = (target === CLUSTER_ADMIN ? CLUSTER_ADMIN : placeKey(target)) + (limited ? '|limited' : '');
    let s = this.cache.get(key);
    if (s) return s;
    s = yield* searchBackwardWork(this.places, this.index, this.targetsOf(target, limited));
    // Each search is two arrays over every place (a few MB at 10,000 namespaces): cluster-admin's
    // stays, a few other targets are kept, oldest out.
    const others = [...this.cache.keys()].filter((k) => k !== CLUSTER_ADMIN);
    const oldest = others[0];
    if (others.length >= 8 && oldest !== undefined) this.cache.delete(oldest);
    this.cache.set(key, s);
    return s;
  }

  private targetsOf(target: PathTarget, limited: boolean): SearchTarget[] {
    if (target === CLUSTER_ADMIN) return [...this.adminTargets, { node: CLUSTER_ADMIN }];
    const place = this.places.of(target);
    const own: SearchTarget = { node: target, ...(place && { place }) };
    if (!limited) return [own];
    const partial = this.partials.filter((p) => hasMember(p, target));
    return [own, ...partial.map((p) => ({ node: target, place: p }))];
  }
}
