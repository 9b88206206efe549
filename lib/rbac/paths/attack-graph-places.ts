// The places of the attack graph: what a path goes through. Identities that are named by the same
// bindings can do the same things, so they share one place (every service account of a namespace
// that no binding names is one place); a role a path binds, and a namespace whose every permission
// a path gains, are places of their own. A place holds rules at scopes (Held) and knows whether
// they are every permission.
import type { BindingIndex, ResolvedBinding } from '../authorizer/bindings';
import { allowances, heldOfBinding, roleProbes, type Held, type RoleProbes } from '../findings/capabilities';
import {
  AUTHENTICATED_GROUP,
  PRIVILEGED_GROUP,
  UNAUTHENTICATED_GROUP,
  nodeIdentity,
  nodeOfUsername,
} from '../model/identity';
import { REQUEST_SHAPES, type Shape, type ShapeId } from '../findings/request-shapes';
import {
  partialHeld,
  type ActionSource,
  type ImpersonatedActions,
  type ImpersonationMode,
} from './constrained-impersonation';

import { identityOfSubject } from '../indexes/permissions';
import type { PathGrant, PathNode, PlaceNode } from './path-types';
import type { SubjectIndex } from '../indexes/subject-index';
import type { ClusterRole, Identity, PolicyRule, Role, Subject } from '../model/types';
import { visitSubjectBindings } from '../authorizer/walk';
import { eachOf, runWork, within, type Work } from '../sliced-work';
import { objectKey, roleKey, roleRef, subjectKey, type RoleRef, type SubjectRef } from '../model/refs';

/** One key per node of a path: its ref's key; a ClusterRole's with the namespace it is bound in ("*": every one). */
export function placeKey(node: PathNode): string {
  return node.kind === 'ClusterRole'
    ? `${roleKey({ kind: 'ClusterRole', name: node.name })}@${node.namespace ?? ''}`
    : objectKey(node);
}

export interface Place {
  id: number;
  held: Held[];
  members: PathNode[];
  /** Holds every permission: the grants that make it so (empty for system:masters, allowed before RBAC). */
  admin?: PathGrant[];
  /** An identity as a requester acts as it through constrained impersonation: only some of its requests. */
  partial?: PartialIdentity;
  /**
   * Only the base of partial identities: a node's identity exists only through constrained
   * impersonation (legacy impersonation of its user name gives other groups), so no step leads
   * into it and it takes none of its own.
   */
  baseOnly?: true;
}

/** Whom a partial place is (base), who acts as it (by), how, and what it may do. */
export interface PartialIdentity {
  mode: ImpersonationMode;
  by: Place;
  base: Place;
  actions: ImpersonatedActions;
}

/** Every permission of a namespace, which no role of the cluster is. */
const ANY_RULE: PolicyRule = {
  verbs: ['*'],
  apiGroups: ['*'],
  resources: ['*'],
  resourceNames: [],
  nonResourceURLs: [],
};

/** A role's probes, computed once per role (and once for "every permission"). */
export class RoleProbesCache {
  private readonly byKey = new Map<string, RoleProbes>();
  private readonly index: BindingIndex;
  /** The request shapes of the version modelled (requestShapes). */
  readonly shapes: Readonly<Record<ShapeId, readonly Shape[]>>;

  constructor(index: BindingIndex, shapes: Readonly<Record<ShapeId, readonly Shape[]>> = REQUEST_SHAPES) {
    this.index = index;
    this.shapes = shapes;
  }

  private of(key: string, rules: readonly PolicyRule[]): RoleProbes {
    let p = this.byKey.get(key);
    if (!p) this.byKey.set(key, (p = roleProbes(rules, this.shapes)));
    return p;
  }

  ofRole(r: Role): RoleProbes {
    return this.of(roleKey(roleRef('Role', r.namespace, r.name)), r.rules);
  }

  ofClusterRole(r: ClusterRole): RoleProbes {
    return this.of(roleKey(roleRef('ClusterRole', '', r.name)), r.rules);
  }

  ofAnyRule(): RoleProbes {
    return this.of('*', [ANY_RULE]);
  }

  /** The probes of the role a ref names, when it exists. */
  ofRef(ref: RoleRef): RoleProbes | undefined {
    const role = this.index.role(ref);
    return role && this.of(roleKey(ref), role.rules);
  }

  ofBinding(b: ResolvedBinding): RoleProbes | undefined {
    return b.role && this.ofRef(b.role);
  }
}

