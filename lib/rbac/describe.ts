// One way to spell engine objects as text, shared by the CLI and the app.
import type { BindingRef, RoleRefResolved } from './bindings';
import type { Grant } from './grants';
import { subjectLabel, subjectRefOf } from './subjects';
import type { AccessRequest, PolicyRule, Subject } from './types';

export function describeBinding(b: BindingRef): string {
  return b.namespace ? `${b.kind} ${b.namespace}/${b.name}` : `${b.kind} ${b.name}`;
}

export function describeRole(r: RoleRefResolved): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function describeSubject(s: Subject, bindingNamespace = ''): string {
  const ref = subjectRefOf(s, bindingNamespace);
  return ref ? `${ref.kind} ${subjectLabel(ref)}` : `${s.kind} ${s.name}`;
}

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

/** "RoleBinding a/x → Role a/r, rule 0: verbs=[get] …" */
export function describeGrant(g: Grant): string {
  return `${describeBinding(g.binding)} → ${describeRole(g.role)}, rule ${g.ruleIndex}: ${describeRule(g.rule)}`;
}

/** `pods`, `pods/exec`, `deployments.apps`, `*`: how a rule's resource in an API group reads in kubectl. */
export function resourceLabel(group: string, resource: string): string {
  if (resource === '*' && (group === '*' || group === '')) return '*';
  const [main, sub] = resource.split('/');
  const typed = group === '' ? main : `${main}.${group}`;
  return sub ? `${typed}/${sub}` : `${typed}`;
}

/** How kubectl spells a request's type: `pods`, `deployments.apps`, `pods/log`. */
export function describeResource(group: string, resource: string, subresource = ''): string {
  const type = group === '' ? resource : `${resource}.${group}`;
  return subresource === '' ? type : `${type}/${subresource}`;
}

/** "get secrets in namespace payments", "list pods across all namespaces", "get /healthz". */
export function describeRequest(r: AccessRequest): string {
  if (r.kind === 'nonResource') return `${r.verb} ${r.path}`;
  const what = `${r.verb} ${describeResource(r.group, r.resource, r.subresource)}${r.name ? ` ${r.name}` : ''}`;
  return `${what} ${r.namespace ? `in namespace ${r.namespace}` : 'across all namespaces / at cluster scope'}`;
}
