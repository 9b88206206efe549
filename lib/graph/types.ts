// The graph of one view, ready for the canvas and the list alternative alike.
import type { BindingRef, RoleRef, Rewrite, SubjectRef } from '@/lib/rbac';

/** An object with its own page: a subject, a role or a binding. */
export type NodeObject = { subject: SubjectRef } | { role: RoleRef } | { binding: BindingRef };

export type NodeKind =
  | 'pod'
  | 'pod-group'
  | 'serviceaccount'
  | 'user'
  | 'group'
  | 'rolebinding'
  | 'clusterrolebinding'
  | 'role'
  | 'clusterrole'
  | 'resource';

export type EdgeKind = 'runs-as' | 'member-of' | 'subject-of' | 'binds' | 'aggregates' | 'grants' | 'can';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Namespace of namespaced objects. */
  namespace?: string;
  dangerous?: boolean;
  /** A pod (or pods) whose mounted token leads to cluster-admin: it holds every permission, or has a path. */
  risky?: boolean;
  /** Matches the highlighted verb/resource. */
  highlighted?: boolean;
  /** pod-group: how many pods; a folded binding's subjects: how many subjects. */
  count?: number;
  /** A folded binding's subjects: how many of each kind (the node shows under each kind's filter). */
  folds?: Partial<Record<'User' | 'Group' | 'ServiceAccount', number>>;
  /** A diff view: the node is only in the state after (gained) or only before (lost). */
  change?: Change;
  /** The one object the node stands for, when it has its own page (links are the web layer's). */
  object?: NodeObject;
  x?: number;
  y?: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** grants / can: the verbs, sorted. */
  verbs?: string[];
  /** grants / can: only these objects (every rule behind the edge names them); absent: all of them. */
  resourceNames?: string[];
  dangerous?: boolean;
  highlighted?: boolean;
  /** A diff view: the edge is only in the state after (gained) or only before (lost). */
  change?: Change;
  /**
   * The layered layout's route, its bends from the source to the target: the canvas draws the edge
   * along it, so it goes round the nodes between instead of under them. None: a straight line.
   */
  route?: Point[];
}

export interface Point {
  x: number;
  y: number;
}

export type Change = 'gained' | 'lost';

/** An edge's words: its verbs, and the objects it is limited to ("get (db-password)"). */
export function edgeLabel(e: Pick<GraphEdge, 'verbs' | 'resourceNames'>, separator = ' '): string {
  const verbs = e.verbs?.join(separator) ?? '';
  return e.resourceNames ? `${verbs} (${e.resourceNames.join(', ')})` : verbs;
}

export interface NamespaceGraph {
  namespace: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Kubernetes' own bindings (its defaults, recognised by content) left out, when they are hidden. */
  hiddenSystem: number;
  /** Subjects without grants left out, when they are hidden. */
  hiddenUngranted: number;
  /** Elements before the cap, when the cap cut the graph. */
  totalElements?: number;
  /** Nodes the cap left out, by kind (with their edges), when it cut the graph. */
  omitted?: { kind: NodeKind; count: number }[];
  /** A diff view: the two states drawn as one ("snapshot a.yaml → the current source"). */
  diff?: { from: string; to: string };
  /**
   * The highlight's question as answered: the resource node's label, the request ("get secrets in
   * namespace payments"), what was resolved (secret → secrets) and what was answered as given.
   */
  highlight?: { resource: string; request: string; resolved: Rewrite[]; warnings: string[] };
  /** With built-ins shown and not expanded: who the built-in chain's three nodes stand for. */
  builtinGroup?: { subjects: SubjectRef[]; bindings: BindingRef[]; roles: RoleRef[] };
}