/** The grants by which rules held are every permission: every resource and every URL, cluster-wide. */
function adminGrants(held: readonly Held[]): PathGrant[] | undefined {
  const everyResource = allowances(held, 'everyResource').find((a) => a.scope === '' && !a.namespacedOnly);
  const everyUrl = allowances(held, 'everyUrl').find((a) => a.scope === '' && !a.namespacedOnly);
  return everyResource && everyUrl ? [everyResource.grant, everyUrl.grant] : undefined;
}

/** The identity a group's members have: the group, and system:authenticated with it. */
function memberIdentity(group: string): Identity {
  return {
    user: '',
    groups: group === UNAUTHENTICATED_GROUP || group === AUTHENTICATED_GROUP ? [group] : [group, AUTHENTICATED_GROUP],
  };
}

function identityOf(ref: SubjectRef): Identity {
  return ref.kind === 'Group' ? memberIdentity(ref.name) : identityOfSubject(ref);
}

/** A binding's subject that applies to an identity, and its position in the binding. */
interface Bound {
  b: ResolvedBinding;
  s: number;
  subject: Subject;
}

/**
 * The places, identity classes first (addIdentities), then the roles and namespaces steps lead to
 * (rolePlace).
 */
export class Places {
  readonly list: Place[] = [];
  private readonly byKey = new Map<string, Place>();
  private readonly classes = new Map<string, Place>();
  /** One Held per binding subject, shared by every class it names (the cluster-wide ones name them all). */
  private readonly heldBySubject = new Map<string, Held | undefined>();
  private readonly index: BindingIndex;
  private readonly subjects: SubjectIndex;
  readonly probes: RoleProbesCache;

  /** The nodes a service account's token-mounting pods run on (associated-node's requester). */
  private readonly nodesOf: (ref: SubjectRef) => readonly string[];

  constructor(
    index: BindingIndex,
    subjects: SubjectIndex,
    probes: RoleProbesCache,
    nodesOf: (ref: SubjectRef) => readonly string[] = () => [],
  ) {
    this.index = index;
    this.subjects = subjects;
    this.probes = probes;
    this.nodesOf = nodesOf;
  }

  /** Every known identity's place (its class's), in subject order; system:masters' too. In slices: work. */
  *addIdentities(): Work<void> {
    const { serviceAccounts, users, groups } = this.subjects.known;
    // Each part's progress scaled to its share, so the build's progress never goes back.
    yield* within(
      eachOf(serviceAccounts, (ref) => this.addIdentity(ref), 512),
      0,
      0.5,
    );
    yield* within(
      eachOf(users, (ref) => this.addIdentity(ref), 512),
      0.5,
      0.6,
    );
    // A group may be named by a binding in every namespace (0.1 s at 10,000 namespaces): one at a
    // time, its rules gathered in slices.
    const share = (i: number) => 0.6 + (0.4 * i) / groups.length;
    for (const [i, ref] of groups.entries()) {
      yield* within(this.addIdentityWork(ref), share(i), share(i + 1));
      yield share(i + 1);
    }
    if (!this.byKey.has(subjectKey({ kind: 'Group', name: PRIVILEGED_GROUP })))
      this.addIdentity({ kind: 'Group', name: PRIVILEGED_GROUP });
  }

  /** The place of a node, when it has one. */
  of(node: PathNode): Place | undefined {
    return this.byKey.get(placeKey(node));
  }

  private add(held: Held[], members: PathNode[], admin: PathGrant[] | undefined): Place {
    const place: Place = { id: this.list.length, held, members, ...(admin && { admin }) };
    this.list.push(place);
    return place;
  }

  private heldThrough({ b, s, subject }: Bound): Held | undefined {
    const key = `${b.seq}.${s}`;
    if (this.heldBySubject.has(key)) return this.heldBySubject.get(key);
    const probes = this.probes.ofBinding(b);
    const h = probes && heldOfBinding(b, subject, probes);
    this.heldBySubject.set(key, h);
    return h;
  }

  private boundOf(identity: Identity): Bound[] {
    const bound: Bound[] = [];
    visitSubjectBindings(this.subjects, identity, (b, subject) => {
      if (b.role) bound.push({ b, s: b.subjects.indexOf(subject), subject });
    });
    return bound;
  }

  /** An identity joins the class of those its bindings name alike (system:masters' apart). */
  private addIdentity(ref: SubjectRef): void {
    runWork(this.addIdentityWork(ref));
  }

