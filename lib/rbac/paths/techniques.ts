// The ways one identity becomes another, as data (the shape of KubeHound's edge catalogue and
// rbac-tool's analysis rules): each step of an attack path names one of these, and the engine
// computes the step from the authorizer's own rule matchers and the API server's checks.
import type { ShapeId } from '../findings/request-shapes';
import { ALL_WORKLOAD_KINDS, MUTABLE_WORKLOAD_KINDS, kindList } from '../indexes/workloads';

const CREATES_PODS = kindList(ALL_WORKLOAD_KINDS);
const TEMPLATE_MUTABLE = kindList(MUTABLE_WORKLOAD_KINDS);
export type TechniqueId =
  | 'IMPERSONATE'
  | 'IMPERSONATE_SERVICEACCOUNT'
  | 'IMPERSONATE_USER_INFO'
  | 'IMPERSONATE_ARBITRARY_NODE'
  | 'IMPERSONATE_ASSOCIATED_NODE'
  | 'TOKEN_REQUEST'
  | 'POD_CREATE'
  | 'POD_EXEC'
  | 'POD_PATCH'
  | 'WORKLOAD_UPDATE'
  | 'NODE_ESCAPE'
  | 'NAMESPACE_RELABEL'
  | 'ROLE_BIND'
  | 'ROLE_ESCALATE';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface Technique {
  id: TechniqueId;
  title: string;
  /** MITRE ATT&CK (Enterprise / Containers) technique id and name. */
  mitre: { id: string; name: string };
  severity: Severity;
  /** The request shapes (request-shapes.ts) its steps are computed from, alone or together. */
  shapes: readonly ShapeId[];
  description: string;
  remediation: string;
  references: string[];
}

const CONSTRAINED_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation';
const KEP = 'https://github.com/kubernetes/enhancements/issues/5284';
const LIMITED =
  "What the impersonated identity may do is only what both its own rules and the requester's " +
  '`impersonate-on:<mode>:<verb>` rules allow (checked on the request itself: verb, resource, namespace, name), ' +
  "so a path through it goes on only through requests those rules allow; the API server's own checks made as " +
  'that identity (bind, escalate) use all its rules. Kubernetes 1.35 (alpha) and 1.36 (beta, on by default), ' +
  'feature gate ConstrainedImpersonation; the modes are tried before legacy impersonation, the first that allows ' +
  'the request wins.';

const constrained = (
  id: TechniqueId,
  title: string,
  shapes: readonly ShapeId[],
  whom: string,
  remediation: string,
): Technique => ({
  id,
  title,
  mitre: { id: 'T1078', name: 'Valid Accounts' },
  severity: 'high',
  shapes,
  description: `${whom} ${LIMITED}`,
  remediation,
  references: [CONSTRAINED_DOCS, KEP],
});

const CONSTRAINED_TECHNIQUES = {
  IMPERSONATE_SERVICEACCOUNT: constrained(
    'IMPERSONATE_SERVICEACCOUNT',
    'Impersonate a service account for some requests (constrained impersonation)',
    ['impersonateServiceAccountMode'],
    '`impersonate:serviceaccount` on `serviceaccounts` in `authentication.k8s.io` (the namespace and name are the ' +
      "service account's) lets a request act as that service account, with its groups fixed by the API server.",
    'Grant impersonate:serviceaccount only with resourceNames, and impersonate-on only for the requests the ' +
      'delegation needs; never on a service account that can change RBAC.',
  ),
  IMPERSONATE_USER_INFO: constrained(
    'IMPERSONATE_USER_INFO',
    'Impersonate a user and groups for some requests (constrained impersonation)',
    ['impersonateUserInfoUsers', 'impersonateUserInfoGroups'],
    '`impersonate:user-info` on `users` (and on `groups`, each by name) in `authentication.k8s.io` lets a request ' +
      'act as a user that is neither a service account nor a node, with the groups allowed; `system:masters` is ' +
      'always refused in this mode.',
    'Grant impersonate:user-info only with resourceNames naming the users and groups meant to be used.',
  ),
  IMPERSONATE_ARBITRARY_NODE: constrained(
    'IMPERSONATE_ARBITRARY_NODE',
    'Impersonate a node for some requests (constrained impersonation)',
    ['impersonateArbitraryNode'],
    '`impersonate:arbitrary-node` on `nodes` in `authentication.k8s.io` (by node name) lets a request act as ' +
      '`system:node:<name>` in group `system:nodes`. RBAC Atlas models what RBAC grants that identity, not the ' +
      'Node authorizer, which grants a node more (the secrets and tokens of its pods).',
    'Grant impersonate:arbitrary-node only to node-management components, with resourceNames.',
  ),
  IMPERSONATE_ASSOCIATED_NODE: constrained(
    'IMPERSONATE_ASSOCIATED_NODE',
    'Impersonate the node one runs on for some requests (constrained impersonation)',
    ['impersonateAssociatedNode'],
    '`impersonate:associated-node` on `nodes` in `authentication.k8s.io` (checked with name `*`) lets a service ' +
      "account whose token is bound to a pod act as that pod's node. RBAC Atlas takes the nodes of the service " +
      "account's pods that mount a token (a pod-bound token carries its node's name).",
    'Grant impersonate:associated-node only to node agents (DaemonSets) that need it.',
  ),
} satisfies Partial<Record<TechniqueId, Technique>>;

