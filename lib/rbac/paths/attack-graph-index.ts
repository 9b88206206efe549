// The step index: every place's steps by where they lead, for the backward search. Each step is
// filed under keys that say all a search filters on (the named pod of an exec, a workload's name,
// whether the service account must exist: a trailing "!"), and a node's predecessors are read back
// under the keys that lead to it. Building it adds the role places the steps lead to.
import type { Edge, Target } from './attack-edges';
import { placeKey, type Place, type Places } from './attack-graph-places';
import { workloadVia } from './attack-graph-steps';
import type { PodFacts } from './attack-graph-world';
import type { PathNode, Via } from './path-types';
import type { Workload } from '../indexes/workloads';
import type { ImpersonationMode } from './constrained-impersonation';
import { nodeOfUsername } from '../model/identity';
import type { SubjectRef } from '../model/refs';
import { within, type Work } from '../sliced-work';

/**
 * What a step means to the search: impersonation does not chain, escalating keeps the state, and
 * constrained impersonation leads into the partial identity its requester makes of the target.
 */
export type Chain = 'plain' | 'impersonates' | 'escalates' | 'constrained';

/** One step into a node: the place it is a step of, its index among the place's steps, and what it goes through. */
export interface StepInto {
  place: Place;
  edge: number;
  chain: Chain;
  /** A constrained step's mode: the partial place it leads into is (target's place, step's place, mode). */
  mode?: ImpersonationMode;
  via?: Via;
}

const chainOf = (e: Edge): Chain =>
  e.mode
    ? 'constrained'
    : e.technique === 'IMPERSONATE'
      ? 'impersonates'
      : e.technique === 'ROLE_ESCALATE' && !e.forRequester
        ? 'escalates'
        : 'plain';

