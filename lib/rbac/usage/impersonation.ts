// What an impersonation the log recorded needed the impersonator to be allowed, after
// staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation/impersonation.go: one
// `impersonate` check per header: a service-account user name is checked as `serviceaccounts` in its
// namespace, any other user as `users`, each group as `groups` (all in the core group ""). The log
// records the resulting identity, not the headers: the groups the filter adds by itself (a service
// account's two groups when no group was asked for, system:authenticated for any non-anonymous user,
// system:unauthenticated for system:anonymous) were not checked, and are taken as added. A group
// asked for explicitly that the filter would have added anyway cannot be told apart; nor can UIDs and
// extras, which the audit event does not name.
import {
  ANONYMOUS_USER,
  AUTHENTICATED_GROUP,
  serviceAccountGroups,
  splitServiceAccountUsername,
  UNAUTHENTICATED_GROUP,
} from '../model/identity';
import type { AccessRequest, Identity } from '../model/types';
import type { ImpersonationUsage } from './usage-index';

const impersonate = (
  resource: string,
  name: string,
  namespace = '',
  verb = 'impersonate',
  group = '',
): AccessRequest => ({
  kind: 'resource',
  verb,
  group,
  resource,
  subresource: '',
  name,
  namespace,
});

/** The groups that were asked for (the headers), as far as the resulting identity tells. */
export function askedGroups(as: Identity): string[] {
  const sa = splitServiceAccountUsername(as.user);
  const added = as.user === ANONYMOUS_USER ? UNAUTHENTICATED_GROUP : AUTHENTICATED_GROUP;
  const rest = as.groups.filter((g) => g !== added);
  if (sa) {
    const own = serviceAccountGroups(sa.namespace);
    // Exactly its own groups: none were asked for (the filter added them).
    if (rest.length === own.length && own.every((g) => rest.includes(g))) return [];
  }
  return rest;
}

/** The `impersonate` requests an impersonation needed, in the order the filter asks them. */
export function impersonationRequests(as: Identity): AccessRequest[] {
  const sa = splitServiceAccountUsername(as.user);
  const user = sa ? impersonate('serviceaccounts', sa.name, sa.namespace) : impersonate('users', as.user);
  return [user, ...askedGroups(as).map((g) => impersonate('groups', g))];
}

/** The node modes, whose user name `system:node:NAME` is checked as `nodes` (mode.go authorizeUsername). */
const NODE_MODES = new Set(['associated-node', 'arbitrary-node']);
const NODE_PREFIX = 'system:node:';

/**
 * The checks of a constrained impersonation, after k8s.io/apiserver@v0.36.3
 * pkg/endpoints/filters/impersonation/mode.go: first `impersonate-on:<mode>:<verb>` on each
 * impersonated request's own attributes, only its verb wrapped (impersonateOnAttributes.GetVerb;
 * namespace, group, resource, subresource, name or path as the request had them), then
 * `impersonate:<mode>` on the identity in authentication.k8s.io (newImpersonationModeState:
 * usernameAndGroupGV), each a service account as `serviceaccounts` in its namespace, a node in a node
 * mode as `nodes` (associated-node checks the name "*": associatedNodeImpersonationAttributes.GetName),
 * else `users`, then each group asked for as `groups`. Four groups or more are first checked as the
 * one name "*" and, when `allows` says that passes, not one by one (authorizeGroups).
 */
function constrainedRequests(
  i: ImpersonationUsage,
  mode: string,
  allows: (r: AccessRequest) => boolean,
): ImpersonationCheck[] {
  const verb = `impersonate:${mode}`;
  const id = (resource: string, name: string, namespace = '') =>
    impersonate(resource, name, namespace, verb, 'authentication.k8s.io');
  const on = i.requests.map(({ request, count }) => ({
    request: { ...request, verb: `impersonate-on:${mode}:${request.verb}` },
    events: count,
  }));
  const every = (requests: AccessRequest[]) => [...on, ...requests.map((request) => ({ request, events: i.count }))];
  const sa = splitServiceAccountUsername(i.as.user);
  if (sa) return every([id('serviceaccounts', sa.name, sa.namespace)]);
  if (NODE_MODES.has(mode) && i.as.user.startsWith(NODE_PREFIX))
    return every([id('nodes', mode === 'associated-node' ? '*' : i.as.user.slice(NODE_PREFIX.length))]);
  const groups = askedGroups(i.as);
  const star = id('groups', '*');
  const groupChecks = groups.length >= 4 && allows(star) ? [star] : groups.map((g) => id('groups', g));
  return every([id('users', i.as.user), ...groupChecks]);
}

/** One check an impersonation needed, and the events that needed it. */
export interface ImpersonationCheck {
  request: AccessRequest;
  events: number;
}

/**
 * The requests an impersonation needed its impersonator to be allowed: the legacy `impersonate`
 * checks, or under a constraint the constrained ones. `allows` answers the one choice the filter
 * makes on an earlier answer (constrained: four groups or more as "*").
 */
export function impersonationChecks(
  i: ImpersonationUsage,
  allows: (r: AccessRequest) => boolean = () => false,
): ImpersonationCheck[] {
  // The server writes the constraint as the mode's identity verb (mode.go: constraint = verb).
  const c = i.constraint;
  if (c === undefined) return impersonationRequests(i.as).map((request) => ({ request, events: i.count }));
  return constrainedRequests(i, c.replace(/^impersonate:/, ''), allows);
}
