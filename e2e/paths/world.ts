// The worlds attack paths are proven in: a hand-written one with each technique and each near miss
// (one attacker user each), and a seeded random one with technique rules sprinkled over namespaces,
// service accounts, users and groups.
import type { KubeObject } from '@/scripts/control-plane/apply';
import type { StaticUser } from '@/scripts/control-plane/control-plane';
import { Random } from '../conformance/random';
import { memberOf, podSpec } from './executor';

const RBAC = 'rbac.authorization.k8s.io';
const API = `${RBAC}/v1`;
type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };

const ns = (name: string, enforce?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(enforce && { labels: { 'pod-security.kubernetes.io/enforce': enforce } }) },
});
const sa = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
});
const pod = (namespace: string, name: string, serviceAccount: string, node: string, automount = true): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: podSpec(serviceAccount, { nodeName: node, automountServiceAccountToken: automount }),
});
const clusterRole = (name: string, rules: Rule[]): KubeObject => ({
  apiVersion: API,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
});
const role = (namespace: string, name: string, rules: Rule[]): KubeObject => ({
  apiVersion: API,
  kind: 'Role',
  metadata: { name, namespace },
  rules,
});
type Subj = { kind: string; name: string; namespace?: string; apiGroup?: string };
const user = (name: string): Subj => ({ kind: 'User', apiGroup: RBAC, name });
const group = (name: string): Subj => ({ kind: 'Group', apiGroup: RBAC, name });
const saSubject = (namespace: string, name: string): Subj => ({ kind: 'ServiceAccount', name, namespace });
const crb = (name: string, roleName: string, subjects: Subj[]): KubeObject => ({
  apiVersion: API,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName },
  subjects,
});
const rb = (
  namespace: string,
  name: string,
  roleRef: { kind: string; name: string },
  subjects: Subj[],
): KubeObject => ({
  apiVersion: API,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: RBAC, ...roleRef },
  subjects,
});

export interface PathWorld {
  objects: KubeObject[];
  users: StaticUser[];
}

/** Each technique once (attacker user `<technique>`), and each near miss (attacker `miss-<what>`). */
export function scenarioWorld(): PathWorld {
  const one = (name: string, namespace: string | undefined, rules: Rule[]): KubeObject[] =>
    namespace
      ? [
          clusterRole(`atk-${name}`, rules),
          rb(namespace, `atk-${name}`, { kind: 'ClusterRole', name: `atk-${name}` }, [user(name)]),
        ]
      : [clusterRole(`atk-${name}`, rules), crb(`atk-${name}`, `atk-${name}`, [user(name)])];
  const objects: KubeObject[] = [
    ns('ops', 'restricted'),
    ns('app'),
    ns('locked', 'restricted'),
    ns('base', 'baseline'),
    sa('ops', 'admin'),
    sa('base', 'runner'),
    crb('ops-admin', 'cluster-admin', [saSubject('ops', 'admin')]),
    pod('ops', 'admin-pod', 'admin', 'node-1'),
    pod('ops', 'quiet-pod', 'admin', 'node-2', false),
    ...one('imp-sa', 'ops', [
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['admin'] },
    ]),
    ...one('miss-imp-names', 'ops', [
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['default'] },
    ]),
    ...one('imp-group', undefined, [
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['system:masters'] },
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['nobody'] },
    ]),
    ...one('miss-imp-group-alone', undefined, [{ apiGroups: [''], resources: ['groups'], verbs: ['impersonate'] }]),
    ...one('token', 'ops', [
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], resourceNames: ['admin'] },
    ]),
    ...one('pods', 'ops', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
    ...one('cronjobs', 'ops', [{ apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['create'] }]),
    ...one('exec', 'ops', [
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['admin-pod'] },
    ]),
    ...one('miss-exec-no-token', 'ops', [
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['quiet-pod'] },
    ]),
    ...one('ephemeral', 'ops', [{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }]),
    ...one('escape', 'app', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
    ...one('miss-restricted', 'locked', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
    ...one('proxy', undefined, [
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'], resourceNames: ['node-1'] },
    ]),
    ...one('binder', undefined, [
      { apiGroups: [RBAC], resources: ['clusterrolebindings'], verbs: ['create'] },
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-admin'] },
    ]),
    ...one('miss-no-bind', undefined, [
      { apiGroups: [RBAC], resources: ['clusterrolebindings', 'rolebindings'], verbs: ['create'] },
    ]),
    clusterRole('self-editor', [
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['update', 'escalate'], resourceNames: ['self-editor'] },
    ]),
    crb('escalate', 'self-editor', [user('escalate')]),
    role('ops', 'tokens', [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }]),
    rb('ops', 'token-users', { kind: 'Role', name: 'tokens' }, [user('someone-else')]),
    role('ops', 'rebinder', [
      { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['update'], resourceNames: ['token-users'] },
      { apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'], resourceNames: ['tokens'] },
    ]),
    rb('ops', 'rebind', { kind: 'Role', name: 'rebinder' }, [user('rebind')]),
    clusterRole('atk-two-step-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
    rb('base', 'devs-pods', { kind: 'ClusterRole', name: 'atk-two-step-pods' }, [group('devs')]),
    clusterRole('atk-impersonate-sa', [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }]),
    rb('ops', 'runner-impersonates', { kind: 'ClusterRole', name: 'atk-impersonate-sa' }, [
      saSubject('base', 'runner'),
    ]),
  ];
  const attackers = objects.flatMap((o) =>
    ((o.subjects as Subj[] | undefined) ?? []).filter((s) => s.kind === 'User').map((s) => s.name),
  );
  return {
    objects,
    users: [
      ...[...new Set(attackers)].map((name): StaticUser => ({ name })),
      { name: memberOf('devs'), groups: ['devs'] },
    ],
  };
}

