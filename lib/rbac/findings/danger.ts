// Grants that let a subject become more powerful, as data: each entry names the request shapes it
// is about (request-shapes.ts, the table attack probes and findings read too), and a rule carries
// the danger when the authorizer's own matcher would allow one of them.
// (The shape of rbac-tool's default rules: a list of named findings, not code paths.)
import type { Grant } from '../authorizer/grants';
import { CONSTRAINED_IDENTITY_SHAPES, REQUEST_SHAPES, ruleMatchesShape, type ShapeId } from './request-shapes';
import type { PolicyRule } from '../model/types';
import { MUTABLE_WORKLOAD_KINDS } from '../indexes/workloads';

/** The danger labels: each rule's, and cluster-admin's own (a grant through it names no other). */
export type DangerId =
  | 'wildcard'
  | 'escalate'
  | 'bind'
  | 'impersonate'
  | 'create-pods'
  | 'patch-pods'
  | 'update-workloads'
  | 'relabel-namespaces'
  | 'read-secrets'
  | 'cluster-admin';

export interface Danger {
  id: DangerId;
  title: string;
}

interface DangerRule extends Danger {
  /** The request shapes (request-shapes.ts) that make the danger. */
  shapes?: readonly ShapeId[];
  test?: (rule: PolicyRule) => boolean;
}

export const DANGER_RULES: readonly DangerRule[] = [
  {
    id: 'wildcard',
    title: 'wildcard: every verb or every resource',
    test: (rule) => rule.verbs.includes('*') || rule.resources.includes('*') || rule.nonResourceURLs.includes('*'),
  },
  {
    id: 'escalate',
    title: 'escalate: create roles with permissions one does not hold',
    shapes: ['escalateRoles', 'escalateClusterRoles'],
  },
  { id: 'bind', title: 'bind: bind roles one does not hold', shapes: ['bindRoles', 'bindClusterRoles'] },
  {
    id: 'impersonate',
    title: 'impersonate: act as other users, groups, service accounts or nodes',
    // Constrained impersonation's identity checks are the same danger: what the impersonated
    // requests may do is limited by impersonate-on, not whom they act as.
    shapes: ['impersonateUsers', 'impersonateGroups', 'impersonateServiceAccounts', ...CONSTRAINED_IDENTITY_SHAPES],
  },
  {
    // A workload's controller creates its pods, and an ephemeral container runs in a pod as its
    // service account: both are the same danger as creating a pod or exec-ing into one.
    id: 'create-pods',
    title: 'create pods or exec into them: run as any service account of the namespace',
    shapes: ['createPods', 'execPods', 'createWorkloads'],
  },
  {
    id: 'patch-pods',
    title: "patch pods: change a running pod's image and run with its token",
    shapes: ['patchPods', 'patchEphemeralContainers'],
  },
  {
    id: 'update-workloads',
    title: "update workloads: change a pod template's service account",
    shapes: MUTABLE_WORKLOAD_KINDS.map((k) => k.updateProbe),
  },
  { id: 'relabel-namespaces', title: 'patch namespaces: lift a Pod Security level', shapes: ['patchNamespaces'] },
  { id: 'read-secrets', title: 'read secrets: service-account tokens and credentials', shapes: ['readSecrets'] },
];

/** Every danger a rule carries, whatever names it is limited to (one named secret is still read). */
export function ruleDangers(rule: PolicyRule): Danger[] {
  return DANGER_RULES.filter(
    (d) => d.test?.(rule) || d.shapes?.some((id) => REQUEST_SHAPES[id].some((shape) => ruleMatchesShape(rule, shape))),
  ).map(({ id, title }) => ({ id, title }));
}

/** Anything granted through cluster-admin is dangerous, whatever the rule. */
export function grantDangers(g: Pick<Grant, 'rule' | 'role'>): Danger[] {
  const dangers = ruleDangers(g.rule);
  if (g.role.kind === 'ClusterRole' && g.role.name === 'cluster-admin' && dangers.length === 0) {
    return [{ id: 'cluster-admin', title: 'granted through cluster-admin' }];
  }
  return dangers;
}
