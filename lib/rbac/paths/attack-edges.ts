// The steps a holder of some rules can take, each to a kind of target (a service account, every
// service account of a namespace, a pod's token, a node, a role bound by the holder, every
// permission of a namespace). Each follows the check the API server makes for that step:
// impersonation.go for IMPERSONATE, pod and workload updates for POD_PATCH and WORKLOAD_UPDATE,
// Pod Security admission's namespace label for NODE_ESCAPE and NAMESPACE_RELABEL, the RBAC registry's BindingAuthorized and
// RoleEscalationAuthorized for ROLE_BIND and ROLE_ESCALATE (a holder that already holds a role's
// rules gains nothing by binding or widening it, so only `bind` and `escalate` make steps).
import {
  allowanceFor,
  allowances,
  clusterScoped,
  grantOf,
  nameless,
  namesAllow,
  type Allowance,
  type Held,
  type Names,
  type RoleProbes,
} from '../findings/capabilities';
import { resourceLabel } from '../model/describe';
import { CONSTRAINED_IDENTITY_SHAPES, type ShapeId } from '../findings/request-shapes';
import type { PathGrant, PathNode, PlaceNode } from './path-types';
import { constrainedImpersonation } from './constrained-impersonation-steps';
import type { ActionSource, ImpersonatedActions, ImpersonationMode } from './constrained-impersonation';
import type { TechniqueId } from './techniques';
import type { ClusterRole, Labels, Role } from '../model/types';
import type { ResolvedBinding } from '../authorizer/bindings';
import { MUTABLE_WORKLOAD_KINDS, type Workload } from '../indexes/workloads';
import { type BindingRef, type RoleRef } from '../model/refs';
import { eachOf, runWork, type Work } from '../sliced-work';

/** Where an edge leads, before it is expanded to the places it reaches. */
export type Target =
  | { t: 'sa'; namespace: string; name: string }
  | { t: 'sa-named'; name: string }
  | { t: 'sa-ns'; namespace: string }
  | { t: 'sa-all' }
  | { t: 'user'; name: string }
  | { t: 'user-any' }
  | { t: 'group'; name: string }
  /** Every group; constrained impersonation (user-info) never system:masters. */
  | { t: 'group-any'; exceptMasters?: true }
  /** A node's identity (system:node:<name>, group system:nodes): constrained impersonation's node modes. */
  | { t: 'node'; name: string }
  | { t: 'node-any' }
  /** The service accounts of the pods one may exec into or patch: in a namespace ("" every one), by name. */
  | { t: 'exec'; namespace: string; names: Names }
  /** Every existing service account of the namespaces where a workload of this kind exists ("" every one), by name. */
  | { t: 'workload'; kind: string; namespace: string; names: Names }
  | { t: 'host'; name: string }
  | { t: 'host-any' }
  /** A role bound by the path, or every permission of a namespace. */
  | { t: 'place'; node: PlaceNode }
  | { t: 'admin' };

export interface Edge {
  technique: TechniqueId;
  to: Target;
  grants: PathGrant[];
  /** The service account must exist (a pod or TokenRequest names it); impersonation needs no object. */
  existing?: true;
  /** A workload kind that creates the pod, or the namespace a privileged pod is created in. */
  workload?: { resource: string; namespace: string };
  privilegedPodIn?: string;
  /** The workload kind (resource label) whose controller creates that privileged pod; none: a pod. */
  privilegedPodBy?: string;
  /** NAMESPACE_RELABEL: the namespace whose Pod Security label is set to privileged first (privilegedPodIn). */
  relabels?: { namespace: string; level: string };
  rebinds?: BindingRef;
  escalates?: RoleRef;
  /** ROLE_ESCALATE of a role the holder binds to itself first (its grants include the bind's). */
  bindsFirst?: true;
  /** ROLE_ESCALATE made as a partial identity of a role its requester holds: the requester's own gain. */
  forRequester?: true;
  /** Constrained impersonation: the mode, and what the identity reached may do (its requester's impersonate-on rules). */
  mode?: ImpersonationMode;
  actions?: ImpersonatedActions;
  sources?: readonly ActionSource[];
}

