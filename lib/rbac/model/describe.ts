// One way to spell engine objects as text, shared by the CLI and the app.
import type { Grant } from '../authorizer/grants';
import { CLUSTER_ADMIN, type PathGrant, type PathTarget, type Via } from '../paths/path-types';
import { objectLabel, type BindingRef, type ObjectRef, type RoleRef, type SubjectRef } from './refs';
import type { AccessRequest, PolicyRule } from './types';
import type { ActionRule, ImpersonatedActions } from '../paths/constrained-impersonation';

/** "Role ns/name", "ClusterRoleBinding name", "ServiceAccount ns/name", "User alice": kind and label. */
export function describeObject(ref: ObjectRef | SubjectRef): string {
  return `${ref.kind} ${objectLabel(ref)}`;
}

export const describeBinding: (b: BindingRef) => string = describeObject;
export const describeRole: (r: RoleRef) => string = describeObject;
export const describeSubject: (s: SubjectRef) => string = describeObject;

export function describeRule(rule: PolicyRule): string {
  const parts = [`verbs=[${rule.verbs.join(',')}]`];
  if (rule.nonResourceURLs.length > 0) parts.push(`nonResourceURLs=[${rule.nonResourceURLs.join(',')}]`);
  if (rule.resources.length > 0 || rule.apiGroups.length > 0) {
    parts.push(
      `apiGroups=[${rule.apiGroups.map((g) => (g === '' ? '""' : g)).join(',')}]`,
      `resources=[${rule.resources.join(',')}]`,
    );
  }
  if (rule.resourceNames.length > 0) parts.push(`resourceNames=[${rule.resourceNames.join(',')}]`);
  return parts.join(' ');
}

/** "RoleBinding a/x → Role a/r, rule 0: verbs=[get] …"; a role a path binds has no binding yet. */
export function describeGrant(g: Grant | PathGrant): string {
  const binding = g.binding ? `${describeBinding(g.binding)} → ` : '(bound by the path) ';
  return `${binding}${describeRole(g.role)}, rule ${g.ruleIndex}: ${describeRule(g.rule)}`;
}

/** "ServiceAccount ci/deployer", "ClusterRole admin in payments", "every permission in dev", "cluster-admin". */
export function describePathNode(n: PathTarget): string {
  if (n === CLUSTER_ADMIN) return 'cluster-admin';
  switch (n.kind) {
    case 'ServiceAccount':
    case 'User':
    case 'Group':
    case 'Role':
      return describeObject(n);
    case 'ClusterRole':
      return n.namespace
        ? `ClusterRole ${n.name} in ${n.namespace === '*' ? 'any namespace' : n.namespace}`
        : `ClusterRole ${n.name} cluster-wide`;
    case 'Namespace':
      return n.name === '*' ? 'every permission in every namespace' : `every permission in namespace ${n.name}`;
  }
}

/** "through pod ops/admin-pod", "on node node-1 (privileged pod in app), pod ops/admin-pod". */
export function describeVia(v: Via): string {
  switch (v.kind) {
    case 'Pod':
      return `through pod ${objectLabel(v)}`;
    case 'Node': {
      const how =
        v.privilegedPodIn === undefined
          ? 'nodes/proxy'
          : `privileged pod in ${v.privilegedPodIn}${v.privilegedPodBy !== undefined ? ` created by a new ${v.privilegedPodBy}` : ''}${v.relabelledFrom !== undefined ? `, relabelled from ${v.relabelledFrom} to privileged` : ''}`;
      return `on node ${v.name} (${how})${v.pod ? `, pod ${objectLabel({ kind: 'Pod', ...v.pod })}` : ''}`;
    }
    case 'Workload':
      return v.name !== undefined
        ? `through ${v.resource} ${v.namespace}/${v.name} (owner of pod ${v.namespace}/${v.pod ?? '?'})`
        : `through ${v.resource} in ${v.namespace}`;
    case 'Binding':
      return `by adding itself to ${describeBinding(v.binding)}`;
    case 'Role':
      return `by widening ${describeRole(v.role)}${v.bindsFirst ? ' after binding it' : ''}`;
  }
}

// The one spelling of resources, requests and subjects, for the CLI, the pages, the API and CSV:
// kubectl's (`deployments.apps/scale`, as `kubectl auth can-i --list` prints a rule).

/** `pods`, `pods/exec`, `deployments.apps/scale`, `*`: a rule's resource in an API group. */
export function resourceLabel(group: string, resource: string): string {
  if (resource === '*' && (group === '*' || group === '')) return '*';
  const [main, sub] = resource.split('/');
  const typed = group === '' ? main : `${main}.${group}`;
  return sub ? `${typed}/${sub}` : `${typed}`;
}

/** How kubectl spells a request's type: `pods`, `deployments.apps`, `pods/log`. */
export function describeResource(group: string, resource: string, subresource = ''): string {
  return resourceLabel(group, subresource === '' ? resource : `${resource}/${subresource}`);
}

/** "get secrets in namespace payments", "list pods across all namespaces", "get /healthz". */
export function describeRequest(r: AccessRequest): string {
  if (r.kind === 'nonResource') return `${r.verb} ${r.path}`;
  const what = `${r.verb} ${describeResource(r.group, r.resource, r.subresource)}${r.name ? ` ${r.name}` : ''}`;
  return `${what} ${r.namespace ? `in namespace ${r.namespace}` : 'across all namespaces / at cluster scope'}`;
}

/** "list secrets in namespace payments", "any verb on every resource everywhere": one impersonate-on rule as a request. */
export function describeActionRule(r: ActionRule): string {
  const verbs = r.verbs.includes('*') ? 'any verb' : r.verbs.join('/');
  const where =
    r.namespace !== '' ? `in namespace ${r.namespace}` : r.namespacedOnly ? 'in every namespace' : 'everywhere';
  if (r.nonResourceURLs.length > 0) return `${verbs} ${r.nonResourceURLs.join(', ')}`;
  const what = r.apiGroups.flatMap((g) => r.resources.map((res) => resourceLabel(g, res))).join(', ');
  const names = r.resourceNames.length > 0 ? ` named ${r.resourceNames.join(', ')}` : '';
  return `${verbs} ${what === '*' ? 'every resource' : what}${names} ${where}`;
}

/** "only list secrets in namespace payments (serviceaccount impersonation)": what a partial identity may do. */
export function describeActions(a: ImpersonatedActions): string {
  return `only ${a.rules.map(describeActionRule).join('; ')} (${a.mode} impersonation)`;
}
