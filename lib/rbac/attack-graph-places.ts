// The places of the attack graph: what a path goes through. Identities that are named by the same
// bindings can do the same things, so they share one place (every service account of a namespace
// that no binding names is one place); a role a path binds, and a namespace whose every permission
// a path gains, are places of their own. A place holds rules at scopes (Held) and knows whether
// they are every permission.
import type { BindingIndex, ResolvedBinding, RoleRefResolved } from './bindings';
import { allowances, heldOfBinding, roleProbes, type Held, type RoleProbes } from './capabilities';
import { AUTHENTICATED_GROUP, PRIVILEGED_GROUP, UNAUTHENTICATED_GROUP } from './identity';
import { identityOfSubject } from './permissions';
import type { PathGrant, PathNode, PlaceNode } from './path-types';
import { bindingsNaming, type SubjectIndex } from './subject-index';
import { firstApplyingSubject, subjectKey, type SubjectRef } from './subjects';
import type { ClusterRole, Identity, PolicyRule, Role, Subject } from './types';

/** One key per node of a path (a subject's is its subject key). */
export function placeKey(node: PathNode): string {
  switch (node.kind) {
    case 'ServiceAccount':
    case 'User':
    case 'Group':
      return subjectKey(node);
    case 'Role':
      return `Role:${node.namespace}/${node.name}`;
    case 'ClusterRole':
      return `ClusterRole:${node.name}@${node.namespace ?? ''}`;
    case 'Namespace':
      return `Namespace:${node.name}`;
  }
}

export interface Place {
  id: number;
  held: Held[];
  members: PathNode[];
  /** Holds every permission: the grants that make it so (empty for system:masters, allowed before RBAC). */
  admin?: PathGrant[];
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

  constructor(index: BindingIndex) {
    this.index = index;
  }

  private of(key: string, rules: readonly PolicyRule[]): RoleProbes {
    let p = this.byKey.get(key);
    if (!p) this.byKey.set(key, (p = roleProbes(rules)));
    return p;
  }

  ofRole(r: Role): RoleProbes {
    return this.of(`Role:${r.namespace}/${r.name}`, r.rules);
  }

  ofClusterRole(r: ClusterRole): RoleProbes {
    return this.of(`ClusterRole:${r.name}`, r.rules);
  }

  ofAnyRule(): RoleProbes {
    return this.of('*', [ANY_RULE]);
  }

  ofBinding(b: ResolvedBinding): RoleProbes | undefined {
    const role = b.role;
    if (role?.kind === 'Role') {
      const r = this.index.roles.get(`${role.namespace}/${role.name}`);
      return r && this.ofRole(r);
    }
    const r = role && this.index.clusterRoles.get(role.name);
    return r && this.ofClusterRole(r);
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

/** The places, identity classes first, then the roles and namespaces steps lead to (rolePlace). */
export class Places {
  readonly list: Place[] = [];
  private readonly byKey = new Map<string, Place>();
  private readonly classes = new Map<string, Place>();
  /** One Held per binding subject, shared by every class it names (the cluster-wide ones name them all). */
  private readonly heldBySubject = new Map<string, Held | undefined>();
  private readonly index: BindingIndex;
  private readonly subjects: SubjectIndex;
  readonly probes: RoleProbesCache;

  constructor(index: BindingIndex, subjects: SubjectIndex, probes: RoleProbesCache) {
    this.index = index;
    this.subjects = subjects;
    this.probes = probes;
    for (const ref of subjects.known.serviceAccounts) this.addIdentity(ref);
    for (const ref of subjects.known.users) this.addIdentity(ref);
    for (const ref of subjects.known.groups) this.addIdentity(ref);
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

  /** An identity joins the class of those its bindings name alike (system:masters' apart). */
  private addIdentity(ref: SubjectRef): void {
    const identity = identityOf(ref);
    const bound: Bound[] = [];
    for (const b of bindingsNaming(this.subjects, identity)) {
      const subject = firstApplyingSubject(identity, b.subjects, b.namespace);
      if (subject && b.role) bound.push({ b, s: b.subjects.indexOf(subject), subject });
    }
    const superuser = identity.groups.includes(PRIVILEGED_GROUP);
    const key = (superuser ? 'masters|' : '') + bound.map(({ b, s }) => `${b.seq}.${s}`).join(',');
    let place = this.classes.get(key);
    if (place) place.members.push(ref);
    else {
      const held = bound.flatMap((x) => this.heldThrough(x) ?? []);
      place = this.add(held, [ref], superuser ? [] : adminGrants(held));
      this.classes.set(key, place);
    }
    this.byKey.set(subjectKey(ref), place);
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
    if (node.kind === 'Role') {
      const role = this.index.roles.get(`${node.namespace}/${node.name}`);
      const ref: RoleRefResolved = { kind: 'Role', name: node.name, namespace: node.namespace };
      return role && atScope(node.namespace, { probes: this.probes.ofRole(role), rules: role.rules, role: ref });
    }
    const role = this.index.clusterRoles.get(node.name);
    const ref: RoleRefResolved = { kind: 'ClusterRole', name: node.name };
    return (
      role && atScope(node.namespace ?? '', { probes: this.probes.ofClusterRole(role), rules: role.rules, role: ref })
    );
  }
}

/** Rules held at a scope: "*" is every namespace (scope "", nothing cluster-scoped). */
function atScope(scope: string, held: Omit<Held, 'scope' | 'namespacedOnly'>): Held {
  return { scope: scope === '*' ? '' : scope, ...(scope === '*' && { namespacedOnly: true }), ...held };
}
