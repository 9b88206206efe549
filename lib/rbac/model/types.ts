import type { KubeVersion } from './kube-version';
// The engine's input: the RBAC-relevant parts of a cluster's objects, already validated at the edge
// (lib/k8s). Field names follow the Kubernetes API so that a reader can hold both side by side.

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Labels;
  matchExpressions: LabelSelectorRequirement[];
}

export interface Role {
  namespace: string;
  name: string;
  labels: Labels;
  rules: PolicyRule[];
  /** metadata.creationTimestamp (RFC 3339), when the source had it. */
  created?: string;
}

export interface ClusterRole {
  name: string;
  labels: Labels;
  rules: PolicyRule[];
  /**
   * The authorizer reads a ClusterRole's `rules`, never this: file sources fill `rules` as the
   * aggregation controller would (aggregation.ts) before the engine sees them; live ones keep them.
   */
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  /** metadata.creationTimestamp (RFC 3339), when the source had it. */
  created?: string;
}

/** A binding's subject exactly as stored; `kind` stays a string because unknown kinds match nobody. */
export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

/** A binding's roleRef as written: its kind may name nothing the authorizer resolves. */
export interface BindingRoleRef {
  kind: string;
  name: string;
  apiGroup: string;
}

export interface RoleBinding {
  namespace: string;
  name: string;
  labels: Labels;
  roleRef: BindingRoleRef;
  subjects: Subject[];
  /** metadata.creationTimestamp (RFC 3339), when the source had it. */
  created?: string;
}

export interface ClusterRoleBinding {
  name: string;
  labels: Labels;
  roleRef: BindingRoleRef;
  subjects: Subject[];
  /** metadata.creationTimestamp (RFC 3339), when the source had it. */
  created?: string;
}

export interface ServiceAccount {
  namespace: string;
  name: string;
  /** metadata.uid, when the source had it: a bound token names its object by name and uid. */
  uid?: string;
  automountServiceAccountToken?: boolean;
  /**
   * The Secrets its `.secrets` names, when any: where the token controller listed the account's
   * legacy, long-lived token Secret (before Kubernetes 1.24), and pods' mountable Secrets. The app
   * never reads Secrets, so which of them hold a token is not known.
   */
  secrets?: string[];
  /** metadata.creationTimestamp (RFC 3339), when the source had it. */
  created?: string;
}

export interface Pod {
  namespace: string;
  name: string;
  /** metadata.uid, when the source had it: a pod-bound token names its pod by name and uid. */
  uid?: string;
  serviceAccountName: string;
  /** Effective value: the pod's own setting, else its service account's, else true. */
  automountServiceAccountToken: boolean;
  phase?: string;
  /** The node the pod is bound to (spec.nodeName), once scheduled. */
  nodeName?: string;
  /** The controller owner reference (metadata.ownerReferences with controller: true): the workload that made the pod. */
  owner?: PodOwner;
  /** The `pod-template-hash` label the Deployment controller puts on its ReplicaSets' pods. */
  templateHash?: string;
  /** The Secrets it mounts by volume (spec.volumes[].secret.secretName, projected secret sources), when any. */
  secretVolumes?: string[];
  /**
   * Its projected service-account tokens (spec.volumes[].projected.sources[].serviceAccountToken),
   * without the one the ServiceAccount admission plugin adds when the token is automounted (that
   * one is `automountServiceAccountToken`); absent when none.
   */
  projectedTokens?: readonly ProjectedToken[];
}

/** A projected service-account token as a pod asks the kubelet for it (TokenRequest's spec). */
export interface ProjectedToken {
  /** The token's lifetime asked for (API default 3600; the API server may shorten it). */
  expirationSeconds: number;
  /** Absent: the API server's own audiences, so the token is an API credential. */
  audience?: string;
}

/** A pod's controlling owner as its owner reference names it. */
export interface PodOwner {
  /** The API group of ownerReferences[].apiVersion ("" for core). */
  group: string;
  kind: string;
  name: string;
}

/**
 * Whether a pod mounts a token the API server may accept: automounted, or projected by its own
 * volume (a pod that turns automount off may still project one). A projected token of any audience
 * counts: the API server accepts every audience in its --api-audiences, which no source shows and
 * which defaults to the issuer (pkg/kubeapiserver/options/authentication.go), so a token whose
 * audience is the issuer's URL is an API credential; an audience a pod's author writes must never
 * take the pod out of the attack paths.
 */
export function mountsToken(pod: Pod): boolean {
  return pod.automountServiceAccountToken || (pod.projectedTokens?.length ?? 0) > 0;
}

/**
 * Whether a pod mounts a token meant for the API server: automounted, or projected with no audience
 * (the API server's own). What a pod should stop mounting when it needs no API; a token it projects
 * for another service (Vault, say) is that service's business, though mountsToken still counts it.
 */
export function mountsApiToken(pod: Pod): boolean {
  return pod.automountServiceAccountToken || (pod.projectedTokens?.some((t) => !t.audience) ?? false);
}

/** Whether a pod has finished (its containers stopped: nothing in it can be taken any more). */
export const podFinished = (pod: Pod): boolean => pod.phase === 'Succeeded' || pod.phase === 'Failed';

/** Whether a pod carries a usable token: it mounts one and has not finished. */
export function carriesToken(pod: Pod): boolean {
  return mountsToken(pod) && !podFinished(pod);
}

export interface Namespace {
  name: string;
  labels: Labels;
}

export type ModelKind =
  'Namespace' | 'ServiceAccount' | 'Pod' | 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';

/**
 * A kind the source could not read, or read only in some namespaces. RBAC only grants, so what is
 * missing can only hide grants: answers that depend on it are marked incomplete.
 */
export interface MissingKind {
  kind: ModelKind;
  reason: string;
  /** Read in these namespaces only: answers about them are complete. */
  readIn?: string[];
}

export interface ClusterModel {
  namespaces: Namespace[];
  serviceAccounts: ServiceAccount[];
  pods: Pod[];
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
  /** Absent or empty: the source read every kind everywhere. */
  missing?: MissingKind[];
  /** The Kubernetes version and feature gates the source read (absent: the newest modelled, its defaults). */
  kubernetes?: KubeVersion;
}

/** The model's arrays, without what it says of them (missing kinds, the Kubernetes version). */
export type ModelArrays = Omit<ClusterModel, 'missing' | 'kubernetes'>;

/** Where the model keeps each kind's objects. */
export const MODEL_FIELD: Readonly<Record<ModelKind, keyof ModelArrays>> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceAccounts',
  Pod: 'pods',
  Role: 'roles',
  ClusterRole: 'clusterRoles',
  RoleBinding: 'roleBindings',
  ClusterRoleBinding: 'clusterRoleBindings',
};

export function emptyModel(): ClusterModel {
  return {
    namespaces: [],
    serviceAccounts: [],
    pods: [],
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
  };
}

/** The attributes the authorizer sees for one request (k8s.io/apiserver authorizer.Attributes). */
export type AccessRequest = ResourceRequest | NonResourceRequest;

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  name: string;
  /** "" for cluster-scoped requests and requests across all namespaces. */
  namespace: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

/** Who is asking: a user name and its groups, as the authenticator (or impersonation) produced them. */
export interface Identity {
  user: string;
  groups: string[];
}