export interface EdgeContext {
  namespaceLabels: ReadonlyMap<string, Labels>;
  /** Roles and ClusterRoles worth binding (their rules make some step). */
  bindableRoles: readonly Role[];
  bindableRolesIn(namespace: string): readonly Role[];
  bindableClusterRoles: readonly ClusterRole[];
  roleBindingsIn(namespace: string): readonly ResolvedBinding[];
  allRoleBindings: readonly ResolvedBinding[];
  clusterBindings: readonly ResolvedBinding[];
  isBindable(role: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string }): boolean;
  /** Workloads known from pods' owner references, by namespace. */
  workloadsIn(namespace: string): readonly Workload[];
  /** The kinds of workload known anywhere. */
  workloadKinds: ReadonlySet<string>;
  /** Whether the version modelled checks constrained impersonation (ConstrainedImpersonation). */
  constrained: boolean;
  /** The nodes a service account's token-mounting pods run on (associated-node). */
  nodesOf(account: PathNode): readonly string[];
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** Pod Security admission lets privileged pods in when the namespace enforces `privileged` or nothing. */
export function allowsPrivilegedPods(labels: Labels | undefined): boolean {
  const level = labels?.[ENFORCE];
  return level === undefined || level === 'privileged';
}

/** Probes that make steps: a role with none of them is never worth binding. */
export const PATH_PROBES: readonly ShapeId[] = [
  'impersonateUsers',
  'impersonateServiceAccounts',
  ...CONSTRAINED_IDENTITY_SHAPES,
  'createToken',
  'createPods',
  'createWorkloads',
  'execPods',
  'patchPods',
  ...MUTABLE_WORKLOAD_KINDS.map((k) => k.updateProbe),
  'nodesProxy',
  'createRoleBindings',
  'createClusterRoleBindings',
  'updateRoleBindings',
  'updateClusterRoleBindings',
  'escalateRoles',
  'escalateClusterRoles',
  'everyResource',
];

export function makesSteps(probes: RoleProbes): boolean {
  return PATH_PROBES.some((p) => probes[p] !== undefined);
}

function impersonation(held: readonly Held[]): Edge[] {
  const out: Edge[] = [];
  const users = clusterScoped(allowances(held, 'impersonateUsers'));
  const sas = allowances(held, 'impersonateServiceAccounts');
  for (const a of users) {
    if (a.names === 'any') out.push({ technique: 'IMPERSONATE', to: { t: 'user-any' }, grants: [a.grant] });
    else for (const name of a.names) out.push({ technique: 'IMPERSONATE', to: { t: 'user', name }, grants: [a.grant] });
  }
  for (const a of sas) {
    const grants = [a.grant];
    if (a.scope === '') {
      if (a.names === 'any') out.push({ technique: 'IMPERSONATE', to: { t: 'sa-all' }, grants });
      else for (const name of a.names) out.push({ technique: 'IMPERSONATE', to: { t: 'sa-named', name }, grants });
    } else if (a.names === 'any')
      out.push({ technique: 'IMPERSONATE', to: { t: 'sa-ns', namespace: a.scope }, grants });
    else
      for (const name of a.names)
        out.push({ technique: 'IMPERSONATE', to: { t: 'sa', namespace: a.scope, name }, grants });
  }
  // Impersonate-Group needs an Impersonate-User beside it, which needs its own grant.
  const someUser = users[0] ?? sas[0];
  if (!someUser) return out;
  for (const a of clusterScoped(allowances(held, 'impersonateGroups'))) {
    const grants = [a.grant, someUser.grant];
    if (a.names === 'any') out.push({ technique: 'IMPERSONATE', to: { t: 'group-any' }, grants });
    else for (const name of a.names) out.push({ technique: 'IMPERSONATE', to: { t: 'group', name }, grants });
  }
  return out;
}

function tokens(held: readonly Held[]): Edge[] {
  return allowances(held, 'createToken').flatMap((a): Edge[] => {
    const base = { technique: 'TOKEN_REQUEST' as const, grants: [a.grant], existing: true as const };
    if (a.names === 'any')
      return [{ ...base, to: a.scope === '' ? { t: 'sa-all' } : { t: 'sa-ns', namespace: a.scope } }];
    return a.names.map((name) => ({
      ...base,
      to: a.scope === '' ? { t: 'sa-named', name } : { t: 'sa', namespace: a.scope, name },
    }));
  });
}

