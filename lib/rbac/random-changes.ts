// Test-only: a seeded random cluster and random batches of changes applied to it the way the live
// cache assembles its next model (a modified object keeps its place, an added one goes last, a
// deleted one leaves; kinds without changes keep their arrays), with the ModelChange of each.
// What engine-update.test.ts (and a bench) drives updateEngine with.
import type { ModelChange } from './model/changes';
import { emptyModel, MODEL_FIELD } from './model/types';
import type {
  ClusterModel,
  ClusterRole,
  ClusterRoleBinding,
  Namespace,
  Pod,
  PolicyRule,
  Role,
  RoleBinding,
  ServiceAccount,
  Subject,
} from './model/types';
import { defaultClusterRole, defaultClusterRoleBinding, group, rule, sa, user } from './test-fixtures';
import { defaultOf } from './findings/bootstrap-policy';
import { serviceAccountUsername } from './model/identity';

/** mulberry32: small, fast, and the same sequence for a seed on every machine. */
export function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const NAMESPACES = 8;
const nsName = (i: number) => `ns-${i}`;
const AGG_LABEL = 'example.com/aggregate-to-ops';

/** Rules that make findings and paths: secrets, pods/exec, bind/escalate, impersonate, wildcards. */
const RULES: PolicyRule[] = [
  rule({ verbs: ['get', 'list'], resources: ['pods'], apiGroups: [''] }),
  rule({ verbs: ['get'], resources: ['secrets'], apiGroups: [''] }),
  rule({ verbs: ['create'], resources: ['pods', 'pods/exec'], apiGroups: [''] }),
  rule({ verbs: ['create', 'update'], resources: ['rolebindings'], apiGroups: ['rbac.authorization.k8s.io'] }),
  rule({ verbs: ['bind', 'escalate'], resources: ['clusterroles', 'roles'], apiGroups: ['rbac.authorization.k8s.io'] }),
  rule({ verbs: ['impersonate'], resources: ['serviceaccounts'], apiGroups: [''] }),
  rule({ verbs: ['create'], resources: ['deployments'], apiGroups: ['apps'] }),
  rule({ verbs: ['patch'], resources: ['namespaces'], apiGroups: [''] }),
  rule({ verbs: ['*'], resources: ['*'], apiGroups: ['*'] }),
  rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }),
  rule({ verbs: ['create'], resources: ['serviceaccounts/token'], apiGroups: [''] }),
  rule({ verbs: ['get', 'create'], resources: ['nodes/proxy'], apiGroups: [''] }),
];

const PRIVILEGED = { 'pod-security.kubernetes.io/enforce': 'privileged' };

export class RandomCluster {
  model: ClusterModel;
  private serial = 0;
  constructor(readonly dice: Dice) {
    this.model = this.initial();
  }

  private fresh(prefix: string): string {
    return `${prefix}-${++this.serial}`;
  }

  rules(): PolicyRule[] {
    return Array.from({ length: 1 + this.dice.int(3) }, () => this.dice.pick(RULES));
  }

  namespaceName(): string {
    return nsName(this.dice.int(NAMESPACES + 2));
  }

  subject(namespace: string): Subject {
    const d = this.dice;
    const other = this.namespaceName();
    switch (d.int(7)) {
      case 0:
        return sa(d.pick(['default', 'app', 'ci', 'ghost']), namespace);
      case 1:
        return sa(d.pick(['default', 'app']), other);
      case 2:
        return { kind: 'ServiceAccount', name: d.pick(['app', 'ci']) };
      case 3:
        return user(d.pick(['alice', 'bob', serviceAccountUsername(other, 'app'), 'system:anonymous']));
      case 4:
        return group(d.pick(['devs', 'ops', 'system:serviceaccounts', `system:serviceaccounts:${other}`]));
      case 5:
        return group(d.pick(['system:authenticated', 'system:masters', 'ops']));
      default:
        return { kind: d.pick(['Robot', 'User']), name: d.pick(['carol', 'r2']) };
    }
  }