const RBAC_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
const GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

export const TECHNIQUES: Readonly<Record<TechniqueId, Technique>> = {
  IMPERSONATE: {
    id: 'IMPERSONATE',
    title: 'Impersonate a user, group or service account',
    mitre: { id: 'T1078', name: 'Valid Accounts' },
    severity: 'high',
    shapes: ['impersonateUsers', 'impersonateGroups', 'impersonateServiceAccounts'],
    description:
      'The `impersonate` verb on users, groups or serviceaccounts lets a request carry Impersonate-User and ' +
      'Impersonate-Group headers and be authorized as that identity. A group needs a user to go with it, so a ' +
      'group step also needs impersonate on some user or service account. Impersonation does not chain: an ' +
      "impersonated identity's own impersonate grants are not usable through headers.",
    remediation:
      'Grant impersonate only with resourceNames naming the identities meant to be used, and never on groups ' +
      'such as system:masters.',
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
      `${GOOD_PRACTICES}#impersonate-verb`,
    ],
  },
  ...CONSTRAINED_TECHNIQUES,
  TOKEN_REQUEST: {
    id: 'TOKEN_REQUEST',
    title: 'Request a token for a service account',
    mitre: { id: 'T1528', name: 'Steal Application Access Token' },
    severity: 'high',
    shapes: ['createToken'],
    description:
      '`create` on `serviceaccounts/token` returns a signed token for that service account (TokenRequest), ' +
      'usable from anywhere the API server is reachable.',
    remediation: 'Grant create serviceaccounts/token only to the components that mint tokens, with resourceNames.',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/'],
  },
  POD_CREATE: {
    id: 'POD_CREATE',
    title: 'Create a pod that runs as any service account of the namespace',
    mitre: { id: 'T1610', name: 'Deploy Container' },
    severity: 'medium',
    shapes: ['createPods', 'createWorkloads'],
    description:
      'Whoever may create pods in a namespace may name any of its service accounts in `serviceAccountName` and ' +
      `mount its token; the same holds for every workload kind whose controller creates pods (${CREATES_PODS}).`,
    remediation:
      'Keep powerful service accounts in namespaces where only their owners may create workloads, or set ' +
      'automountServiceAccountToken: false on them.',
    references: [`${GOOD_PRACTICES}#workload-creation`],
  },
  POD_EXEC: {
    id: 'POD_EXEC',
    title: "Exec into a pod and read its service account's token",
    mitre: { id: 'T1609', name: 'Container Administration Command' },
    severity: 'medium',
    shapes: ['execPods'],
    description:
      '`create` on `pods/exec` or `pods/attach`, or `update`/`patch` on `pods/ephemeralcontainers`, runs ' +
      'commands in a pod, which can read the token mounted at /var/run/secrets/kubernetes.io/serviceaccount. ' +
      'Only pods that mount a token (automountServiceAccountToken from the pod, else its service account) count.',
    remediation: 'Grant exec and attach per pod with resourceNames, or not at all for pods that carry powerful tokens.',
    references: [`${GOOD_PRACTICES}#workload-creation`],
  },
  POD_PATCH: {
    id: 'POD_PATCH',
    title: "Patch a running pod's image and run code with its token",
    mitre: { id: 'T1610', name: 'Deploy Container' },
    severity: 'medium',
    shapes: ['patchPods'],
    description:
      "`patch` or `update` on `pods` (the pod itself, not `pods/status`) may change a container's image, the one " +
      'container field an update may change (ValidatePodUpdate); the kubelet restarts the container with the new ' +
      "image and the pod's mounted service-account token. Only running pods that mount a token count, limited " +
      'to the pods named in resourceNames (KubeHound: POD_PATCH).',
    remediation:
      'Do not grant patch or update on pods to people or controllers that do not own them; workload controllers ' +
      'need them only for the pods they create.',
    references: [
      'https://kubehound.io/reference/attacks/POD_PATCH/',
      'https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement',
    ],
  },
  WORKLOAD_UPDATE: {
    id: 'WORKLOAD_UPDATE',
    title: "Change an existing workload's pod template to run as another service account",
    mitre: { id: 'T1610', name: 'Deploy Container' },
    severity: 'medium',
    shapes: MUTABLE_WORKLOAD_KINDS.map((k) => k.updateProbe),
    description:
      `\`patch\` or \`update\` on a workload whose pod template may change (${TEMPLATE_MUTABLE}) changes that ` +
      'template, `serviceAccountName` included; its controller creates the new pods, which run as any service ' +
      'account of the namespace (the ServiceAccount admission plugin only checks that it exists). As a step of a ' +
      "path the workload must exist: RBAC Atlas does not read workloads, it knows them from pods' owner references " +
      "(a Deployment from its ReplicaSet's name and the pod-template-hash label). A workload with no pod (a " +
      'Deployment scaled to zero, a DaemonSet matching no node) and every CronJob (it owns Jobs, never pods, and ' +
      "a Job's name does not tell a CronJob's from one made by hand) cannot be known exactly, so they make no step; " +
      "the grant is a finding all the same, saying that no workload of that kind was seen. A Job's pod template " +
      'cannot change once created; `/scale` and `/status` are other requests.',
    remediation:
      'Grant patch and update on workloads only where every service account of the namespace may be used, or ' +
      'keep powerful service accounts in namespaces of their own.',
    references: [
      `${GOOD_PRACTICES}#workload-creation`,
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment',
    ],
  },
  NODE_ESCAPE: {
    id: 'NODE_ESCAPE',
    title: 'Reach a node and read the tokens of every pod on it',
    mitre: { id: 'T1611', name: 'Escape to Host' },
    severity: 'high',
    shapes: ['createPods', 'createWorkloads', 'nodesProxy'],
    description:
      'Creating pods in a namespace whose `pod-security.kubernetes.io/enforce` label is `privileged` or absent ' +
      'allows a privileged pod with a chosen `spec.nodeName`, which reads the tokens of every pod on that node; ' +
      'creating a workload there does too (Pod Security admission enforces on the pods its controller creates, ' +
      'and only warns on the workload) ' +
      "(this assumes the cluster's default admission allows privileged pods). `get` or `create` on `nodes/proxy` " +
      "reaches the kubelet's exec endpoint of every pod on the node directly.",
    remediation:
      'Label every namespace with pod-security.kubernetes.io/enforce: baseline or restricted, and grant nodes/proxy ' +
      'to monitoring agents only with get and resourceNames where possible.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      `${GOOD_PRACTICES}#nodes-proxy`,
    ],
  },
  NAMESPACE_RELABEL: {
    id: 'NAMESPACE_RELABEL',
    title: "Relabel a namespace's Pod Security level, then reach a node from a privileged pod",
    mitre: { id: 'T1611', name: 'Escape to Host' },
    severity: 'high',
    shapes: ['patchNamespaces', 'createPods', 'createWorkloads'],
    description:
      '`patch` or `update` on a namespace (the request is in that namespace, so a RoleBinding there grants it) ' +
      'sets `pod-security.kubernetes.io/enforce: privileged`; with `create` on pods (or on a workload) there, a ' +
      'privileged pod with a ' +
      'chosen `spec.nodeName` is then admitted and reads the tokens of every pod on that node, as NODE_ESCAPE ' +
      "(IceKube: PATCH_NAMESPACE_TO_BYPASS_PSA). This assumes the cluster's default admission allows privileged " +
      'pods once the label allows them.',
    remediation:
      'Grant patch and update on namespaces only to cluster administrators; a namespace admin role should not ' +
      'include them.',
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://github.com/WithSecureLabs/IceKube',
    ],
  },
  ROLE_BIND: {
    id: 'ROLE_BIND',
    title: 'Bind a role one does not hold',
    mitre: { id: 'T1098', name: 'Account Manipulation' },
    severity: 'high',
    shapes: [
      'createRoleBindings',
      'createClusterRoleBindings',
      'updateRoleBindings',
      'updateClusterRoleBindings',
      'bindRoles',
      'bindClusterRoles',
    ],
    description:
      'Creating a RoleBinding or ClusterRoleBinding (or changing the subjects of an existing one) is refused ' +
      'unless the creator holds `bind` on the role or already holds every permission in it ' +
      '(pkg/registry/rbac/validation). With `bind`, the creator grants itself the role.',
    remediation: 'Grant bind only with resourceNames naming the roles meant to be handed out.',
    references: [`${RBAC_DOCS}#restrictions-on-role-binding-creation-or-update`],
  },
  ROLE_ESCALATE: {
    id: 'ROLE_ESCALATE',
    title: 'Add permissions to a role one is bound to',
    mitre: { id: 'T1098', name: 'Account Manipulation' },
    severity: 'high',
    shapes: ['updateRoles', 'updateClusterRoles', 'escalateRoles', 'escalateClusterRoles'],
    description:
      'Updating a Role or ClusterRole is refused unless the updater holds `escalate` on it or already holds the ' +
      'added rules. With `escalate` and `update`/`patch` on a role it is bound to (or can bind), a subject can ' +
      "add any rule: every permission in the binding's scope.",
    remediation: 'Grant escalate only to RBAC administrators, never together with update on roles bound to others.',
    references: [`${RBAC_DOCS}#restrictions-on-role-creation-or-update`],
  },
};
