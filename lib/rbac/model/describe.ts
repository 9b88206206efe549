// One way to spell engine objects as text, shared by the CLI and the app.
import type { Grant } from '../authorizer/grants';
import { CLUSTER_ADMIN, type PathGrant, type PathTarget, type Via } from '../paths/path-types';
import { objectLabel, type BindingRef, type ObjectRef, type RoleRef, type SubjectRef } from './refs';
import type { NearMiss, NearMissKind } from '../authorizer/near-misses';
import type { AccessRequest, PolicyRule, Subject } from './types';
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

// Why not: one set of words for a near miss (authorizer/near-misses.ts), for the CLI, the API and the pages.

/** A near miss in words: where, which attribute, what the binding or rule says, what the request has, the fix. */
export interface NearMissWords {
  /** "RoleBinding payments/rb → Role payments/reader, rule 2". */
  where: string;
  /** "verb", "resource name", "namespace", "subject kind"… */
  attribute: string;
  says: string;
  has: string;
  /** One sentence: what would make it match. */
  fix: string;
}

const ATTRIBUTES: Record<NearMissKind, string> = {
  resourceName: 'resource name',
  verb: 'verb',
  nonResourceURL: 'non-resource URL',
  resource: 'resource',
  apiGroup: 'API group',
  namespace: 'namespace',
  clusterScope: 'scope',
  subjectNamespace: 'subject namespace',
  subjectKind: 'subject kind',
  missingRole: 'role',
};

const listed = (xs: readonly string[]) => `[${xs.map((x) => (x === '' ? '""' : x)).join(', ')}]`;
const quoted = (x: string) => `\`${x === '' ? '""' : x}\``;

/** A binding's subject as stored: "ServiceAccount ns/name", "ServiceAccount name (no namespace)", "Group ops". */
export function describeStoredSubject(s: Subject): string {
  if (s.kind === 'ServiceAccount')
    return `ServiceAccount ${s.namespace ? `${s.namespace}/${s.name}` : `${s.name} (no namespace)`}`;
  return `${s.kind} ${s.name}`;
}

export function describeNearMiss(m: NearMiss, request: AccessRequest): NearMissWords {
  const role = describeObject(m.role);
  const rule = m.ruleIndex !== undefined ? `, rule ${m.ruleIndex}` : '';
  const where = `${describeBinding(m.binding)} → ${role}${m.kind === 'missingRole' ? ' (missing)' : rule}`;
  const words = m.rule && isRuleKind(m.kind) ? ruleWords(m, m.rule, request) : bindingWords(m, request);
  return { where, attribute: ATTRIBUTES[m.kind], ...words };
}

const isRuleKind = (k: NearMissKind) =>
  k === 'verb' || k === 'apiGroup' || k === 'resource' || k === 'resourceName' || k === 'nonResourceURL';

type Words = Pick<NearMissWords, 'says' | 'has' | 'fix'>;

/** A rule one attribute off: the attribute's list in the rule, the request's value, and what to add. */
function ruleWords(m: NearMiss, rule: PolicyRule, r: AccessRequest): Words {
  // An aggregating ClusterRole's rules are copies the controller rewrites: the fix goes in their source.
  const ruleOf = m.fixIn
    ? `rule ${m.fixIn.ruleIndex} of ${describeObject(m.fixIn.role)} (aggregated into ${describeObject(m.role)})`
    : `rule ${m.ruleIndex} of ${describeObject(m.role)}`;
  const of = `of ${ruleOf}`;
  const add = (value: string, field: string) => `add ${quoted(value)} to ${field} ${of}`;
  if (r.kind === 'nonResource' || m.kind === 'verb') {
    if (m.kind === 'verb') return { says: `verbs ${listed(rule.verbs)}`, has: r.verb, fix: add(r.verb, 'verbs') };
    const path = r.kind === 'nonResource' ? r.path : '';
    return { says: `nonResourceURLs ${listed(rule.nonResourceURLs)}`, has: path, fix: add(path, 'nonResourceURLs') };
  }
  if (m.kind === 'apiGroup')
    return { says: `apiGroups ${listed(rule.apiGroups)}`, has: quoted(r.group), fix: add(r.group, 'apiGroups') };
  if (m.kind === 'resource') {
    const combined = r.subresource === '' ? r.resource : `${r.resource}/${r.subresource}`;
    return { says: `resources ${listed(rule.resources)}`, has: combined, fix: add(combined, 'resources') };
  }
  const says = `resourceNames ${listed(rule.resourceNames)}`;
  if (r.name !== '') return { says, has: r.name, fix: add(r.name, 'resourceNames') };
  // rbac.go: a rule with resourceNames never matches a request without a name (list, watch, a nameless create).
  return {
    says,
    has: 'no name',
    fix: `remove resourceNames from ${ruleOf} (a request without a name matches only a rule that names none)`,
  };
}

/** What is off in the binding itself: where it grants, whom it names, the role it names. */
function bindingWords(m: NearMiss, r: AccessRequest): Words {
  const binding = describeBinding(m.binding);
  const role = describeObject(m.role);
  const inNs = `in namespace ${m.binding.namespace ?? ''} only`;
  switch (m.kind) {
    case 'namespace': {
      const ns = r.kind === 'resource' ? r.namespace : '';
      const fix =
        m.role.kind === 'ClusterRole'
          ? `bind ${role} with a RoleBinding in namespace ${ns}`
          : `create a Role with rule ${m.ruleIndex} of ${role} in namespace ${ns} and bind it there`;
      return { says: `a RoleBinding grants ${inNs}`, has: `namespace ${ns}`, fix };
    }
    case 'clusterScope': {
      const fix =
        m.role.kind === 'ClusterRole'
          ? `bind ${role} with a ClusterRoleBinding`
          : `put rule ${m.ruleIndex} of ${role} in a ClusterRole and bind it with a ClusterRoleBinding`;
      const has = r.kind === 'nonResource' ? 'a non-resource URL (cluster scope)' : 'cluster scope (or all namespaces)';
      return { says: `a RoleBinding grants ${inNs}`, has, fix };
    }
    case 'missingRole':
      return {
        says: `roleRef ${role}, which does not exist`,
        has: describeRequest(r),
        fix: `create ${role} with a rule that allows ${describeRequest(r)}`,
      };
    default: {
      const fixed = m.fixedSubject ? describeSubject(m.fixedSubject) : '';
      const stored = describeStoredSubject(m.subject);
      return {
        says: `subject ${stored}`,
        has: fixed,
        fix: `name ${fixed} in the subjects of ${binding} (${stored} is someone else)`,
      };
    }
  }
}

/** The whole near miss on one line: "RoleBinding a/x → Role a/r, rule 2: verb — the rule says …; the request has …. Fix: …". */
export function nearMissLine(w: NearMissWords): string {
  return `${w.where}: ${w.attribute} — it says ${w.says}; the request has ${w.has}. Fix: ${w.fix}.`;
}