  subjects(namespace: string): Subject[] {
    return Array.from({ length: this.dice.int(4) }, () => this.subject(namespace));
  }

  pod(namespace: string, name = this.fresh('pod')): Pod {
    const d = this.dice;
    return {
      namespace,
      name,
      serviceAccountName: d.pick(['default', 'app', 'ci', 'ghost']),
      automountServiceAccountToken: d.chance(0.7),
      phase: d.pick(['Running', 'Pending', 'Succeeded', 'Failed', undefined]),
      ...(d.chance(0.7) && { nodeName: d.pick(['node-a', 'node-b', 'node-c']) }),
      ...(d.chance(0.6) && { owner: { group: 'apps', kind: 'ReplicaSet', name: d.pick(['web-1', 'api-2']) } }),
      ...(d.chance(0.4) && { templateHash: d.pick(['1', '2']) }),
      ...this.podVolumes(),
    };
  }

  /** A token Secret some accounts list, another Secret, and projected tokens: for the token findings. */
  podVolumes(): Pick<Pod, 'secretVolumes' | 'projectedTokens'> {
    const d = this.dice;
    return {
      ...(d.chance(0.3) && { secretVolumes: d.pick([['app-token'], ['tls'], ['tls', 'ci-token']]) }),
      ...(d.chance(0.3) && {
        projectedTokens: [
          { expirationSeconds: d.pick([3607, 7200, 172_800]), ...(d.chance(0.3) && { audience: 'vault' }) },
        ],
      }),
    };
  }

  serviceAccount(namespace: string, name: string): ServiceAccount {
    const d = this.dice;
    return {
      namespace,
      name,
      ...(d.chance(0.3) && { automountServiceAccountToken: d.chance(0.5) }),
      ...(d.chance(0.3) && { secrets: d.pick([['app-token'], ['ci-token', 'tls']]) }),
    };
  }

  role(namespace: string, name = this.fresh('role')): Role {
    return { namespace, name, labels: {}, rules: this.rules() };
  }

  roleRefName(namespace: string): { kind: string; name: string } {
    const d = this.dice;
    const roles = this.model.roles.filter((r) => r.namespace === namespace);
    if (roles.length > 0 && d.chance(0.5)) return { kind: 'Role', name: d.pick(roles).name };
    if (d.chance(0.15)) return { kind: d.pick(['Role', 'ClusterRole', 'Other']), name: 'missing' };
    return { kind: 'ClusterRole', name: d.pick(this.model.clusterRoles.map((r) => r.name).concat('gone')) };
  }

  roleBinding(namespace: string, name = this.fresh('rb')): RoleBinding {
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', ...this.roleRefName(namespace) };
    return { namespace, name, labels: {}, roleRef, subjects: this.subjects(namespace) };
  }

  clusterRole(name = this.fresh('cr')): ClusterRole {
    const d = this.dice;
    const labels: Record<string, string> = d.chance(0.4) ? { [AGG_LABEL]: 'true' } : {};
    const aggregating = d.chance(0.15);
    return {
      name,
      labels,
      rules: this.rules(),
      ...(aggregating && {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGG_LABEL]: 'true' }, matchExpressions: [] }] },
      }),
    };
  }

  clusterRoleBinding(name = this.fresh('crb')): ClusterRoleBinding {
    const d = this.dice;
    const roleName = d.chance(0.1) ? 'gone' : d.pick(this.model.clusterRoles).name;
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName };
    return { name, labels: {}, roleRef, subjects: this.subjects('') };
  }

  private initial(): ClusterModel {
    const namespaces: Namespace[] = Array.from({ length: NAMESPACES }, (_, i) => ({
      name: nsName(i),
      labels: i % 3 === 0 ? PRIVILEGED : {},
    }));
    namespaces.push({ name: 'kube-system', labels: {} });
    const clusterRoles = ['cluster-admin', 'admin', 'edit', 'view'].map(defaultClusterRole);
    const clusterRoleBindings = [defaultClusterRoleBinding('cluster-admin')];
    this.model = { ...emptyModel(), namespaces, clusterRoles, clusterRoleBindings };
    for (let i = 0; i < 6; i++) clusterRoles.push(this.clusterRole());
    for (let i = 0; i < 4; i++) clusterRoleBindings.push(this.clusterRoleBinding());
    this.model.roles.push(...defaultRoles());
    this.model.roleBindings.push(...defaultRoleBindings());
    for (const { name } of namespaces.slice(0, NAMESPACES)) this.populate(name);
    return this.model;
  }

  private populate(namespace: string): void {
    const m = this.model;
    for (const name of ['default', 'app']) m.serviceAccounts.push(this.serviceAccount(namespace, name));
    for (let i = 0; i < 1 + this.dice.int(4); i++) m.pods.push(this.pod(namespace));
    for (let i = 0; i < this.dice.int(3); i++) m.roles.push(this.role(namespace));
    for (let i = 0; i < 1 + this.dice.int(3); i++) m.roleBindings.push(this.roleBinding(namespace));
  }
}