function podCreation(held: readonly Held[]): Edge[] {
  const pods = nameless(allowances(held, 'createPods'));
  const everywhere = pods.some((a) => a.scope === '');
  const covered = new Set(pods.map((a) => a.scope));
  const out: Edge[] = [];
  for (const a of pods) {
    const to: Target = a.scope === '' ? { t: 'sa-all' } : { t: 'sa-ns', namespace: a.scope };
    out.push({ technique: 'POD_CREATE', to, grants: [a.grant], existing: true });
  }
  for (const a of nameless(allowances(held, 'createWorkloads'))) {
    if (everywhere || covered.has(a.scope)) continue;
    covered.add(a.scope);
    const to: Target = a.scope === '' ? { t: 'sa-all' } : { t: 'sa-ns', namespace: a.scope };
    const resource = resourceLabel(a.shape[1], a.shape[2]);
    out.push({
      technique: 'POD_CREATE',
      to,
      grants: [a.grant],
      existing: true,
      workload: { resource, namespace: a.scope },
    });
  }
  return out;
}

/**
 * Exec or attach over a WebSocket as a partial identity (1.35 and later): a GET its impersonate-on
 * allows, then `create` on the subresource asked of the identity with all its rules.
 */
function websocketExec(held: readonly Held[], checks: NonNullable<Holder['checks']>): Edge[] {
  const creates = allowances(checks.held, 'execPods').filter((a) => a.shape[0] === 'create');
  return allowances(held, 'websocketExec').flatMap((a) => {
    const sub = a.shape[3];
    const c = creates.find(
      (x) =>
        x.shape[3] === sub &&
        (x.scope === '' || x.scope === a.scope) &&
        (x.names === 'any' || (a.names !== 'any' && a.names.every((n) => namesAllow(x.names, n)))),
    );
    return c
      ? [
          {
            technique: 'POD_EXEC' as const,
            to: { t: 'exec' as const, namespace: a.scope, names: a.names },
            grants: [a.grant, c.grant],
          },
        ]
      : [];
  });
}

function exec(held: readonly Held[]): Edge[] {
  return allowances(held, 'execPods').map((a) => ({
    technique: 'POD_EXEC' as const,
    to: { t: 'exec' as const, namespace: a.scope, names: a.names },
    grants: [a.grant],
  }));
}

/**
 * `patch`/`update` on the pod itself changes a running container's image (the one mutable field of
 * a container, pkg/apis/core/validation ValidatePodUpdate); the new image runs with the pod's
 * token. pods/status and the other subresources are other requests.
 */
function podPatch(held: readonly Held[]): Edge[] {
  return allowances(held, 'patchPods').map((a) => ({
    technique: 'POD_PATCH' as const,
    to: { t: 'exec' as const, namespace: a.scope, names: a.names },
    grants: [a.grant],
  }));
}

/**
 * `patch`/`update` on an existing workload changes its pod template, serviceAccountName included;
 * its controller creates the new pods, and the ServiceAccount admission plugin only checks that the
 * account exists. Only workloads known from pods' owner references make steps (nothing to update
 * otherwise): a CronJob never owns a pod, so no CronJob is known and its update is a finding only.
 */
function workloadUpdate(held: readonly Held[], ctx: EdgeContext): Edge[] {
  const out: Edge[] = [];
  for (const kind of MUTABLE_WORKLOAD_KINDS) {
    if (!kind.fromPods || !ctx.workloadKinds.has(kind.kind)) continue;
    for (const a of allowances(held, kind.updateProbe)) {
      if (a.scope !== '' && !ctx.workloadsIn(a.scope).some((w) => w.kind === kind && namesAllow(a.names, w.name)))
        continue;
      out.push({
        technique: 'WORKLOAD_UPDATE',
        to: { t: 'workload', kind: kind.kind, namespace: a.scope, names: a.names },
        grants: [a.grant],
        existing: true,
      });
    }
  }
  return out;
}

/** A way to have a pod created in a namespace: `create` on pods, or on a workload kind (`resource`). */
interface PodCreator {
  a: Allowance;
  resource?: string;
}

/**
 * Pod Security admission enforces on pods, whoever creates them: the pods a workload's controller
 * creates are admitted or refused by the namespace's level like the holder's own (on the workload
 * itself it only warns, pod-security-admission's admission.go), so creating a workload where
 * privileged pods are admitted puts a privileged pod on the node its template names.
 */
function podCreators(held: readonly Held[]): PodCreator[] {
  return [
    ...nameless(allowances(held, 'createPods')).map((a) => ({ a })),
    ...nameless(allowances(held, 'createWorkloads')).map((a) => ({
      a,
      resource: resourceLabel(a.shape[1], a.shape[2]),
    })),
  ];
}

