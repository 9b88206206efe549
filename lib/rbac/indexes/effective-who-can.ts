// Who effectively can: the subjects allowed a request (who-can), then every subject that can become
// one of them, each by its shortest attack path, grouped by how many steps away. One backward search
// from every holder over the attack graph's step index (attack-graph.ts pathsToHolders), not one
// search per holder: a request held by a few thousand service accounts costs one search.
import type { BindingIndex } from '../authorizer/bindings';
import { canI } from '../authorizer/can-i';
import { ruleAllows } from '../authorizer/match';
import { requestNamespace, visitSubjectBindings } from '../authorizer/walk';
import { compareSubjects } from '../authorizer/subjects';
import { allowanceFor, allowances, nameless, namesAllow, type Allowance, type Held } from '../findings/capabilities';
import { impersonatedIdentity, serviceAccountIdentity } from '../model/identity';
import type { AccessRequest, ClusterRole, Identity, Role } from '../model/types';
import { subjectKey, type SubjectRef } from '../model/refs';
import { placeKey, type AttackGraph, type HolderPath, type HolderTest } from '../paths/attack-graph';
import type { PartialIdentity } from '../paths/attack-graph-places';
import type { ActionRule } from '../paths/constrained-impersonation';
import {
  CLUSTER_ADMIN,
  type AttackPath,
  type PathGrant,
  type PathNode,
  type PathStep,
  type PathTarget,
  type PlaceNode,
} from '../paths/path-types';
import { visibleItems } from './builtin-visibility';
import type { SubjectIndex } from './subject-index';
import { groupReach, whoCan, type WhoCanSubject } from './who-can';

/** A subject that can become a holder of the request: its shortest path, and the holder it ends at. */
export interface IndirectHolder {
  subject: SubjectRef;
  path: AttackPath;
  /** Steps on the path (1: one step away). */
  distance: number;
  /** Where the path ends: an identity allowed the request, a role the path binds, a namespace's every permission, or cluster-admin. */
  via: PathTarget;
  /** The subject is one of Kubernetes' own (every binding naming it is a default: the controllers): hidden where built-ins are. */
  builtin: boolean;
}

export interface EffectiveWhoCan {
  /** who-can's answer: the subjects allowed the request as they are. */
  direct: WhoCanSubject[];
  /** Every other subject that can become a holder, grouped by steps away, nearest first. */
  indirect: { distance: number; subjects: IndirectHolder[] }[];
}

/**
 * Whether rules held at a scope allow a request, as the authorizer's walk reaches them: a
 * RoleBinding's (scope = its namespace) only requests in that namespace, a ClusterRoleBinding's
 * (scope "") every request, one RoleBinding in every namespace (namespacedOnly) no cluster-scoped
 * request (rbac.go VisitRulesFor: cluster bindings, then the request namespace's RoleBindings).
 */
export function heldAllows(h: Pick<Held, 'scope' | 'namespacedOnly' | 'rules'>, request: AccessRequest): boolean {
  const namespace = requestNamespace(request);
  const inScope = h.scope === '' ? !(h.namespacedOnly && namespace === '') : h.scope === namespace;
  return inScope && h.rules.some((rule) => ruleAllows(rule, request));
}

/** The identity a path has when it becomes a node no binding names (impersonation fills in the groups). */
function identityOfNode(node: SubjectRef): Identity {
  if (node.kind === 'ServiceAccount') return serviceAccountIdentity(node.namespace, node.name);
  // Impersonate-Group goes with some user: the group and system:authenticated (as the graph's group places).
  return node.kind === 'User' ? impersonatedIdentity(node.name, []) : impersonatedIdentity('', [node.name]);
}

const isIdentity = (node: PathNode): node is SubjectRef =>
  node.kind === 'ServiceAccount' || node.kind === 'User' || node.kind === 'Group';

/**
 * Whether being a node is holding the request: a place by the rules it holds (every member of an
 * identity class is named by the same bindings), a node no place is (an identity no binding names)
 * by the authorizer itself.
 * A partial identity (constrained impersonation) holds it only when its impersonate-on rules allow
 * it too (partialAllows).
 */
function holderTest(index: BindingIndex, request: AccessRequest): HolderTest {
  return (node, place) => {
    if (place?.partial) return partialAllows(place.partial, request);
    if (place) return place.admin !== undefined || place.held.some((h) => heldAllows(h, request));
    return isIdentity(node) && canI(index, identityOfNode(node), request).allowed;
  };
}