/** A default Role and its RoleBinding in kube-system, as Kubernetes creates them (provenance: default). */
function defaultRoles(): Role[] {
  const o = defaultOf('Role', 'kube-system', 'extension-apiserver-authentication-reader');
  return o ? [{ namespace: 'kube-system', name: o.name, labels: { ...o.labels }, rules: o.rules ?? [] }] : [];
}

function defaultRoleBindings(): RoleBinding[] {
  const name = 'system::extension-apiserver-authentication-reader';
  const o = defaultOf('RoleBinding', 'kube-system', name);
  if (!o?.roleRef) return [];
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', ...o.roleRef };
  const labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  return [{ namespace: 'kube-system', name, labels, roleRef, subjects: (o.subjects ?? []).map((s) => ({ ...s })) }];
}

type Kind = ModelChange['kind'];
type Obj = Namespace | ServiceAccount | Pod | Role | ClusterRole | RoleBinding | ClusterRoleBinding;

const FIELD = MODEL_FIELD;

const keyOf = (kind: Kind, o: Obj) => `${kind}/${'namespace' in o ? o.namespace : ''}/${o.name}`;

/** A pod changed as the churn changes one: its phase, node, owner, account, token or volumes. */
function changedPod(c: RandomCluster, p: Pod): Pod {
  const d = c.dice;
  switch (d.int(7)) {
    case 0:
    case 1:
      return { ...p, phase: d.pick(['Running', 'Pending', 'Succeeded', 'Failed']) };
    case 2:
      return { ...p, nodeName: d.pick(['node-a', 'node-b', 'node-d']) };
    case 3:
      return { ...p, owner: { group: 'apps', kind: d.pick(['ReplicaSet', 'StatefulSet']), name: 'web-1' } };
    case 4:
      return { ...p, serviceAccountName: d.pick(['default', 'app', 'ci', 'ghost']) };
    case 5:
      return podVolumesChanged(c, p);
    default:
      return { ...p, automountServiceAccountToken: !p.automountServiceAccountToken };
  }
}

/** A pod with other Secret volumes and projected tokens (none, when it drew none). */
function podVolumesChanged(c: RandomCluster, p: Pod): Pod {
  const next: Pod = { ...p, ...c.podVolumes() };
  if (!next.secretVolumes || next.secretVolumes === p.secretVolumes) delete next.secretVolumes;
  if (!next.projectedTokens || next.projectedTokens === p.projectedTokens) delete next.projectedTokens;
  return next;
}