const by = (c: PodCreator) => (c.resource ? { privilegedPodBy: c.resource } : {});

function nodes(held: readonly Held[], ctx: EdgeContext): Edge[] {
  const out: Edge[] = [];
  const creators = podCreators(held);
  // A namespace the model does not have is no place to create a pod in; the next one may be.
  const privileged = creators
    .map((c) => ({ c, namespace: c.a.scope === '' ? anyPrivilegedNamespace(ctx) : c.a.scope }))
    .find(
      ({ namespace }) =>
        namespace !== undefined &&
        ctx.namespaceLabels.has(namespace) &&
        allowsPrivilegedPods(ctx.namespaceLabels.get(namespace)),
    );
  if (privileged?.namespace !== undefined)
    out.push({
      technique: 'NODE_ESCAPE',
      to: { t: 'host-any' },
      grants: [privileged.c.a.grant],
      privilegedPodIn: privileged.namespace,
      ...by(privileged.c),
    });
  // Relabelling is a step of its own whether or not the holder may also create pods where they are admitted.
  out.push(...relabel(held, creators, ctx));
  for (const a of clusterScoped(allowances(held, 'nodesProxy'))) {
    if (a.names === 'any') out.push({ technique: 'NODE_ESCAPE', to: { t: 'host-any' }, grants: [a.grant] });
    else for (const name of a.names) out.push({ technique: 'NODE_ESCAPE', to: { t: 'host', name }, grants: [a.grant] });
  }
  return out;
}

/**
 * A namespace whose Pod Security level keeps privileged pods out, that the holder may relabel
 * (`patch`/`update` on namespaces, the request's namespace being the namespace itself: RequestInfo
 * in k8s.io/apiserver/pkg/endpoints/request, so a RoleBinding in that namespace grants it) and
 * create pods (or a workload) in: with `enforce: privileged` set, a privileged pod is admitted there.
 */
export function relabel(held: readonly Held[], creators: readonly PodCreator[], ctx: EdgeContext): Edge[] {
  if (creators.length === 0) return [];
  for (const p of allowances(held, 'patchNamespaces')) {
    const candidates = p.scope !== '' ? [p.scope] : p.names === 'any' ? [...ctx.namespaceLabels.keys()] : p.names;
    for (const namespace of candidates) {
      const labels = ctx.namespaceLabels.get(namespace);
      if (!labels || allowsPrivilegedPods(labels) || !namesAllow(p.names, namespace)) continue;
      const create =
        creators.find((c) => !c.resource && allowanceFor([c.a], namespace, '')) ??
        creators.find((c) => allowanceFor([c.a], namespace, ''));
      if (!create) continue;
      return [
        {
          technique: 'NAMESPACE_RELABEL',
          to: { t: 'host-any' },
          grants: [p.grant, create.a.grant],
          privilegedPodIn: namespace,
          ...by(create),
          relabels: { namespace, level: labels[ENFORCE] ?? 'privileged' },
        },
      ];
    }
  }
  return [];
}

/** NAMESPACE_RELABEL of a holder's every rule together (its grants may come through different bindings). */
export function relabelSteps(held: readonly Held[], ctx: EdgeContext): Edge[] {
  return relabel(held, podCreators(held), ctx);
}

function anyPrivilegedNamespace(ctx: EdgeContext): string | undefined {
  for (const [name, labels] of ctx.namespaceLabels) if (allowsPrivilegedPods(labels)) return name;
  return undefined;
}

const place = (node: PlaceNode): Target => ({ t: 'place', node });

/** What may be bound without holding it: `bind` on roles and clusterroles. */
interface BindChecks {
  bindRoles: Allowance[];
  bindClusterRoles: Allowance[];
}

/**
 * BindingAuthorized: `bind` on the role (roles or clusterroles, by name) in the binding's namespace,
 * else ConfirmNoEscalation: the creator holds every rule of the role there. For a holder's own
 * requests only `bind` makes a step (a role it holds gives it nothing new); `checks` are those
 * made as a partial identity, for which binding a role it holds is a step.
 */