/** Technique rules, some narrowed by resourceNames drawn from the world's names. */
function techniqueRule(
  r: Random,
  names: { sas: string[]; pods: string[]; nodes: string[]; users: string[]; roles: string[]; bindings: string[] },
): Rule {
  const maybe = (pool: string[]) => (r.chance(0.4) ? { resourceNames: r.some(pool, r.int(1, 2)) } : {});
  return r.pick<() => Rule>([
    () => ({ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], ...maybe(names.sas) }),
    () => ({ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], ...maybe(names.users) }),
    () => ({
      apiGroups: [''],
      resources: ['groups'],
      verbs: ['impersonate'],
      ...maybe(['system:masters', 'team-a', 'ops']),
    }),
    () => ({ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], ...maybe(names.sas) }),
    () => ({ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get'] }),
    () => ({
      apiGroups: [r.pick(['apps', 'batch'])],
      resources: [r.pick(['deployments', 'jobs', 'cronjobs', 'daemonsets'])],
      verbs: ['create'],
    }),
    () => ({
      apiGroups: [''],
      resources: [r.pick(['pods/exec', 'pods/attach', 'pods/ephemeralcontainers'])],
      verbs: [r.pick(['create', 'patch', 'update'])],
      ...maybe(names.pods),
    }),
    () => ({ apiGroups: [''], resources: ['nodes/proxy'], verbs: [r.pick(['get', 'create'])], ...maybe(names.nodes) }),
    () => ({
      apiGroups: [RBAC],
      resources: [r.pick(['rolebindings', 'clusterrolebindings'])],
      verbs: [r.pick(['create', 'update'])],
      ...(r.chance(0.3) ? { resourceNames: r.some(names.bindings, 1) } : {}),
    }),
    () => ({
      apiGroups: [RBAC],
      resources: [r.pick(['roles', 'clusterroles'])],
      verbs: ['bind'],
      ...maybe(names.roles),
    }),
    () => ({
      apiGroups: [RBAC],
      resources: [r.pick(['roles', 'clusterroles'])],
      verbs: ['update', 'escalate'],
      ...maybe(names.roles),
    }),
    () => ({ apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list'] }),
  ])();
}

export function randomWorld(seed: number): PathWorld & { namespaces: string[] } {
  const r = new Random(seed);
  const namespaces = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
  const levels = [undefined, 'privileged', 'baseline', 'restricted'];
  const nodes = ['rnode-0', 'rnode-1', 'rnode-2'];
  const users = ['ruser-0', 'ruser-1', 'ruser-2', 'ruser-3', 'ruser-4'];
  const groups = ['team-a', 'team-b', 'ops'];
  const objects: KubeObject[] = [];
  const sas: [string, string][] = [];
  const pods: string[] = [];
  for (const n of namespaces) {
    objects.push(ns(n, r.pick(levels)));
    for (let i = 0; i < 3; i++) {
      objects.push(sa(n, `sa-${i}`));
      sas.push([n, `sa-${i}`]);
    }
    for (let i = 0; i < r.int(1, 2); i++) {
      const name = `pod-${i}`;
      objects.push(pod(n, name, `sa-${r.int(0, 2)}`, r.pick(nodes), r.chance(0.7)));
      pods.push(name);
    }
  }
  const roleNames = [
    'tech-0',
    'tech-1',
    'tech-2',
    'tech-3',
    'tech-4',
    'tech-5',
    'tech-6',
    'tech-7',
    'tech-8',
    'tech-9',
    'cluster-admin',
    'edit',
  ];
  const bindingNames = ['rb-0', 'rb-1', 'crb-0', 'crb-1'];
  const names = { sas: ['sa-0', 'sa-1', 'sa-2'], pods, nodes, users, roles: roleNames, bindings: bindingNames };
  for (let i = 0; i < 10; i++)
    objects.push(
      clusterRole(
        `tech-${i}`,
        Array.from({ length: r.int(1, 3) }, () => techniqueRule(r, names)),
      ),
    );
  const subject = (): Subj => {
    const k = r.int(0, 2);
    if (k === 0) {
      const [n, name] = r.pick(sas);
      return saSubject(n, name);
    }
    return k === 1 ? user(r.pick(users)) : group(r.pick(groups));
  };
  // Targets: two service accounts and a user hold every permission.
  for (let i = 0; i < 2; i++) objects.push(crb(`radmin-${i}`, 'cluster-admin', [subject()]));
  for (let i = 0; i < 14; i++) {
    const roleName = r.chance(0.85) ? `tech-${r.int(0, 9)}` : r.pick(['edit', 'cluster-admin']);
    const subjects = Array.from({ length: r.int(1, 2) }, subject);
    if (r.chance(0.25))
      objects.push(
        crb(
          i < 2 ? `crb-${i}` : `rcrb-${i}`,
          roleName === 'edit' ? 'view' : roleName === 'cluster-admin' ? 'view' : roleName,
          subjects,
        ),
      );
    else
      objects.push(
        rb(r.pick(namespaces), i < 2 ? `rb-${i}` : `rrb-${i}`, { kind: 'ClusterRole', name: roleName }, subjects),
      );
  }
  return {
    objects,
    namespaces,
    users: [...users.map((name) => ({ name })), ...groups.map((g) => ({ name: memberOf(g), groups: [g] }))],
  };
}
