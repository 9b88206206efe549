// Forward: the nodes a step reaches (an exec's pods' accounts, a workload's namespace's existing
// accounts, a node's pods' accounts…) in a stable order, and the breadth-first search from one
// subject over the places it can become.
import type { Edge } from './attack-edges';
import { isPlainUser } from './constrained-impersonation-steps';
import { placeKey, type Place, type Places } from './attack-graph-places';
import type { PathReader } from './attack-graph-search';
import { pinNamespaces, stepOf, workloadVia } from './attack-graph-steps';
import type { PodFacts } from './attack-graph-world';
import { ANONYMOUS_USER, PRIVILEGED_GROUP, nodeOfUsername, nodeUsername } from '../model/identity';
import { CLUSTER_ADMIN, type AttackPath, type PathNode, type PathStep, type Via } from './path-types';
import type { SubjectIndex } from '../indexes/subject-index';
import { subjectKey, type SubjectRef } from '../model/refs';

export interface Reached {
  node: PathNode | typeof CLUSTER_ADMIN;
  via?: Via;
}

/** The service accounts an edge reaches among some, when it needs them to exist. */
function accounts(edge: Edge, facts: PodFacts, list: readonly SubjectRef[]): Reached[] {
  return list
    .filter((r) => !edge.existing || (r.kind === 'ServiceAccount' && facts.accountExists(r.namespace, r.name)))
    .map((node) => ({ node }));
}

/** The places an edge reaches, in a stable order. */
export function expand(edge: Edge, facts: PodFacts, subjects: SubjectIndex): Reached[] {
  const t = edge.to;
  switch (t.t) {
    case 'sa':
      return accounts(edge, facts, [{ kind: 'ServiceAccount', namespace: t.namespace, name: t.name }]);
    case 'sa-named':
      return accounts(
        edge,
        facts,
        subjects.known.serviceAccounts.filter((r) => r.name === t.name),
      );
    case 'sa-ns':
      return accounts(
        edge,
        facts,
        edge.existing
          ? (facts.existingIn.get(t.namespace) ?? [])
          : (subjects.serviceAccountsByNamespace.get(t.namespace) ?? []),
      );
    case 'sa-all':
      return accounts(edge, facts, subjects.known.serviceAccounts);
    case 'user':
      return [{ node: { kind: 'User', name: t.name } }];
    case 'user-any':
      return subjects.known.users
        .filter((u) => u.name !== ANONYMOUS_USER && (edge.mode !== 'user-info' || isPlainUser(u.name)))
        .map((node) => ({ node }));
    case 'group':
      return [{ node: { kind: 'Group', name: t.name } }];
    case 'group-any':
      return [
        ...(t.exceptMasters ? [] : [{ node: { kind: 'Group' as const, name: PRIVILEGED_GROUP } }]),
        ...subjects.known.groups.filter((g) => g.name !== PRIVILEGED_GROUP).map((node) => ({ node })),
      ];
    case 'node':
      return [{ node: nodeUser(t.name) }];
    case 'node-any':
      return knownNodes(facts, subjects).map((name) => ({ node: nodeUser(name) }));
    case 'exec':
      return execTargets(t.namespace, t.names, facts);
    case 'workload':
      return workloadTargets(t.kind, t.namespace, t.names, facts);
    case 'host':
    case 'host-any':
      return hostTargets(t.t === 'host' ? t.name : undefined, facts);
    case 'place':
      return [{ node: t.node }];
    case 'admin':
      return [{ node: CLUSTER_ADMIN }];
  }
}

const nodeUser = (name: string): SubjectRef => ({ kind: 'User', name: nodeUsername(name) });

/** The nodes known: those pods run on, and those bindings name (system:node:<name> users). */
function knownNodes(facts: PodFacts, subjects: SubjectIndex): string[] {
  const named = subjects.known.users.flatMap((u) => nodeOfUsername(u.name) ?? []);
  return [...new Set([...facts.nodes, ...named])].sort();
}

/** The accounts of the token pods one may exec into or patch, through each pod. */
function execTargets(namespace: string, names: 'any' | readonly string[], facts: PodFacts): Reached[] {
  return (namespace === '' ? facts.allTokenPods : (facts.tokenPodsIn.get(namespace) ?? []))
    .filter((p) => names === 'any' || names.includes(p.name))
    .map((p) => ({
      node: { kind: 'ServiceAccount', namespace: p.namespace, name: p.serviceAccountName },
      via: { kind: 'Pod', namespace: p.namespace, name: p.name },
    }));
}

