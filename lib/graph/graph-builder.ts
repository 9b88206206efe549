// A view's graph as it is built: nodes and edges by id, each added once, and removed with the
// edges that reach them; which kind filter each node kind answers to.
import { type SubjectRef } from '@/lib/rbac';
import { subjectNodeId } from './node-ids';
import type { GraphEdge, GraphNode, NodeKind } from './types';
import type { KindFilter } from './view-options';

export const KIND_FILTER: Record<NodeKind, KindFilter> = {
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

export class GraphBuilder {
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

export function removeNode(b: GraphBuilder, id: string): void {
  b.nodes.delete(id);
  for (const [eid, e] of b.edges) if (e.source === id || e.target === id) b.edges.delete(eid);
}
