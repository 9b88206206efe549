// The request shapes RBAC Atlas judges risk by, in one table: each names a request the API server
// authorizes on the way to becoming someone else or reading their credentials (impersonation.go,
// the TokenRequest and pod subresources, the RBAC registry's bind and escalate checks, the workload
// controllers). Danger labels (danger.ts), attack probes (capabilities.ts, attack-edges.ts) and
// findings (findings.ts) all name their shapes from here, so they cannot disagree on one.
import { apiGroupMatches, resourceMatches, verbMatches } from '../authorizer/match';
import type { PolicyRule } from '../model/types';
import { hasConstrainedImpersonation, websocketExecNeedsOnlyGet, type KubeVersion } from '../model/kube-version';
import { ALL_WORKLOAD_KINDS, MUTABLE_WORKLOAD_KINDS, type UpdateProbeId } from '../indexes/workloads';

const RBAC = 'rbac.authorization.k8s.io';
const AUTHENTICATION = 'authentication.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';

/** verb, API group, resource, subresource. */
export type Shape = readonly [string, string, string, string];

/** A pod is created by every workload kind's controller: creating any of them is creating pods. */
const createWorkloads: readonly Shape[] = ALL_WORKLOAD_KINDS.map((k) => ['create', k.group, k.resource, '']);

/**
 * An existing workload's pod template (not its scale or status subresources), one shape list per
 * kind whose template is mutable, from the one table of workload kinds.
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

const patchOrUpdate = (group: string, resource: string, subresource = ''): Shape[] => [
  ['patch', group, resource, subresource],
  ['update', group, resource, subresource],
];

/** pods/ephemeralcontainers update or patch: kubectl debug's container, added to a running pod. */
const EPHEMERAL_CONTAINERS = patchOrUpdate('', 'pods', 'ephemeralcontainers');

const FIXED_SHAPES = {
  impersonateUsers: [['impersonate', '', 'users', '']],
  impersonateGroups: [['impersonate', '', 'groups', '']],
  impersonateServiceAccounts: [['impersonate', '', 'serviceaccounts', '']],
  /**
   * Constrained impersonation's identity checks (KEP-5284; apiserver
   * pkg/endpoints/filters/impersonation/mode.go): verb impersonate:<mode> in authentication.k8s.io, on
   * the service account (its namespace and name), the node (its name; "*" for associated-node), the
   * user and each group (user-info). What the impersonated request may do is a second check,
   * impersonate-on:<mode>:<verb>, on the request's own attributes (constrained-impersonation.ts).
   */
  impersonateServiceAccountMode: [['impersonate:serviceaccount', AUTHENTICATION, 'serviceaccounts', '']],
  impersonateUserInfoUsers: [['impersonate:user-info', AUTHENTICATION, 'users', '']],
  impersonateUserInfoGroups: [['impersonate:user-info', AUTHENTICATION, 'groups', '']],
  impersonateArbitraryNode: [['impersonate:arbitrary-node', AUTHENTICATION, 'nodes', '']],
  impersonateAssociatedNode: [['impersonate:associated-node', AUTHENTICATION, 'nodes', '']],
  createToken: [['create', '', 'serviceaccounts', 'token']],
  createPods: [['create', '', 'pods', '']],
  /**
   * A shell or a new process in a running pod, with its service account's token: exec and attach,
   * and an ephemeral container added to the pod (pods/ephemeralcontainers update or patch: kubectl
   * debug; the container runs as the pod's service account, pkg/registry/core/pod/storage).
   */
  execPods: [['create', '', 'pods', 'exec'], ['create', '', 'pods', 'attach'], ...EPHEMERAL_CONTAINERS],
  /** An ephemeral container added to a running pod changes the pod too (the patch-pods danger). */
  patchEphemeralContainers: EPHEMERAL_CONTAINERS,
  /** The pod itself (not pods/status): a running pod's container image can be changed. */
  patchPods: patchOrUpdate('', 'pods'),
  /** A namespace's labels, among them its Pod Security level (the request's namespace is the namespace's own name). */
  patchNamespaces: patchOrUpdate('', 'namespaces'),
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
    ['update', CERTIFICATES, 'certificatesigningrequests', 'approval'],
    ['patch', CERTIFICATES, 'certificatesigningrequests', 'approval'],
  ],
  approveSigners: [['approve', CERTIFICATES, 'signers', '']],
  webhooks: [
    ['create', ADMISSION, 'mutatingwebhookconfigurations', ''],
    ['update', ADMISSION, 'mutatingwebhookconfigurations', ''],
    ['patch', ADMISSION, 'mutatingwebhookconfigurations', ''],
    ['create', ADMISSION, 'validatingwebhookconfigurations', ''],
    ['update', ADMISSION, 'validatingwebhookconfigurations', ''],
    ['patch', ADMISSION, 'validatingwebhookconfigurations', ''],
  ],
  /** Made-up names only `*` covers: a holder allowed both sentinels holds every permission there is. */
  everyResource: [['x-rbac-atlas-any-verb', 'x-rbac-atlas.invalid', 'x-rbac-atlas-any', 'x-rbac-atlas-any']],
} as const satisfies Record<string, readonly Shape[]>;