/** The keys a step is filed under, by where it leads. */
function intoKeys(t: Target): string[] {
  switch (t.t) {
    case 'sa':
      return [`sa:${t.namespace}/${t.name}`];
    case 'sa-named':
    case 'user':
    case 'group':
    case 'host':
    case 'node':
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
}

/** The partial identities a constrained impersonation step of `by` makes of the identities it reaches. */
function addPartials(places: Places, by: Place, e: Edge, nodes: readonly PathNode[]): void {
  const { mode, actions, sources } = e;
  if (!mode || !actions || !sources) return;
  for (const node of nodes) {
    const base = places.baseOf(node, mode);
    if (base && !base.partial) places.partialPlace(base, by, mode, actions, sources);
  }
}

export class StepIndex {
  private readonly into = new Map<string, StepInto[]>();
  /** The workload keys of `into` by namespace, with the workload each goes through (workloadKeysIn). */
  private readonly workloadKeys = new Map<string, { key: string; w: Workload }[]>();
  private readonly facts: PodFacts;
  /** Steps to every permission (cluster-admin itself). */
  readonly admins: StepInto[] = [];

  constructor(facts: PodFacts) {
    this.facts = facts;
  }

  /**
   * Files the steps of every place, adding the places they lead to until none is new: a role
   * bound, a namespace's every permission, the partial identity of each target of a constrained
   * impersonation step (`reached` expands a step to the nodes it reaches). In slices (work): a
   * place's steps at a time (a wide place's in parts), the index read only once it is done.
   */
  *fill(places: Places, stepsOf: (place: Place) => Work<Edge[]>, reached: (e: Edge) => PathNode[]): Work<void> {
    // The list grows while it is read: read up to its current length.
    for (let i = 0; i < places.list.length; i++) {
      const place = places.list[i];
      if (!place || place.baseOnly) continue;
      const edges = yield* within(stepsOf(place), i / places.list.length, i / places.list.length);
      // An admin's place steps into every namespace and account: tens of thousands at 10,000 namespaces.
      for (let edge = 0; edge < edges.length; edge++) {
        const e = edges[edge] as Edge;
        if (e.to.t === 'place') places.rolePlace(e.to.node);
        if (e.mode) addPartials(places, place, e, reached(e));
        const step: StepInto = { place, edge, chain: chainOf(e), ...(e.mode && { mode: e.mode }) };
        for (const key of intoKeys(e.to)) this.file(e.existing ? `${key}!` : key, step);
        if (edge % 1024 === 1023) yield i / places.list.length;
      }
      yield i / places.list.length;
    }
    this.stepsInto('admin', this.admins);
  }

  private file(key: string, step: StepInto): void {
    const list = this.into.get(key);
    if (list) list.push(step);
    else this.into.set(key, [step]);
  }

  private stepsInto(key: string, out: StepInto[], via?: Via, expanded?: Set<readonly StepInto[]>): void {
    const list = this.into.get(key);
    if (!list || expanded?.has(list)) return;
    expanded?.add(list);
    for (const step of list) out.push(via ? { ...step, via } : step);
  }

  /**
   * The identities steps lead to that may be no place: a user, group or service account named by
   * an impersonate rule's resourceNames, one account ("default") of a namespace whose every account
   * a step reaches, and in each of `namespaces` the accounts steps name in any namespace (and
   * "default"). A search from every holder of a request starts from those that hold it too (an
   * unbound account still gets what its namespace's group is granted). Keys with "!" need the
   * account to exist, so it is known and has a place already.
   */
  namedIdentities(namespaces: readonly string[]): SubjectRef[] {
    const out: SubjectRef[] = [];
    const sa = (namespace: string, name: string) => out.push({ kind: 'ServiceAccount', namespace, name });
    for (const key of this.into.keys()) {
      const colon = key.indexOf(':');
      const [kind, name] = colon < 0 ? [key, ''] : [key.slice(0, colon), key.slice(colon + 1)];
      if (key.endsWith('!')) continue;
      if (kind === 'user') out.push({ kind: 'User', name });
      else if (kind === 'group') out.push({ kind: 'Group', name });
      else if (kind === 'sa-ns') sa(name, 'default');
      else if (kind === 'sa') sa(name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1));
      else if (kind === 'sa-named') for (const ns of namespaces) sa(ns, name);
      else if (kind === 'sa-all') for (const ns of namespaces) sa(ns, 'default');
    }
    return out;
  }

  /**
   * Every step leading to a node, with what it goes through. `expanded`: the step lists a search
   * has already read for states like this one (left out): the lists of wide keys (sa-all, exec in
   * every namespace, any user) are every node's, and reading them again for each of thousands of
   * nodes at one distance cost frontier x steps (minutes at 1,000 namespaces).
   */
  predecessors(node: PathNode, expanded?: Set<readonly StepInto[]>): StepInto[] {
    const out: StepInto[] = [];
    const add = (key: string, via?: Via) => this.stepsInto(key, out, via, expanded);
    switch (node.kind) {
      case 'ServiceAccount':
        this.intoAccount(node.namespace, node.name, add);
        break;
      case 'User': {
        add(`user:${node.name}`);
        add('user-any');
        const host = nodeOfUsername(node.name);
        if (host !== undefined) {
          add(`node:${host}`);
          add('node-any');
        }
        break;
      }
      case 'Group':
        add(`group:${node.name}`);
        add('group-any');
        break;
      default:
        add(`place:${placeKey(node)}`);
    }
    return out;
  }

  /** Steps to a service account: by name, namespace or any; through its pods (exec, node); through a workload. */
  private intoAccount(namespace: string, name: string, add: (key: string, via?: Via) => void): void {
    const exists = this.facts.accountExists(namespace, name);
    for (const key of [`sa:${namespace}/${name}`, `sa-named:${name}`, `sa-ns:${namespace}`, 'sa-all']) {
      add(key);
      if (exists) add(`${key}!`);
    }
    for (const pod of this.facts.tokenPodsOf(namespace, name)) {
      const via: Via = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
      for (const ns of [pod.namespace, '']) {
        add(`exec:${ns}`, via);
        add(`exec:${ns}#${pod.name}`, via);
      }
      if (pod.nodeName) {
        const hostVia: Via = { kind: 'Node', name: pod.nodeName, pod: { namespace: pod.namespace, name: pod.name } };
        add(`host:${pod.nodeName}`, hostVia);
        add('host-any', hostVia);
      }
    }
    // Updating an existing workload of the namespace: its new pods may run as any existing account.
    if (exists) for (const { key, w } of this.workloadKeysIn(namespace)) add(key, workloadVia(w));
  }

  /**
   * A search visits every service account of a namespace, and looping over all its workloads each
   * time cost service accounts x workloads: the keys are found once per namespace. A kind-wide step
   * goes through the kind's first workload there.
   */
  private workloadKeysIn(namespace: string): { key: string; w: Workload }[] {
    let list = this.workloadKeys.get(namespace);
    if (list) return list;
    list = [];
    const first = new Set<string>();
    for (const w of this.facts.workloads.get(namespace) ?? []) {
      for (const ns of [namespace, '']) {
        const keys = [`wl:${w.kind.kind}:${ns}#${w.name}!`];
        if (!first.has(w.kind.kind)) keys.unshift(`wl:${w.kind.kind}:${ns}!`);
        for (const key of keys) if (this.into.has(key)) list.push({ key, w });
      }
      first.add(w.kind.kind);
    }
    this.workloadKeys.set(namespace, list);
    return list;
  }
}
