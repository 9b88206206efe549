// What a set of rules allows that matters for attack paths: each probe is one request shape the API
// server authorizes on the way to becoming someone else (impersonation.go, the TokenRequest and pod
// subresources, the RBAC registry's bind and escalate checks). A role's probes are computed once per
// role with the authorizer's own matchers; a holder's are its roles' probes at their bindings' scope.
import type { ResolvedBinding } from './bindings';
import type { PathGrant } from './path-types';
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, verbMatches } from './match';
import type { PolicyRule, Subject } from './types';
import { ALL_WORKLOAD_KINDS, MUTABLE_WORKLOAD_KINDS, type UpdateProbeId } from './workloads';
import { type BindingRef, type RoleRef } from './refs';

const RBAC = 'rbac.authorization.k8s.io';

/** verb, API group, resource, subresource. */
export type Shape = readonly [string, string, string, string];

/** A pod is created by every workload kind's controller: creating any of them is creating pods. */
const createWorkloads: readonly Shape[] = ALL_WORKLOAD_KINDS.map((k) => ['create', k.group, k.resource, '']);

/**
 * An existing workload's pod template (not its scale or status subresources), one probe per kind
 * whose template is mutable, from the one table of workload kinds.
 */
const updateWorkloads = Object.fromEntries(
  MUTABLE_WORKLOAD_KINDS.map((k): [UpdateProbeId, readonly Shape[]] => [
    k.updateProbe,
    [
      ['patch', k.group, k.resource, ''],
      ['update', k.group, k.resource, ''],
    ],
  ]),
) as Record<UpdateProbeId, readonly Shape[]>;