function* binding(held: readonly Held[], ctx: EdgeContext, checks?: BindChecks): Work<Edge[]> {
  const out: Edge[] = [];
  const create = nameless(allowances(held, 'createRoleBindings'));
  const bindRoles = checks?.bindRoles ?? allowances(held, 'bindRoles');
  const bindClusterRoles = checks?.bindClusterRoles ?? allowances(held, 'bindClusterRoles');
  const createIn = (namespace: string) => allowanceFor(create, namespace, '');
  const push = (node: PlaceNode, grants: PathGrant[]) => out.push({ technique: 'ROLE_BIND', to: place(node), grants });

  // Without `bind`, a binding only hands out what the creator already holds: no step.
  if (bindRoles.length === 0 && bindClusterRoles.length === 0) return out;
  if (create.length > 0 && bindRoles.length > 0) {
    const roles = create.some((a) => a.scope === '')
      ? ctx.bindableRoles
      : [...new Set(create.map((a) => a.scope))].flatMap((ns) => ctx.bindableRolesIn(ns));
    yield* eachOf(
      roles,
      (r) => {
        const c = createIn(r.namespace);
        const b = c && allowanceFor(bindRoles, r.namespace, r.name);
        if (c && b) push({ kind: 'Role', namespace: r.namespace, name: r.name }, [c.grant, b.grant]);
      },
      EDGES_EVERY,
    );
  }
  if (create.length > 0 && bindClusterRoles.length > 0)
    yield* eachOf(ctx.bindableClusterRoles, (cr) => bindClusterRole(cr, create, bindClusterRoles, push), EDGES_EVERY);
  const createCluster = clusterScoped(nameless(allowances(held, 'createClusterRoleBindings')))[0];
  if (createCluster)
    yield* eachOf(
      ctx.bindableClusterRoles,
      (cr) => {
        const b = clusterScoped(bindClusterRoles).find((a) => namesAllow(a.names, cr.name));
        if (b) push({ kind: 'ClusterRole', name: cr.name }, [createCluster.grant, b.grant]);
      },
      EDGES_EVERY,
    );
  out.push(...(yield* rebinding(held, ctx, bindRoles, bindClusterRoles)));
  return out;
}

/** The places binding one ClusterRole leads to: everywhere, or in the namespaces `create` or `bind` allow. */
function bindClusterRole(
  cr: ClusterRole,
  create: readonly Allowance[],
  bindClusterRoles: readonly Allowance[],
  push: (node: PlaceNode, grants: PathGrant[]) => void,
): void {
  const anywhere = create.find((a) => a.scope === '');
  const everywhereBind = bindClusterRoles.find((a) => a.scope === '' && namesAllow(a.names, cr.name));
  if (anywhere && everywhereBind) {
    push({ kind: 'ClusterRole', name: cr.name, namespace: '*' }, [anywhere.grant, everywhereBind.grant]);
    return;
  }
  for (const b of bindClusterRoles) {
    if (b.scope === '' || !namesAllow(b.names, cr.name)) continue;
    const c = allowanceFor(create, b.scope, '');
    if (c) push({ kind: 'ClusterRole', name: cr.name, namespace: b.scope }, [c.grant, b.grant]);
  }
  for (const c of create) {
    if (c.scope === '' || !everywhereBind) continue;
    push({ kind: 'ClusterRole', name: cr.name, namespace: c.scope }, [c.grant, everywhereBind.grant]);
  }
}

/**
 * The roles a partial identity may bind as itself: those `bind` allows, every role when it holds
 * every permission, and each role it is bound to, where it holds it (ConfirmNoEscalation covers
 * a role's rules held through the role itself; a cover by other roles together is not sought).
 */
function bindChecks(checks: NonNullable<Holder['checks']>): BindChecks {
  const bindRoles = allowances(checks.held, 'bindRoles');
  const bindClusterRoles = allowances(checks.held, 'bindClusterRoles');
  const everything = checks.admin?.[0];
  if (everything) {
    const any: Allowance = { scope: '', names: 'any', shape: ['bind', '', '', ''], grant: everything };
    return { bindRoles: [any, ...bindRoles], bindClusterRoles: [any, ...bindClusterRoles] };
  }
  for (const h of checks.held) {
    if (!h.role || h.rules.length === 0) continue;
    const own: Allowance = {
      scope: h.scope,
      ...(h.namespacedOnly && { namespacedOnly: true }),
      names: [h.role.name],
      shape: ['bind', '', '', ''],
      grant: grantOf(h, 0),
    };
    (h.role.kind === 'Role' ? bindRoles : bindClusterRoles).push(own);
  }
  return { bindRoles, bindClusterRoles };
}

