// The steps constrained impersonation gives a requester, one technique per mode (mode.go's
// associatedNodeImpersonationMode, arbitraryNodeImpersonationMode, serviceAccountImpersonationMode,
// userInfoImpersonationMode). Each needs the identity check (impersonate:<mode>) and at least one
// impersonate-on:<mode>:<verb> rule; what the identity reached may do is computed where the step
// leads (partialHeld). Where legacy impersonation reaches the same identity, it wins: the modes are
// tried in turn and the first to allow a request wins, so the constrained step adds nothing there.
import { allowances, clusterScoped, namesAllow, type Allowance, type Held } from '../findings/capabilities';
import type { Edge, EdgeContext, Target } from './attack-edges';
import {
  IMPERSONATION_MODES,
  actionSources,
  describeActions,
  type ImpersonationMode,
} from './constrained-impersonation';
import {
  NODES_GROUP,
  PRIVILEGED_GROUP,
  nodeOfUsername,
  nodeUsername,
  splitServiceAccountUsername,
} from '../model/identity';
import type { PathNode } from './path-types';
import type { TechniqueId } from './techniques';

/** user-info impersonates only users that are neither service accounts nor nodes (mode.go userInfoImpersonationMode). */
export function isPlainUser(name: string): boolean {
  return nodeOfUsername(name) === undefined && splitServiceAccountUsername(name) === undefined;
}

/** The service-account targets of an identity allowance: by namespace (its scope) and name. */
function accountTargets(a: Allowance): Target[] {
  if (a.scope === '') return a.names === 'any' ? [{ t: 'sa-all' }] : a.names.map((name) => ({ t: 'sa-named', name }));
  if (a.names === 'any') return [{ t: 'sa-ns', namespace: a.scope }];
  return a.names.map((name) => ({ t: 'sa', namespace: a.scope, name }));
}

/**
 * Whether legacy `impersonate` reaches a target already: a service account, a user, or a node (its
 * user with group system:nodes beside it is the same identity).
 */
function legacyCovers(held: readonly Held[]): (to: Target) => boolean {
  const sas = allowances(held, 'impersonateServiceAccounts');
  const users = clusterScoped(allowances(held, 'impersonateUsers'));
  const groups = users.length > 0 || sas.length > 0 ? clusterScoped(allowances(held, 'impersonateGroups')) : [];
  const nodesGroup = groups.some((a) => namesAllow(a.names, NODES_GROUP));
  const node = (name: string | undefined) =>
    nodesGroup &&
    users.some((a) => a.names === 'any' || (name !== undefined && namesAllow(a.names, nodeUsername(name))));
  const sa = (namespace: string | undefined, name: string | undefined) =>
    sas.some(
      (a) =>
        (a.scope === '' || a.scope === namespace) &&
        (a.names === 'any' || (name !== undefined && namesAllow(a.names, name))),
    );
  return (to) => {
    switch (to.t) {
      case 'sa':
        return sa(to.namespace, to.name);
      case 'sa-named':
        return sa(undefined, to.name);
      case 'sa-ns':
        return sa(to.namespace, undefined);
      case 'sa-all':
        return sa(undefined, undefined);
      case 'user':
        return users.some((a) => namesAllow(a.names, to.name));
      case 'user-any':
        return users.some((a) => a.names === 'any');
      case 'group':
        return groups.some((a) => namesAllow(a.names, to.name));
      case 'group-any':
        return groups.some((a) => a.names === 'any');
      case 'node':
        return node(to.name);
      case 'node-any':
        return node(undefined);
      default:
        return false;
    }
  };
}

const TECHNIQUE: Record<ImpersonationMode, TechniqueId> = {
  serviceaccount: 'IMPERSONATE_SERVICEACCOUNT',
  'user-info': 'IMPERSONATE_USER_INFO',
  'arbitrary-node': 'IMPERSONATE_ARBITRARY_NODE',
  'associated-node': 'IMPERSONATE_ASSOCIATED_NODE',
};

/** The identity allowances of a mode, each with the targets it reaches (and a second grant a group needs). */
type Reach = { a: Allowance; to: Target; also?: Allowance };