/** One workload per namespace is enough: any existing account of its namespace can be named. */
function workloadTargets(kind: string, namespace: string, names: 'any' | readonly string[], facts: PodFacts) {
  const seen = new Set<string>();
  return (namespace === '' ? facts.allWorkloads : (facts.workloads.get(namespace) ?? []))
    .filter((w) => w.kind.kind === kind && (names === 'any' || names.includes(w.name)))
    .filter((w) => !seen.has(w.namespace) && seen.add(w.namespace))
    .flatMap((w): Reached[] =>
      (facts.existingIn.get(w.namespace) ?? []).map((node) => ({ node, via: workloadVia(w) })),
    );
}

/** The accounts of the token pods on a node (undefined: on any node), through the node. */
function hostTargets(name: string | undefined, facts: PodFacts): Reached[] {
  return [...facts.podsOnHost]
    .filter(([host]) => name === undefined || host === name)
    .flatMap(([host, pods]) =>
      pods.map((p) => ({
        node: { kind: 'ServiceAccount' as const, namespace: p.namespace, name: p.serviceAccountName },
        via: { kind: 'Node' as const, name: host, pod: { namespace: p.namespace, name: p.name } },
      })),
    );
}

interface Visit {
  node: PathNode;
  place: Place;
  impersonated: boolean;
  key: string;
}

/** Forward breadth-first search from one subject over the places it can become: identities, nearest first. */
export function reachable(
  reader: PathReader & { facts: PodFacts; subjects: SubjectIndex },
  from: SubjectRef,
  limit: number,
): AttackPath[] {
  const start = reader.places.of(from);
  if (!start) return [];
  const startKey = `${subjectKey(from)}#0`;
  const seen = new Set<string>([startKey]);
  const back = new Map<string, { prev: string; step: PathStep }>();
  const out: AttackPath[] = [];
  const stepsTo = (key: string): PathStep[] => {
    const steps: PathStep[] = [];
    for (let b = back.get(key); b; b = back.get(b.prev)) steps.unshift(b.step);
    pinNamespaces(steps);
    return steps;
  };
  let frontier: Visit[] = [{ node: from, place: start, impersonated: false, key: startKey }];
  while (frontier.length > 0 && out.length < limit) {
    const next: Visit[] = [];
    for (const cur of frontier)
      for (const edge of reader.edgesOf(cur.place)) {
        const impersonates = edge.technique === 'IMPERSONATE' || edge.mode !== undefined;
        if (cur.impersonated && impersonates) continue;
        const impersonated = impersonates || (edge.technique === 'ROLE_ESCALATE' && cur.impersonated);
        const tag = edge.mode ? 'p' : impersonated ? '1' : '0';
        for (const { node, via } of expand(edge, reader.facts, reader.subjects)) {
          if (node === CLUSTER_ADMIN) continue;
          const key = `${placeKey(node)}#${tag}`;
          if (seen.has(key) || seen.has(`${placeKey(node)}#0`)) continue;
          seen.add(key);
          back.set(key, { prev: cur.key, step: stepOf(cur.node, node, edge, via) });
          const limitedTo = edge.actions;
          if (isIdentity(node) && subjectKey(node) !== subjectKey(from) && !reachedAlready(out, node, !limitedTo))
            out.push({ from, to: node, steps: stepsTo(key), ...(limitedTo && { limitedTo }) });
          if (isIdentity(node) && out.length >= limit) return out;
          const place = placeOf(reader.places, node, cur.place, edge);
          if (place) next.push({ node, place, impersonated, key });
        }
      }
    frontier = next;
  }
  return out;
}

/** The place a step arrives in: the identity's own, or the partial identity a constrained step makes of it. */
function placeOf(places: Places, node: PathNode, by: Place, edge: Edge): Place | undefined {
  if (!edge.mode) return places.of(node);
  const base = places.baseOf(node, edge.mode);
  return base && places.partialOf(base, by, edge.mode);
}

const isIdentity = (node: PathNode): node is SubjectRef =>
  node.kind === 'ServiceAccount' || node.kind === 'User' || node.kind === 'Group';

/** Whether a path to the node is out already (`full`: one not limited to some requests). */
function reachedAlready(out: readonly AttackPath[], node: PathNode, full: boolean): boolean {
  return out.some((p) => p.to !== CLUSTER_ADMIN && placeKey(p.to) === placeKey(node) && (!full || !p.limitedTo));
}