const BASE_PROBES = {
  impersonateUsers: [['impersonate', '', 'users', '']],
  impersonateGroups: [['impersonate', '', 'groups', '']],
  impersonateServiceAccounts: [['impersonate', '', 'serviceaccounts', '']],
  createToken: [['create', '', 'serviceaccounts', 'token']],
  createPods: [['create', '', 'pods', '']],
  execPods: [
    ['create', '', 'pods', 'exec'],
    ['create', '', 'pods', 'attach'],
    ['update', '', 'pods', 'ephemeralcontainers'],
    ['patch', '', 'pods', 'ephemeralcontainers'],
  ],
  /** The pod itself (not pods/status): a running pod's container image can be changed. */
  patchPods: [
    ['patch', '', 'pods', ''],
    ['update', '', 'pods', ''],
  ],
  /** A namespace's labels, among them its Pod Security level (the request's namespace is the namespace's own name). */
  patchNamespaces: [
    ['patch', '', 'namespaces', ''],
    ['update', '', 'namespaces', ''],
  ],
  nodesProxy: [
    ['get', '', 'nodes', 'proxy'],
    ['create', '', 'nodes', 'proxy'],
  ],
  createRoleBindings: [['create', RBAC, 'rolebindings', '']],
  updateRoleBindings: [
    ['update', RBAC, 'rolebindings', ''],
    ['patch', RBAC, 'rolebindings', ''],
  ],
  createClusterRoleBindings: [['create', RBAC, 'clusterrolebindings', '']],
  updateClusterRoleBindings: [
    ['update', RBAC, 'clusterrolebindings', ''],
    ['patch', RBAC, 'clusterrolebindings', ''],
  ],
  bindRoles: [['bind', RBAC, 'roles', '']],
  bindClusterRoles: [['bind', RBAC, 'clusterroles', '']],
  updateRoles: [
    ['update', RBAC, 'roles', ''],
    ['patch', RBAC, 'roles', ''],
  ],
  updateClusterRoles: [
    ['update', RBAC, 'clusterroles', ''],
    ['patch', RBAC, 'clusterroles', ''],
  ],
  escalateRoles: [['escalate', RBAC, 'roles', '']],
  escalateClusterRoles: [['escalate', RBAC, 'clusterroles', '']],
  readSecrets: [
    ['get', '', 'secrets', ''],
    ['list', '', 'secrets', ''],
    ['watch', '', 'secrets', ''],
  ],
  approveCsr: [
    ['update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval'],
    ['patch', 'certificates.k8s.io', 'certificatesigningrequests', 'approval'],
  ],
  approveSigners: [['approve', 'certificates.k8s.io', 'signers', '']],
  webhooks: [
    ['create', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', ''],
    ['update', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', ''],
    ['patch', 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', ''],
    ['create', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', ''],
    ['update', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', ''],
    ['patch', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', ''],
  ],
  /** Made-up names only `*` covers: a holder allowed both sentinels holds every permission there is. */
  everyResource: [['x-rbac-atlas-any-verb', 'x-rbac-atlas.invalid', 'x-rbac-atlas-any', 'x-rbac-atlas-any']],
} as const satisfies Record<string, readonly Shape[]>;

export const PROBES: Readonly<Record<keyof typeof BASE_PROBES | UpdateProbeId | 'createWorkloads', readonly Shape[]>> =
  { ...BASE_PROBES, createWorkloads, ...updateWorkloads };

export type ProbeId = keyof typeof PROBES;

/** The non-resource half of "every permission": a made-up verb on a made-up path. */
export const EVERY_URL = { verb: 'x-rbac-atlas-any-verb', path: '/x-rbac-atlas-any' } as const;

/** Names allowed by a rule: every name, or those listed in resourceNames. */
export type Names = 'any' | readonly string[];

export function namesAllow(names: Names, name: string): boolean {
  return names === 'any' || names.includes(name);
}

export interface RuleMatch {
  ruleIndex: number;
  names: Names;
  /** Which shape of the probe matched first (a workload kind, exec or attach). */
  shape: Shape;
}

export type RoleProbes = Partial<Record<ProbeId, RuleMatch[]>> & { everyUrl?: RuleMatch[] };

export function ruleMatchesShape(rule: PolicyRule, [verb, group, resource, subresource]: Shape): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return verbMatches(rule, verb) && apiGroupMatches(rule, group) && resourceMatches(rule, combined, subresource);
}

/** Every probe a role's rules allow, with the names each rule limits it to. */
export function roleProbes(rules: readonly PolicyRule[]): RoleProbes {
  const out: RoleProbes = {};
  rules.forEach((rule, ruleIndex) => {
    const names: Names = rule.resourceNames.length === 0 ? 'any' : rule.resourceNames;
    for (const id of Object.keys(PROBES) as ProbeId[]) {
      const shape = PROBES[id].find((s) => ruleMatchesShape(rule, s));
      if (shape) (out[id] ??= []).push({ ruleIndex, names, shape });
    }
    if (verbMatches(rule, EVERY_URL.verb) && nonResourceURLMatches(rule, EVERY_URL.path))
      (out.everyUrl ??= []).push({ ruleIndex, names: 'any', shape: ['', '', '', ''] });
  });
  return out;
}

/**
 * Rules held at a scope: "" through a ClusterRoleBinding (every namespace and cluster scope), else
 * one namespace. Plain data, no closures: a 10,000-namespace cluster holds a few hundred thousand.
 */
export interface Held {
  scope: string;
  /** Held in every namespace through one RoleBinding each: scope "" but nothing cluster-scoped. */
  namespacedOnly?: boolean;
  probes: RoleProbes;
  rules: readonly PolicyRule[];
  /** The role these rules are (for ROLE_ESCALATE: a role one is bound to); none for a namespace's every permission. */
  role?: RoleRef;
  /** The binding the rules come through, and its subject that applies; none for a role a path binds. */
  binding?: BindingRef;
  subject?: Subject;
}

/** Stands for "every permission of a namespace", which no role of the cluster is. */
const ANY_ROLE: RoleRef = { kind: 'ClusterRole', name: '*' };

/** Where rule N of a holder came from: the why of a step. */
export function grantOf(h: Held, ruleIndex: number): PathGrant {
  return {
    ...(h.binding && { binding: h.binding }),
    role: h.role ?? ANY_ROLE,
    ruleIndex,
    rule: h.rules[ruleIndex]!,
    ...(h.subject && { subject: h.subject }),
  };
}

/** One allowance of a probe: at a scope, for some names, and why. */
export interface Allowance {
  scope: string;
  namespacedOnly?: boolean;
  names: Names;
  shape: Shape;
  grant: PathGrant;
}

export function allowances(held: readonly Held[], probe: ProbeId | 'everyUrl'): Allowance[] {
  const out: Allowance[] = [];
  for (const h of held)
    for (const m of h.probes[probe] ?? [])
      out.push({
        scope: h.scope,
        ...(h.namespacedOnly && { namespacedOnly: true }),
        names: m.names,
        shape: m.shape,
        grant: grantOf(h, m.ruleIndex),
      });
  return out;
}

/** The first allowance of a namespaced request in `namespace` on `name`. */
export function allowanceFor(list: readonly Allowance[], namespace: string, name: string): Allowance | undefined {
  return list.find((a) => (a.scope === '' || a.scope === namespace) && namesAllow(a.names, name));
}

/** A create on a collection carries no name, so a rule limited to resourceNames never allows it. */
export function nameless(list: readonly Allowance[]): Allowance[] {
  return list.filter((a) => a.names === 'any');
}

/** Held rules of a resolved binding, through the subject that applies. */
export function heldOfBinding(bound: ResolvedBinding, subject: Subject, probes: RoleProbes): Held | undefined {
  if (!bound.role) return undefined;
  return { scope: bound.namespace, probes, rules: bound.rules, role: bound.role, binding: bound.binding, subject };
}
