// One spelling of every page link: namespaces, subjects, roles and bindings; and the path segments
// of an object's page (or its API twin) read back into what they name.
import type { GraphNode, NamespaceGraph, NodeObject } from '@/lib/graph/types';
import { objectKey, type BindingRef, type RoleRef, type SubjectRef } from '@/lib/rbac';

const enc = encodeURIComponent;

export function namespaceHref(name: string, query = ''): string {
  return `/namespaces/${enc(name)}${query}`;
}

export function subjectHref(ref: SubjectRef): string {
  return ref.kind === 'ServiceAccount'
    ? `/subjects/serviceaccount/${enc(ref.namespace)}/${enc(ref.name)}`
    : `/subjects/${ref.kind.toLowerCase()}/${enc(ref.name)}`;
}

export function roleHref(r: RoleRef): string {
  return r.namespace ? `/roles/role/${enc(r.namespace)}/${enc(r.name)}` : `/roles/clusterrole/${enc(r.name)}`;
}

/** A binding's own page: its subjects, its role, what it grants and where. */
export function bindingHref(b: BindingRef): string {
  return b.kind === 'RoleBinding'
    ? `/bindings/rolebinding/${enc(b.namespace ?? '')}/${enc(b.name)}`
    : `/bindings/clusterrolebinding/${enc(b.name)}`;
}

/** The page of the object a graph node stands for. */
export function objectHref(o: NodeObject): string {
  if ('subject' in o) return subjectHref(o.subject);
  return 'role' in o ? roleHref(o.role) : bindingHref(o.binding);
}

/** A node selected in its namespace's graph, built-ins shown so that it is drawn. */
export function nodeInGraphHref(namespace: string, nodeId: string): string {
  return namespaceHref(namespace, `?node=${enc(nodeId)}&builtin=show`);
}

type LinkedNode = Omit<GraphNode, 'object'> & { href?: string };

/**
 * The graph as the API answers it: each node's object as the link to its page (`href`, in the
 * place the object had), so a client needs no page spelling of its own.
 */
export function graphWithHrefs<G extends NamespaceGraph>(graph: G): Omit<G, 'nodes'> & { nodes: LinkedNode[] } {
  const nodes = graph.nodes.map(
    (n) =>
      Object.fromEntries(
        Object.entries(n).map(([k, v]) => (k === 'object' ? ['href', objectHref(v as NodeObject)] : [k, v])),
      ) as LinkedNode,
  );
  return { ...graph, nodes };
}

type Segments = readonly string[];

/**
 * A page's route param, decoded once. Next.js (16.4) hands a page component its params still
 * percent-encoded, but generateMetadata and route handlers theirs decoded: those pass theirs to the
 * parsers below as they are, and page components pass theirs through this first (decoding twice
 * turns a name `100%` into a URIError and `x%2541` into `xA`; e2e/hostile.spec.ts checks all three).
 * The front door has refused malformed encoding before any page runs.
 */
export function pageParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `[kind, a, b?]`, or undefined when there are more segments or no name. */
function parts(segments: Segments): [string, string, string | undefined] | undefined {
  const [kind = '', a, b, ...rest] = segments;
  return rest.length > 0 || !a ? undefined : [kind, a, b];
}

/** `serviceaccount/NS/NAME`, `user/NAME`, `group/NAME`. */
export function subjectFromSegments(segments: Segments): SubjectRef | undefined {
  const [kind, a, b] = parts(segments) ?? [];
  if (!a) return undefined;
  if (kind === 'serviceaccount' && b) return { kind: 'ServiceAccount', namespace: a, name: b };
  if (kind === 'user' && !b) return { kind: 'User', name: a };
  if (kind === 'group' && !b) return { kind: 'Group', name: a };
  return undefined;
}

/** `role/NS/NAME`, `clusterrole/NAME`. */
export function roleFromSegments(segments: Segments): RoleRef | undefined {
  const [kind, a, b] = parts(segments) ?? [];
  if (!a) return undefined;
  if (kind === 'role' && b) return { kind: 'Role', namespace: a, name: b };
  if (kind === 'clusterrole' && !b) return { kind: 'ClusterRole', name: a };
  return undefined;
}

/** `rolebinding/NS/NAME`, `clusterrolebinding/NAME`. */
export function bindingFromSegments(segments: Segments): BindingRef | undefined {
  const [kind, a, b] = parts(segments) ?? [];
  if (!a) return undefined;
  if (kind === 'rolebinding' && b) return { kind: 'RoleBinding', namespace: a, name: b };
  if (kind === 'clusterrolebinding' && !b) return { kind: 'ClusterRoleBinding', name: a };
  return undefined;
}

/** The fix of a finding (its target: findingTarget) or of a dangerous grant, optionally the other choice. */
export function fixHref(
  target:
    | { finding: string; subject?: string; object?: string }
    | { role: RoleRef; ruleIndex: number; binding?: BindingRef; subject?: SubjectRef },
  choice?: string,
): string {
  const q: Record<string, string> =
    'finding' in target
      ? {
          finding: target.finding,
          ...(target.subject && { subject: target.subject }),
          ...(target.object && { object: target.object }),
        }
      : {
          role: objectKey(target.role),
          rule: String(target.ruleIndex),
          ...(target.binding && { binding: objectKey(target.binding) }),
          ...(target.subject && { subject: objectKey(target.subject) }),
        };
  return `/fix?${new URLSearchParams({ ...q, ...(choice && { choice }) })}`;
}
