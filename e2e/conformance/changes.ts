// Random changes to a world's RBAC objects, as a pull request would make them: bindings added,
// removed and re-pointed, subjects moved between groups, rules widened and narrowed, ClusterRoles
// labelled into (or out of) an aggregation, roles deleted under their bindings.
import type { KubeObject } from '@/scripts/control-plane/apply';
import type { Random } from './random';
import { AGGREGATE_LABEL, AGGREGATE_ROLE, nonResourceRule, resourceRule } from './world';

const RBAC = 'rbac.authorization.k8s.io';

export interface Change {
  what: string;
  /** Created or replaced (the whole object, as `kubectl apply` sends it). */
  apply?: KubeObject;
  delete?: KubeObject;
  /** A binding whose roleRef changes: the server refuses an update, so it is deleted and created. */
  recreate?: true;
}

export const objectKeyOf = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

const GROUPS = ['team-a', 'team-b', 'team-c', 'ops', 'system:serviceaccounts', 'system:authenticated'];
const clone = (o: KubeObject): KubeObject => structuredClone(o);

interface Pool {
  objects: Map<string, KubeObject>;
  namespaces: readonly string[];
  users: readonly string[];
}

const ofKind = (pool: Pool, ...kinds: string[]) =>
  [...pool.objects.values()].filter(
    (o) =>
      kinds.includes(o.kind) && !o.metadata.name.startsWith('sentinel') && !o.metadata.name.startsWith('conformance:'),
  );

function subject(r: Random, pool: Pool, ns?: string) {
  const roll = r.next();
  if (roll < 0.35) {
    const namespace = ns && r.chance(0.5) ? ns : r.pick(pool.namespaces);
    return { kind: 'ServiceAccount', name: r.pick(['sa-0', 'sa-1', 'ghost']), namespace };
  }
  if (roll < 0.65) return { kind: 'User', apiGroup: RBAC, name: r.pick(pool.users) };
  const group = r.pick([...GROUPS, `system:serviceaccounts:${r.pick(pool.namespaces)}`]);
  return { kind: 'Group', apiGroup: RBAC, name: group };
}

function roleRefIn(r: Random, pool: Pool, ns: string | undefined) {
  const roles = ns ? ofKind(pool, 'Role').filter((o) => o.metadata.namespace === ns) : [];
  if (roles.length > 0 && r.chance(0.4)) return { apiGroup: RBAC, kind: 'Role', name: r.pick(roles).metadata.name };
  return { apiGroup: RBAC, kind: 'ClusterRole', name: r.pick(ofKind(pool, 'ClusterRole')).metadata.name };
}

const MUTATIONS: ((r: Random, pool: Pool, i: number) => Change)[] = [
  function addRoleBinding(r, pool, i) {
    const ns = r.pick(pool.namespaces);
    const subjects = Array.from({ length: r.int(1, 2) }, () => subject(r, pool, ns));
    const obj = {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: { name: `change-${i}`, namespace: ns },
      roleRef: roleRefIn(r, pool, ns),
      subjects,
    };
    return { what: `add RoleBinding ${ns}/change-${i}`, apply: obj };
  },
  function addClusterRoleBinding(r, pool, i) {
    const subjects = Array.from({ length: r.int(1, 2) }, () => subject(r, pool));
    const obj = {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: `change-${i}` },
      roleRef: roleRefIn(r, pool, undefined),
      subjects,
    };
    return { what: `add ClusterRoleBinding change-${i}`, apply: obj };
  },
  function removeBinding(r, pool) {
    const b = r.pick(ofKind(pool, 'RoleBinding', 'ClusterRoleBinding'));
    return { what: `delete ${objectKeyOf(b)}`, delete: b };
  },
  function moveSubject(r, pool) {
    const b = clone(r.pick(ofKind(pool, 'RoleBinding', 'ClusterRoleBinding')));
    const subjects = (b.subjects as { kind: string; name: string }[] | undefined) ?? [];
    const i = subjects.findIndex((s) => s.kind === 'Group');
    const group = r.pick(GROUPS);
    if (i >= 0) subjects[i] = { ...subjects[i]!, name: group };
    else subjects.push({ kind: 'Group', apiGroup: RBAC, name: group } as { kind: string; name: string });
    b.subjects = subjects;
    return { what: `move ${objectKeyOf(b)} to group ${group}`, apply: b };
  },
  function rebind(r, pool) {
    const b = clone(r.pick(ofKind(pool, 'RoleBinding', 'ClusterRoleBinding')));
    b.roleRef = roleRefIn(r, pool, b.metadata.namespace);
    return { what: `re-point ${objectKeyOf(b)} to ${(b.roleRef as { name: string }).name}`, apply: b, recreate: true };
  },
  function widenOrNarrow(r, pool) {
    const role = clone(r.pick(ofKind(pool, 'Role', 'ClusterRole').filter((o) => o.metadata.name !== AGGREGATE_ROLE)));
    const rules = [...((role.rules as unknown[] | undefined) ?? [])];
    const roll = r.next();
    if (roll < 0.4 || rules.length === 0)
      rules.push(role.kind === 'ClusterRole' && r.chance(0.25) ? nonResourceRule(r) : resourceRule(r));
    else if (roll < 0.7) rules.splice(r.int(0, rules.length - 1), 1);
    else {
      const k = r.int(0, rules.length - 1);
      const rule = rules[k] as { verbs: string[] };
      rules[k] = { ...rule, verbs: rule.verbs.includes('*') ? [r.pick(['get', 'list', 'create'])] : ['*'] };
    }
    role.rules = rules;
    return { what: `change the rules of ${objectKeyOf(role)}`, apply: role };
  },
  function relabel(r, pool) {
    const role = clone(r.pick(ofKind(pool, 'ClusterRole').filter((o) => o.metadata.name !== AGGREGATE_ROLE)));
    const labels = { ...((role.metadata.labels as Record<string, string> | undefined) ?? {}) };
    const joining = !(AGGREGATE_LABEL in labels);
    if (joining) labels[AGGREGATE_LABEL] = 'true';
    else delete labels[AGGREGATE_LABEL];
    role.metadata.labels = labels;
    return { what: `${joining ? 'label' : 'unlabel'} ${objectKeyOf(role)} for ${AGGREGATE_ROLE}`, apply: role };
  },
  function removeRole(r, pool) {
    const role = r.pick(ofKind(pool, 'Role', 'ClusterRole').filter((o) => o.metadata.name !== AGGREGATE_ROLE));
    return { what: `delete ${objectKeyOf(role)}`, delete: role };
  },
];

/** Change `i`: the kinds of change taken in turn, so that 50 changes make each one six times or more. */
export function randomChange(r: Random, pool: Pool, i: number): Change {
  return MUTATIONS[i % MUTATIONS.length]!(r, pool, i);
}