function serviceAccountReach(held: readonly Held[]): Reach[] {
  return allowances(held, 'impersonateServiceAccountMode').flatMap((a) => accountTargets(a).map((to) => ({ a, to })));
}

/** user-info: users that are no service account or node; groups but system:masters, each with a user beside it. */
function userInfoReach(held: readonly Held[]): Reach[] {
  const users = clusterScoped(allowances(held, 'impersonateUserInfoUsers'));
  const out: Reach[] = users.flatMap((a): Reach[] =>
    a.names === 'any'
      ? [{ a, to: { t: 'user-any' } }]
      : a.names.filter(isPlainUser).map((name) => ({ a, to: { t: 'user', name } })),
  );
  const someUser = users.find((a) => a.names === 'any' || a.names.some(isPlainUser));
  if (!someUser) return out;
  for (const a of clusterScoped(allowances(held, 'impersonateUserInfoGroups'))) {
    // With 4 or more groups the API server first asks for name "*" and, allowed, no more
    // (mode.go authorizeGroups): a rule naming "*" allows any group once padded to four.
    if (a.names === 'any' || a.names.includes('*'))
      out.push({ a, to: { t: 'group-any', exceptMasters: true }, also: someUser });
    else
      for (const name of a.names)
        if (name !== PRIVILEGED_GROUP && name !== '') out.push({ a, to: { t: 'group', name }, also: someUser });
  }
  return out;
}

function arbitraryNodeReach(held: readonly Held[]): Reach[] {
  return clusterScoped(allowances(held, 'impersonateArbitraryNode')).flatMap((a): Reach[] =>
    a.names === 'any' ? [{ a, to: { t: 'node-any' } }] : a.names.map((name) => ({ a, to: { t: 'node', name } })),
  );
}

/**
 * associated-node: the identity check is made with name "*" (associatedNodeImpersonationAttributes),
 * by a service account whose token names the node: the nodes its token-mounting pods run on
 * (accounts that may use it are classes by those nodes, Places.nodeKey, so every member has them).
 * A token minted for another pod or node (TokenRequest's boundObjectRef) is not sought.
 */
function associatedNodeReach(held: readonly Held[], ctx: EdgeContext, members: readonly PathNode[]): Reach[] {
  const allowed = clusterScoped(allowances(held, 'impersonateAssociatedNode')).find((a) => namesAllow(a.names, '*'));
  if (!allowed || members.length === 0) return [];
  const [first, ...rest] = members.map((m) => ctx.nodesOf(m));
  const common = (first ?? []).filter((n) => rest.every((nodes) => nodes.includes(n)));
  return [...new Set(common)].map((name) => ({ a: allowed, to: { t: 'node', name } }));
}

function reachOf(mode: ImpersonationMode, held: readonly Held[], ctx: EdgeContext, members: readonly PathNode[]) {
  switch (mode) {
    case 'serviceaccount':
      return serviceAccountReach(held);
    case 'user-info':
      return userInfoReach(held);
    case 'arbitrary-node':
      return arbitraryNodeReach(held);
    case 'associated-node':
      return associatedNodeReach(held, ctx, members);
  }
}

/** Every constrained impersonation step of a holder: a mode's identity check and its impersonate-on rules. */
export function constrainedImpersonation(
  held: readonly Held[],
  ctx: EdgeContext,
  members: readonly PathNode[],
): Edge[] {
  const modes = IMPERSONATION_MODES.map((mode) => ({ mode, sources: actionSources(held, mode) })).filter(
    (m) => m.sources.length > 0,
  );
  if (modes.length === 0) return [];
  const covered = legacyCovers(held);
  const out: Edge[] = [];
  for (const { mode, sources } of modes) {
    const { actions, grants } = describeActions(mode, sources);
    for (const { a, to, also } of reachOf(mode, held, ctx, members)) {
      if (covered(to)) continue;
      out.push({
        technique: TECHNIQUE[mode],
        to,
        grants: [a.grant, ...(also ? [also.grant] : []), ...grants],
        mode,
        actions,
        sources,
      });
    }
  }
  return out;
}