  /** addIdentity in slices: a new class's rules, a few hundred bindings at a time. */
  private *addIdentityWork(ref: SubjectRef): Work<void> {
    const identity = identityOf(ref);
    const bound = this.boundOf(identity);
    const superuser = identity.groups.includes(PRIVILEGED_GROUP);
    const key =
      (superuser ? 'masters|' : '') + bound.map(({ b, s }) => `${b.seq}.${s}`).join(',') + this.nodeKey(ref, bound);
    let place = this.classes.get(key);
    if (place) place.members.push(ref);
    else {
      const held: Held[] = [];
      yield* eachOf(
        bound,
        (x) => {
          const h = this.heldThrough(x);
          if (h) held.push(h);
        },
        256,
      );
      place = this.add(held, [ref], superuser ? [] : adminGrants(held));
      this.classes.set(key, place);
    }
    this.byKey.set(subjectKey(ref), place);
  }

  /**
   * associated-node makes a service account the node its own pods run on: accounts that may use it
   * are classes of their own by those nodes (one class's steps are every member's).
   */
  private nodeKey(ref: SubjectRef, bound: readonly Bound[]): string {
    if (ref.kind !== 'ServiceAccount') return '';
    const may = bound.some((x) => (this.heldThrough(x)?.probes.impersonateAssociatedNode?.length ?? 0) > 0);
    return may ? `|nodes:${[...new Set(this.nodesOf(ref))].sort().join(',')}` : '';
  }

  /**
   * A node's identity as constrained impersonation makes it: system:node:<name> in group
   * system:nodes (mode.go fixes the groups), unlike a user of that name impersonated the legacy way.
   */
  nodePlace(name: string): Place {
    const key = `node:${name}`;
    const found = this.byKey.get(key);
    if (found) return found;
    const identity = nodeIdentity(name);
    const held = this.boundOf(identity).flatMap((x) => this.heldThrough(x) ?? []);
    const place = this.add(held, [{ kind: 'User', name: identity.user }], adminGrants(held));
    place.baseOnly = true;
    this.byKey.set(key, place);
    return place;
  }

  /** The place a constrained impersonation step into `node` acts as (a node's own for the node modes). */
  baseOf(node: PathNode, mode: ImpersonationMode): Place | undefined {
    const nodeName = node.kind === 'User' && mode.endsWith('-node') ? nodeOfUsername(node.name) : undefined;
    return nodeName !== undefined ? this.nodePlace(nodeName) : this.of(node);
  }

  /** The partial identity `by` acts as through `mode`, if the step index made it. */
  partialOf(base: Place, by: Place, mode: ImpersonationMode): Place | undefined {
    return this.byKey.get(partialKey(base, by, mode));
  }

  /** The partial identity a constrained impersonation step of `by` makes of `base`; made when first asked. */
  partialPlace(
    base: Place,
    by: Place,
    mode: ImpersonationMode,
    actions: ImpersonatedActions,
    sources: readonly ActionSource[],
  ): Place {
    const key = partialKey(base, by, mode);
    const found = this.byKey.get(key);
    if (found) return found;
    const held = partialHeld(base.held, sources, mode, this.probes.shapes);
    const place = this.add(held, base.members, adminGrants(held));
    place.partial = { mode, by, base, actions };
    this.byKey.set(key, place);
    return place;
  }

  /** The place of a role a path binds, or of a namespace's every permission; made when first asked. */
  rolePlace(node: PlaceNode): Place | undefined {
    const key = placeKey(node);
    const found = this.byKey.get(key);
    if (found) return found;
    const held = this.heldAt(node);
    if (!held) return undefined;
    const place = this.add([held], [node], adminGrants([held]));
    this.byKey.set(key, place);
    return place;
  }

  /** What a role place holds: its rules at the scope it is bound at ("*": in every namespace). */
  private heldAt(node: PlaceNode): Held | undefined {
    if (node.kind === 'Namespace') return atScope(node.name, { probes: this.probes.ofAnyRule(), rules: [ANY_RULE] });
    // Written as before (kind, name, namespace): a path's grants print it in this order.
    const ref: RoleRef =
      node.kind === 'Role'
        ? { kind: 'Role', name: node.name, namespace: node.namespace }
        : { kind: 'ClusterRole', name: node.name };
    const role = this.index.role(ref);
    const probes = this.probes.ofRef(ref);
    return role && probes && atScope(node.namespace ?? '', { probes, rules: role.rules, role: ref });
  }
}

const partialKey = (base: Place, by: Place, mode: ImpersonationMode) => `partial:${base.id}:${by.id}:${mode}`;

/** Rules held at a scope: "*" is every namespace (scope "", nothing cluster-scoped). */
function atScope(scope: string, held: Omit<Held, 'scope' | 'namespacedOnly'>): Held {
  return { scope: scope === '*' ? '' : scope, ...(scope === '*' && { namespacedOnly: true }), ...held };
}
