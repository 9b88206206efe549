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

const impersonate = (resource: string, name: string, namespace = ''): AccessRequest => ({
  kind: 'resource',
  verb: 'impersonate',
  group: '',
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