/** Changing the subjects of an existing binding (roleRef cannot change) passes the same bind check. */
function* rebinding(
  held: readonly Held[],
  ctx: EdgeContext,
  bindRoles: readonly Allowance[],
  bindClusterRoles: readonly Allowance[],
): Work<Edge[]> {
  const out: Edge[] = [];
  const update = allowances(held, 'updateRoleBindings');
  if (update.length > 0) {
    const candidates = update.some((a) => a.scope === '')
      ? ctx.allRoleBindings
      : [...new Set(update.map((a) => a.scope))].flatMap((ns) => ctx.roleBindingsIn(ns));
    yield* eachOf(
      candidates,
      (rb) => {
        const role = rb.role;
        const ns = rb.namespace;
        if (!role || !ctx.isBindable(role)) return;
        const u = allowanceFor(update, ns, rb.binding.name);
        const b = u && allowanceFor(role.kind === 'Role' ? bindRoles : bindClusterRoles, ns, role.name);
        if (!u || !b) return;
        const node: PlaceNode =
          role.kind === 'Role'
            ? { kind: 'Role', namespace: ns, name: role.name }
            : { kind: 'ClusterRole', name: role.name, namespace: ns };
        out.push({ technique: 'ROLE_BIND', to: place(node), grants: [u.grant, b.grant], rebinds: rb.binding });
      },
      EDGES_EVERY,
    );
  }
  const updateCluster = clusterScoped(allowances(held, 'updateClusterRoleBindings'));
  if (updateCluster.length > 0)
    yield* eachOf(
      ctx.clusterBindings,
      (crb) => {
        const role = crb.role;
        if (!role || !ctx.isBindable(role)) return;
        const u = updateCluster.find((a) => namesAllow(a.names, crb.binding.name));
        const b = u && clusterScoped(bindClusterRoles).find((a) => namesAllow(a.names, role.name));
        if (u && b)
          out.push({
            technique: 'ROLE_BIND',
            to: place({ kind: 'ClusterRole', name: role.name }),
            grants: [u.grant, b.grant],
            rebinds: crb.binding,
          });
      },
      EDGES_EVERY,
    );
  return out;
}

/** A role the holder has, where: through its own bindings, or one it can bind first (with the bind's grants). */
interface HeldRole {
  role: 'Role' | 'ClusterRole';
  name: string;
  roleNamespace: string;
  scope: string;
  grants: PathGrant[];
  bindsFirst?: true;
}

function heldRoles(held: readonly Held[], bound: readonly Edge[]): HeldRole[] {
  const has: HeldRole[] = [];
  for (const h of held) {
    if (!h.role) continue;
    has.push({
      role: h.role.kind,
      name: h.role.name,
      roleNamespace: h.role.namespace ?? '',
      scope: h.namespacedOnly ? '*' : h.scope,
      grants: [],
    });
  }
  for (const e of bound) {
    if (e.to.t !== 'place') continue;
    const n = e.to.node;
    const first = { grants: e.grants, bindsFirst: true as const };
    if (n.kind === 'Role')
      has.push({ role: 'Role', name: n.name, roleNamespace: n.namespace, scope: n.namespace, ...first });
    else if (n.kind === 'ClusterRole')
      has.push({ role: 'ClusterRole', name: n.name, roleNamespace: '', scope: n.namespace ?? '', ...first });
  }
  return has;
}

type ByRoleKind = Record<'Role' | 'ClusterRole', Allowance[]>;

const updates = (held: readonly Held[]): ByRoleKind => ({
  Role: allowances(held, 'updateRoles'),
  ClusterRole: clusterScoped(allowances(held, 'updateClusterRoles')),
});

/** RoleEscalationAuthorized: `escalate` on the role, with `update` or `patch` on it. */
function escalation(held: readonly Held[], bound: readonly Edge[]): Work<Edge[]> {
  // Where the holder has each role: its own bindings, and the roles it can bind.
  const escalate = {
    Role: allowances(held, 'escalateRoles'),
    ClusterRole: clusterScoped(allowances(held, 'escalateClusterRoles')),
  };
  return escalationSteps(heldRoles(held, bound), updates(held), escalate);
}