/**
 * A partial identity (constrained impersonation) holds a request when the identity does and its
 * requester's impersonate-on rules allow it: checked on the request's own attributes, its verb
 * prefixed (mode.go impersonateOnAttributes), where the rule is held.
 */
function partialAllows(p: PartialIdentity, request: AccessRequest): boolean {
  const base = p.base.admin !== undefined || p.base.held.some((h) => heldAllows(h, request));
  return base && p.actions.rules.some((r) => heldAllows(actionHeld(r), request));
}

/** An impersonate-on rule, its prefix taken off, as rules held where it is. */
function actionHeld(r: ActionRule): Pick<Held, 'scope' | 'namespacedOnly' | 'rules'> {
  const { namespace, namespacedOnly, ...rule } = r;
  return { scope: namespace, ...(namespacedOnly && { namespacedOnly }), rules: [rule] };
}

/**
 * Namespaces where a service account no binding names holds the request through a group the
 * answer lists (system:serviceaccounts:NS; "default" for every namespace's): where a search must
 * also start from accounts steps name in any namespace.
 */
function unboundAccountNamespaces(direct: readonly WhoCanSubject[]): string[] {
  const out = new Set<string>();
  for (const s of direct) {
    if (s.kind !== 'Group') continue;
    const reach = groupReach(s.name).serviceAccounts;
    if (reach !== undefined) out.add(reach === 'all' ? 'default' : reach);
  }
  return [...out];
}

/** The roles whose rules allow the request: Roles of its namespace, and ClusterRoles. */
interface HoldingRoles {
  namespace: string;
  roles: readonly Role[];
  clusterRoles: readonly ClusterRole[];
}

function holdingRoles(index: BindingIndex, request: AccessRequest): HoldingRoles {
  const namespace = requestNamespace(request);
  const allows = (r: Role | ClusterRole) => r.rules.some((rule) => ruleAllows(rule, request));
  const roles = namespace === '' ? [] : [...index.roles.values()].filter((r) => r.namespace === namespace && allows(r));
  return { namespace, roles, clusterRoles: [...index.clusterRoles.values()].filter(allows) };
}

/** A last step that binds oneself to a role holding the request. */
interface BindStep {
  to: PlaceNode;
  grants: PathGrant[];
}

/**
 * A binding of oneself to a role that holds the request, when the held rules allow creating it:
 * BindingAuthorized (pkg/registry/rbac/validation and rolebinding/policybased) wants `create` on the
 * binding and `bind` on the role, by name, in the binding's namespace. The attack graph binds only
 * roles that make further steps (a role that merely reads secrets is no step there), so the last
 * step of an effective answer is found here, for the roles that hold this request.
 */
function bindStep(held: readonly Held[], holding: HoldingRoles): BindStep | undefined {
  // Most places create no binding: asked of every place, so answered without building allowances.
  if (!held.some((h) => h.probes.createRoleBindings || h.probes.createClusterRoleBindings)) return undefined;
  const ns = holding.namespace;
  const create = ns === '' ? undefined : allowanceFor(nameless(allowances(held, 'createRoleBindings')), ns, '');
  if (create) {
    for (const r of holding.roles) {
      const b = allowanceFor(allowances(held, 'bindRoles'), ns, r.name);
      if (b) return { to: { kind: 'Role', namespace: ns, name: r.name }, grants: [create.grant, b.grant] };
    }
    for (const r of holding.clusterRoles) {
      const b = allowanceFor(allowances(held, 'bindClusterRoles'), ns, r.name);
      if (b) return { to: { kind: 'ClusterRole', name: r.name, namespace: ns }, grants: [create.grant, b.grant] };
    }
  }
  const cluster = (a: Allowance) => a.scope === '' && !a.namespacedOnly;
  const createCluster = nameless(allowances(held, 'createClusterRoleBindings')).find(cluster);
  if (!createCluster) return undefined;
  const binds = allowances(held, 'bindClusterRoles').filter(cluster);
  for (const r of holding.clusterRoles) {
    const b = binds.find((a) => namesAllow(a.names, r.name));
    if (b) return { to: { kind: 'ClusterRole', name: r.name }, grants: [createCluster.grant, b.grant] };
  }
  return undefined;
}

