// The view's highlighted request: which subjects, bindings and roles allow it, resolved as the
// API server would authorize it in the namespace.
import {
  describeRequest,
  describeResource,
  identityOfSubject,
  type Engine,
  type ResourceRequest,
  type SubjectRef,
  resolveRequest,
  type DiscoveredTypes,
  type Rewrite,
} from '@/lib/rbac';
import { resourceNodeId } from './node-ids';
import type { NamespaceGraph } from './types';
import type { ViewOptions as ViewParams } from './view-options';
import { BUILTIN_IDENTITIES_NODE, BuiltinGroup } from './builtin-chain';
import { Folded } from './folded-subjects';
import { GraphBuilder } from './graph-builder';

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
export function highlight(
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