/** The object after a random change to `before` (or a new one, when absent); undefined: deleted. */
function changed(c: RandomCluster, kind: Kind, before: Obj | undefined): Obj | undefined {
  const d = c.dice;
  if (before && d.chance(0.3)) return undefined;
  const ns = before && 'namespace' in before ? before.namespace : c.namespaceName();
  const name = before?.name;
  switch (kind) {
    case 'Pod':
      return before ? changedPod(c, before as Pod) : c.pod(ns);
    case 'ServiceAccount':
      return c.serviceAccount(ns, name ?? d.pick(['default', 'app', 'ci', 'ghost']));
    case 'Namespace':
      return {
        name: name ?? c.namespaceName(),
        labels: d.chance(0.5) ? PRIVILEGED : {},
      };
    case 'Role':
      return name && d.chance(0.3) ? { ...(before as Role), labels: { x: String(d.int(3)) } } : c.role(ns, name);
    case 'RoleBinding':
      return c.roleBinding(ns, name);
    case 'ClusterRole':
      return c.clusterRole(name);
    default:
      return c.clusterRoleBinding(name);
  }
}

export interface Batch {
  model: ClusterModel;
  changes: ModelChange[];
}

const POD_ONLY: Kind[] = ['Pod'];
const NAMESPACED: Kind[] = ['Pod', 'Pod', 'Pod', 'ServiceAccount', 'Namespace', 'Role', 'RoleBinding', 'RoleBinding'];
const ANY: Kind[] = [...NAMESPACED, 'ClusterRole', 'ClusterRoleBinding'];

/** One random change of `kind` to the draft model, unless it would touch an object the batch changed. */
function changeOne(c: RandomCluster, draft: ClusterModel, kind: Kind, seen: Set<string>): ModelChange | undefined {
  const list = draft[FIELD[kind]] as Obj[];
  const before = list.length > 0 && c.dice.chance(0.65) ? c.dice.pick(list) : undefined;
  const after = changed(c, kind, before);
  if (!after && !before) return undefined;
  const key = keyOf(kind, (after ?? before)!);
  const existing = before ?? list.find((o) => keyOf(kind, o) === key);
  if (seen.has(key) || (!before && existing)) return undefined;
  seen.add(key);
  const copy = [...list];
  if (!after) copy.splice(copy.indexOf(before!), 1);
  else if (before) copy[copy.indexOf(before)] = after;
  else copy.push(after);
  (draft as unknown as Record<string, Obj[]>)[FIELD[kind]] = copy;
  return { kind, ...(before && { before }), ...(after && { after }) } as ModelChange;
}

/**
 * Pods going Pending → Running and back: the churn that changes no risk answer; now and then one
 * changed as pods change otherwise (node, owner, token), which may.
 */
function phaseBatch(c: RandomCluster, size: number): Batch {
  const pods = [...c.model.pods];
  const changes: ModelChange[] = [];
  const touched = new Set<number>();
  for (let i = 0; i < Math.min(size, pods.length); i++) {
    const at = c.dice.int(pods.length);
    const before = pods[at]!;
    if (touched.has(at) || before.phase === 'Succeeded' || before.phase === 'Failed') continue;
    touched.add(at);
    const moved = { ...before, nodeName: before.nodeName ? undefined : 'node-e' };
    const after = c.dice.chance(0.9)
      ? { ...before, phase: before.phase === 'Running' ? 'Pending' : 'Running' }
      : c.dice.pick([moved, changedPod(c, before)]);
    pods[at] = after;
    changes.push({ kind: 'Pod', before, after });
  }
  c.model = { ...c.model, pods };
  return { model: c.model, changes };
}

/** A batch of up to `size` changes: phase churn, pod churn alone, namespaced changes, or any. */
export function randomBatch(c: RandomCluster, size: number): Batch {
  if (c.dice.chance(0.15)) return phaseBatch(c, size);
  const kinds = c.dice.pick([POD_ONLY, POD_ONLY, NAMESPACED, NAMESPACED, ANY]);
  const draft = { ...c.model };
  const seen = new Set<string>();
  const changes: ModelChange[] = [];
  for (let i = 0; i < size; i++) {
    const change = changeOne(c, draft, c.dice.pick(kinds), seen);
    if (change) changes.push(change);
  }
  c.model = draft;
  return { model: draft, changes };
}
