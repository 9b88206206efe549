// Small builders for usage tests: observed requests as the audit reader makes them. Test-only.
import { serviceAccountIdentity } from '../model/identity';
import type { AccessRequest, ClusterModel, Identity } from '../model/types';
import { clusterRole, clusterRoleBinding, group, role, roleBinding, rule, sa, user, world } from '../test-fixtures';
import type { AuditDecision, ObservedRequest } from './types';

let lines = 0;

/** One observed request; `at` in seconds from a fixed start, the place a fresh line of `audit.log`. */
export function observed(
  identity: Identity,
  request: AccessRequest,
  opts: { at?: number; decision?: AuditDecision; reason?: string; impersonator?: Identity; file?: string } = {},
): ObservedRequest {
  const { at = 0, decision = 'allow', reason, impersonator, file = 'audit.log' } = opts;
  return {
    identity,
    request,
    time: Date.UTC(2026, 11, 5) + at * 1000,
    decision,
    ...(reason !== undefined && { reason }),
    ...(impersonator && { impersonator }),
    status: decision === 'allow' ? 200 : 403,
    where: { file, line: ++lines },
  };
}

export const saIdentity = serviceAccountIdentity;

/**
 * A small world for usage tests: web (app) edits its namespace through a Role and views everything
 * through a ClusterRoleBinding it shares with other (app); everyone authenticated may get /healthz;
 * the group devs views app; the user admin-bot may impersonate.
 */
export function usageWorld(): ClusterModel {
  const all = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  return world({
    namespaces: [
      { name: 'app', labels: {} },
      { name: 'other', labels: {} },
    ],
    serviceAccounts: [
      { namespace: 'app', name: 'web' },
      { namespace: 'app', name: 'other' },
      { namespace: 'app', name: 'idle' },
    ],
    roles: [role('app', 'edit', [rule({ verbs: all, apiGroups: [''], resources: ['pods', 'configmaps', 'secrets'] })])],
    clusterRoles: [
      clusterRole('view-all', [rule({ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] })]),
      clusterRole('basic', [rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] })]),
      clusterRole('impersonator', [
        rule({ verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'] }),
      ]),
      clusterRole('unbound', [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] })]),
    ],
    roleBindings: [
      roleBinding('app', 'web-edit', { kind: 'Role', name: 'edit' }, [sa('web')]),
      roleBinding('app', 'devs', { kind: 'ClusterRole', name: 'view-all' }, [group('devs')]),
      roleBinding('app', 'idle-edit', { kind: 'Role', name: 'edit' }, [sa('idle')]),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('web-view', 'view-all', [sa('web', 'app'), sa('other', 'app')]),
      clusterRoleBinding('basic', 'basic', [group('system:authenticated')]),
      clusterRoleBinding('imp', 'impersonator', [user('admin-bot')]),
    ],
  });
}