/** A holder test that also accepts binders, noting each binder's members' last step. */
function orBinders(holds: HolderTest, holding: HoldingRoles, binders: Map<string, BindStep>): HolderTest {
  return (node, place) => {
    if (holds(node, place)) return true;
    const step = place && bindStep(place.held, holding);
    if (step) for (const member of place.members) binders.set(placeKey(member), step);
    return step !== undefined;
  };
}

/** A path through a binder, ended by its bind step. */
function boundPath(p: HolderPath, step: BindStep): HolderPath {
  const path = (): AttackPath => {
    const { from, steps } = p.path();
    const last: PathStep = { technique: 'ROLE_BIND', from: p.end as PathNode, to: step.to, grants: step.grants };
    return { from, to: step.to, steps: [...steps, last] };
  };
  return { from: p.from, distance: p.distance + 1, end: step.to, path };
}

/**
 * Each subject's shortest path to a holder. The search from holders and binders (`wider`) is the
 * answer unless some path ends at a binder; then the search from holders alone (`exact`) says
 * whether a holder is as near, so a path through a binder is taken only when its bind step keeps
 * it shortest (a search cannot weigh a last step that is no step of the graph).
 */
function shortestPaths(
  wider: readonly HolderPath[],
  binders: ReadonlyMap<string, BindStep>,
  exact: () => readonly HolderPath[],
): HolderPath[] {
  const binderOf = (p: HolderPath) => (p.end === CLUSTER_ADMIN ? undefined : binders.get(placeKey(p.end)));
  if (!wider.some((p) => binderOf(p))) return [...wider];
  const byFrom = new Map(exact().map((p) => [subjectKey(p.from), p]));
  for (const p of wider) {
    const step = binderOf(p);
    const known = byFrom.get(subjectKey(p.from));
    if (step && !(known && known.distance <= p.distance + 1)) byFrom.set(subjectKey(p.from), boundPath(p, step));
  }
  return [...byFrom.values()].sort((a, b) => a.distance - b.distance || compareSubjects(a.from, b.from));
}

/** Kubernetes' own identity: every binding naming it (or a group it is in) is one of Kubernetes' own. */
function isBuiltinSubject(subjects: SubjectIndex, ref: SubjectRef): boolean {
  let some = false;
  const all = visitSubjectBindings(subjects, identityOfNode(ref), (b) => {
    some = true;
    return b.builtin;
  });
  return some && all;
}

/** Who can make the request, directly or by becoming a holder first (paths from pathsToHolders, nearest first). */
export function effectiveWhoCan(
  index: BindingIndex,
  subjects: SubjectIndex,
  graph: AttackGraph,
  request: AccessRequest,
): EffectiveWhoCan {
  const direct = whoCan(index, subjects, request);
  const holds = holderTest(index, request);
  const namespaces = unboundAccountNamespaces(direct);
  const binders = new Map<string, BindStep>();
  const wider = graph.pathsToHolders(orBinders(holds, holdingRoles(index, request), binders), namespaces);
  const isDirect = new Set(direct.map(subjectKey));
  const indirect: EffectiveWhoCan['indirect'] = [];
  for (const found of shortestPaths(wider, binders, () => graph.pathsToHolders(holds, namespaces))) {
    const { from: subject, distance, end: via } = found;
    if (distance === 0 || isDirect.has(subjectKey(subject))) continue;
    let group = indirect.at(-1);
    if (group?.distance !== distance) indirect.push((group = { distance, subjects: [] }));
    let path: AttackPath | undefined;
    const builtin = isBuiltinSubject(subjects, subject);
    // Read when shown: an answer at 10,000 namespaces has tens of thousands of paths.
    group.subjects.push({
      subject,
      distance,
      via,
      builtin,
      get path() {
        return (path ??= found.path());
      },
    });
  }
  return { direct, indirect };
}

/** The indirect holders a view shows: Kubernetes' own paths (the controllers') left out unless `show`, counted. */
export function visibleIndirect(
  indirect: EffectiveWhoCan['indirect'],
  show: boolean,
): { shown: EffectiveWhoCan['indirect']; hidden: number } {
  let hidden = 0;
  const shown: EffectiveWhoCan['indirect'] = [];
  for (const g of indirect) {
    const v = visibleItems(g.subjects, show, (s) => s.builtin);
    hidden += v.hidden;
    if (v.shown.length > 0) shown.push({ distance: g.distance, subjects: v.shown });
  }
  return { shown, hidden };
}