/**
 * A role update made as a partial identity: the update through impersonate-on, the escalation check
 * (`escalate`, or holding every permission: ConfirmNoEscalation) as the identity with all its
 * rules (pkg/registry/rbac/role/policybased). It widens a role the requester is bound to: the
 * requester's own gain, not the partial identity's.
 */
function* escalationAs(held: readonly Held[], checks: NonNullable<Holder['checks']>): Work<Edge[]> {
  const everything = checks.admin?.[0];
  const any = (): Allowance[] =>
    everything ? [{ scope: '', names: 'any', shape: ['escalate', '', '', ''], grant: everything }] : [];
  const escalate = {
    Role: [...any(), ...allowances(checks.held, 'escalateRoles')],
    ClusterRole: [...any(), ...clusterScoped(allowances(checks.held, 'escalateClusterRoles'))],
  };
  const steps = yield* escalationSteps(heldRoles(checks.requester, []), updates(held), escalate);
  return steps.map((e) => ({
    ...e,
    forRequester: true as const,
  }));
}

function* escalationSteps(has: readonly HeldRole[], update: ByRoleKind, escalate: ByRoleKind): Work<Edge[]> {
  const out: Edge[] = [];
  const seen = new Set<string>();
  yield* eachOf(
    has,
    (h) => {
      const ns = h.roleNamespace;
      const u = allowanceFor(update[h.role], ns, h.name);
      const x = u && allowanceFor(escalate[h.role], ns, h.name);
      if (!u || !x) return;
      const to: Target = h.scope === '' ? { t: 'admin' } : place({ kind: 'Namespace', name: h.scope });
      const key = JSON.stringify(to);
      if (seen.has(key)) return;
      seen.add(key);
      const escalates: RoleRef =
        h.role === 'Role' ? { kind: 'Role', name: h.name, namespace: ns } : { kind: 'ClusterRole', name: h.name };
      out.push({
        technique: 'ROLE_ESCALATE',
        to,
        grants: [u.grant, x.grant, ...h.grants],
        escalates,
        ...(h.bindsFirst && { bindsFirst: true as const }),
      });
    },
    EDGES_EVERY,
  );
  return out;
}

/** Who is stepping: what it holds beyond `held`, for the checks the API server makes as it. */
export interface Holder {
  /** A namespace's every permission: no binding needed, nothing to impersonate with. */
  everything?: boolean;
  /**
   * An identity reached by constrained impersonation: `held` is what its requests may do, `checks`
   * all it holds, which the RBAC registry's bind and escalation checks read (they authorize as the
   * impersonated user, not through impersonate-on).
   */
  checks?: { held: readonly Held[]; admin: PathGrant[] | undefined; requester: readonly Held[] };
  /** The service accounts stepping (for associated-node: the nodes their pods run on). */
  members?: readonly PathNode[];
  /** Holds every permission already. */
  admin?: boolean;
}

/**
 * A holder's steps are yielded every this many candidates (roles, bindings) looked at: a holder of
 * every permission may bind every role of a 10,000-namespace cluster, tens of thousands of steps
 * that took 0.3–0.5 s as one unit of a risk build.
 */
const EDGES_EVERY = 512;

/** Every step a holder of these rules can take. */
export function edgesOf(held: readonly Held[], ctx: EdgeContext, holder: Holder = {}): Edge[] {
  return runWork(edgesWork(held, ctx, holder));
}

/** edgesOf in slices (sliced-work.ts), the same steps in the same order. */
export function* edgesWork(held: readonly Held[], ctx: EdgeContext, holder: Holder = {}): Work<Edge[]> {
  const steps = [
    ...(holder.checks ? [] : impersonation(held)),
    // A holder of every permission reaches every identity by legacy impersonation already.
    ...(holder.checks || holder.admin || !ctx.constrained
      ? []
      : constrainedImpersonation(held, ctx, holder.members ?? [])),
    ...tokens(held),
    ...podCreation(held),
    ...exec(held),
    ...podPatch(held),
    ...workloadUpdate(held, ctx),
    ...nodes(held, ctx),
  ];
  if (holder.everything) return steps;
  const bound = yield* binding(held, ctx, holder.checks && bindChecks(holder.checks));
  if (!holder.checks) return [...steps, ...bound, ...(yield* escalation(held, bound))];
  const escalated = yield* escalationAs(held, holder.checks);
  return [...steps, ...websocketExec(held, holder.checks), ...bound, ...escalated];
}
