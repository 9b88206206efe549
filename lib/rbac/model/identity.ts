// How Kubernetes names service accounts and builds identities, after
// staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go and the impersonation
// filter (staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go).
import type { Identity } from './types';

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
/**
 * The API server allows this group everything before RBAC is asked (the privileged-group
 * authorizer ahead of RBAC in pkg/kubeapiserver/authorizer), and the subject locator always lists it.
 */
export const PRIVILEGED_GROUP = 'system:masters';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

export function serviceAccountGroups(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS_GROUP, `${ALL_SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

/** SplitUsername: a valid namespace (DNS label) and name (DNS subdomain), or undefined. */
export function splitServiceAccountUsername(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  return isDnsLabel(namespace) && isDnsSubdomain(name) ? { namespace, name } : undefined;
}

/** The identity a service account's token authenticates as. */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return {
    user: serviceAccountUsername(namespace, name),
    groups: [...serviceAccountGroups(namespace), AUTHENTICATED_GROUP],
  };
}

/**
 * The identity `--as USER --as-group G...` produces: a service-account user gets its service-account
 * groups only when no group is given; system:authenticated is added unless the user is
 * system:anonymous (which gets system:unauthenticated) or the groups already decide it.
 */
export function impersonatedIdentity(user: string, asGroups: readonly string[]): Identity {
  const sa = splitServiceAccountUsername(user);
  const groups = sa && asGroups.length === 0 ? serviceAccountGroups(sa.namespace) : [...asGroups];
  if (user !== ANONYMOUS_USER) {
    if (!groups.some((g) => g === AUTHENTICATED_GROUP || g === UNAUTHENTICATED_GROUP)) groups.push(AUTHENTICATED_GROUP);
  } else if (!groups.includes(UNAUTHENTICATED_GROUP)) {
    groups.push(UNAUTHENTICATED_GROUP);
  }
  return { user, groups };
}

export const NODE_USER_PREFIX = 'system:node:';
export const NODES_GROUP = 'system:nodes';

export function nodeUsername(node: string): string {
  return `${NODE_USER_PREFIX}${node}`;
}

/** isNodeUsername (apiserver impersonation/mode.go): the node a user name is, when the rest is a valid node name. */
export function nodeOfUsername(user: string): string | undefined {
  if (!user.startsWith(NODE_USER_PREFIX)) return undefined;
  const node = user.slice(NODE_USER_PREFIX.length);
  return isDnsSubdomain(node) ? node : undefined;
}

/** A node's identity as constrained impersonation makes it: its user, in system:nodes (mode.go fixes the groups). */
export function nodeIdentity(node: string): Identity {
  return { user: nodeUsername(node), groups: [NODES_GROUP, AUTHENTICATED_GROUP] };
}