export type ShapeId = keyof typeof FIXED_SHAPES | UpdateProbeId | 'createWorkloads';

/** Every named list of request shapes (the newest version's: requestShapes says how others differ). */
export const REQUEST_SHAPES: Readonly<Record<ShapeId, readonly Shape[]>> = {
  ...FIXED_SHAPES,
  createWorkloads,
  ...updateWorkloads,
};

/** Before AuthorizePodWebsocketUpgradeCreatePermission, exec and attach over a WebSocket (a GET) need only get. */
const WEBSOCKET_EXEC: readonly Shape[] = [
  ['get', '', 'pods', 'exec'],
  ['get', '', 'pods', 'attach'],
];

/**
 * The request shapes of a Kubernetes version: exec and attach over a WebSocket are authorized as
 * `get` unless AuthorizePodWebsocketUpgradeCreatePermission is on (beta and on from 1.35,
 * pkg/registry/core/pod/rest/subresources.go); constrained impersonation's identity checks exist
 * only with ConstrainedImpersonation on (alpha 1.35, beta and on from 1.36).
 */
export function requestShapes(kube: KubeVersion): Readonly<Record<ShapeId, readonly Shape[]>> {
  const constrained = hasConstrainedImpersonation(kube);
  const getIsEnough = websocketExecNeedsOnlyGet(kube);
  if (constrained && !getIsEnough) return REQUEST_SHAPES;
  const out: Record<ShapeId, readonly Shape[]> = { ...REQUEST_SHAPES };
  if (getIsEnough) out.execPods = [...REQUEST_SHAPES.execPods, ...WEBSOCKET_EXEC];
  if (!constrained) for (const id of CONSTRAINED_IDENTITY_SHAPES) out[id] = [];
  return out;
}

/** The identity checks of constrained impersonation's modes. */
export const CONSTRAINED_IDENTITY_SHAPES = [
  'impersonateServiceAccountMode',
  'impersonateUserInfoUsers',
  'impersonateUserInfoGroups',
  'impersonateArbitraryNode',
  'impersonateAssociatedNode',
] as const satisfies readonly ShapeId[];

/** The shapes of some ids, in order. */
export function shapesOf(ids: readonly ShapeId[]): Shape[] {
  return ids.flatMap((id) => REQUEST_SHAPES[id]);
}

/** The non-resource half of "every permission": a made-up verb on a made-up path. */
export const EVERY_URL = { verb: 'x-rbac-atlas-any-verb', path: '/x-rbac-atlas-any' } as const;

/** Whether the rule allows the request shape, whatever names it is limited to (rbac.go RuleAllows without the name). */
export function ruleMatchesShape(rule: PolicyRule, [verb, group, resource, subresource]: Shape): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return verbMatches(rule, verb) && apiGroupMatches(rule, group) && resourceMatches(rule, combined, subresource);
}
