// The worlds attack paths are proven in: a hand-written one with each technique and each near miss
// (one attacker user each), and a seeded random one with technique rules sprinkled over namespaces,
// service accounts, users and groups.
import { collectionPath, createObjects, type KubeObject } from '@/scripts/control-plane/apply';
import { adminFetch, type ControlPlane, type StaticUser } from '@/scripts/control-plane/control-plane';
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
/** An owner reference to an object of the world; its uid is filled in at creation (createWorld). */
type Owner = { apiVersion: string; kind: string; name: string };
const ownerRef = (o: Owner) => ({ ...o, controller: true, blockOwnerDeletion: true });

/** A workload object (its template runs as `serviceAccount`), optionally owned by another. */
const workload = (
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
  serviceAccount: string,
  labels: Record<string, string>,
  owner?: Owner,
): KubeObject => {
  const template = { metadata: { labels }, spec: podSpec(serviceAccount) };
  const spec: Record<string, unknown> =
    kind === 'Job'
      ? { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } }
      : kind === 'ReplicationController'
        ? { replicas: 0, selector: labels, template }
        : { selector: { matchLabels: labels }, template, ...(kind !== 'DaemonSet' && { replicas: 0 }) };
  if (kind === 'StatefulSet') spec.serviceName = name;
  return {
    apiVersion,
    kind,
    metadata: { name, namespace, ...(owner && { ownerReferences: [ownerRef(owner)] }) },
    spec,
  };
};

/**
 * A workload and the pod its controller would have made (no workload controller runs: the pod is
 * created with the owner reference the controller sets). A Deployment comes with its ReplicaSet
 * `<name>-<hash>` and the pod-template-hash label, as the Deployment controller makes them.
 */
function workloadWithPod(
  kind: 'Deployment' | 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'Job' | 'ReplicationController',
  namespace: string,
  name: string,
  serviceAccount: string,
  node: string,
  automount = true,
): KubeObject[] {
  const apiVersion = kind === 'Job' ? 'batch/v1' : kind === 'ReplicationController' ? 'v1' : 'apps/v1';
  const labels = { app: name };
  const out: KubeObject[] = [];
  let owner: Owner = { apiVersion, kind, name };
  let podLabels: Record<string, string> = labels;
  let podName = `${name}-0`;
  if (kind === 'Deployment') {
    const hash = '7c9f8d';
    podLabels = { ...labels, 'pod-template-hash': hash };
    out.push(workload(apiVersion, 'Deployment', namespace, name, serviceAccount, labels));
    out.push(workload(apiVersion, 'ReplicaSet', namespace, `${name}-${hash}`, serviceAccount, podLabels, owner));
    owner = { apiVersion, kind: 'ReplicaSet', name: `${name}-${hash}` };
    podName = `${name}-${hash}-x1`;
  } else out.push(workload(apiVersion, kind, namespace, name, serviceAccount, labels));
  out.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName, namespace, labels: podLabels, ownerReferences: [ownerRef(owner)] },
    spec: podSpec(serviceAccount, { nodeName: node, automountServiceAccountToken: automount }),
  });
  return out;
}

/**
 * Creates the objects in order, filling each owner reference's uid from the owner created before it
 * (the garbage collector deletes a dependent whose owner's uid does not match).
 */
export async function createWorld(cp: Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>, objects: KubeObject[]) {
  let plain: KubeObject[] = [];
  for (const obj of objects) {
    const refs = obj.metadata.ownerReferences as (Owner & { uid?: string })[] | undefined;
    if (!refs) {
      plain.push(obj);
      continue;
    }
    await createObjects(cp, plain);
    plain = [];
    const withUids = await Promise.all(
      refs.map(async (ref) => {
        const url = `${collectionPath(ref, obj.metadata.namespace)}/${ref.name}`;
        const r = await adminFetch(cp, url);
        const uid = (r.body as { metadata?: { uid?: string } }).metadata?.uid;
        if (!uid) throw new Error(`owner ${url}: ${r.status}`);
        return { ...ref, uid };
      }),
    );
    await createObjects(cp, [{ ...obj, metadata: { ...obj.metadata, ownerReferences: withUids } }]);
  }
  await createObjects(cp, plain);
}

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

// Each technique once (attacker user `<technique>`), bound cluster-wide or in one namespace.
const one = (name: string, namespace: string | undefined, rules: Rule[]): KubeObject[] =>
  namespace
    ? [
        clusterRole(`atk-${name}`, rules),
        rb(namespace, `atk-${name}`, { kind: 'ClusterRole', name: `atk-${name}` }, [user(name)]),
      ]
    : [clusterRole(`atk-${name}`, rules), crb(`atk-${name}`, `atk-${name}`, [user(name)])];
const both = (name: string, grants: { namespace?: string; rules: Rule[] }[]): KubeObject[] =>
  grants.flatMap((g, i) => [
    clusterRole(`atk-${name}-${i}`, g.rules),
    g.namespace
      ? rb(g.namespace, `atk-${name}-${i}`, { kind: 'ClusterRole', name: `atk-${name}-${i}` }, [user(name)])
      : crb(`atk-${name}-${i}`, `atk-${name}-${i}`, [user(name)]),
  ]);
const createPods = { apiGroups: [''], resources: ['pods'], verbs: ['create'] };

/** The namespaces (by Pod Security level), service accounts, the admin, its pods and ops' workloads. */
function scenarioBase(): KubeObject[] {
  return [
    ns('ops', 'restricted'),
    ns('app'),
    ns('locked', 'restricted'),
    ns('base', 'baseline'),
    sa('ops', 'admin'),
    sa('ops', 'runner'),
    sa('base', 'runner'),
    crb('ops-admin', 'cluster-admin', [saSubject('ops', 'admin')]),
    pod('ops', 'admin-pod', 'admin', 'node-1'),
    pod('ops', 'quiet-pod', 'admin', 'node-2', false),
    // Workloads of ops, known from their pods' owner references (they run as ops/runner).
    ...workloadWithPod('Deployment', 'ops', 'web', 'runner', 'node-2'),
    ...workloadWithPod('DaemonSet', 'ops', 'agent', 'runner', 'node-2'),
    ...workloadWithPod('Job', 'ops', 'once', 'runner', 'node-2'),
  ];
}

/** Patching or updating a pod that runs as the admin, and near misses. */
function podPatchScenarios(): KubeObject[] {
  return [
    ...one('pod-patch', 'ops', [
      { apiGroups: [''], resources: ['pods'], verbs: ['patch'], resourceNames: ['admin-pod'] },
    ]),
    ...one('pod-update', 'ops', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'update'] }]),
    ...one('miss-pod-status', 'ops', [{ apiGroups: [''], resources: ['pods/status'], verbs: ['patch', 'update'] }]),
    ...one('miss-pod-names', 'ops', [
      { apiGroups: [''], resources: ['pods'], verbs: ['patch', 'update'], resourceNames: ['other-pod'] },
    ]),
    ...one('miss-pod-no-token', 'ops', [
      { apiGroups: [''], resources: ['pods'], verbs: ['patch'], resourceNames: ['quiet-pod'] },
    ]),
  ];
}

/** Patching or updating a workload whose pods run as ops/runner, and near misses. */
function workloadScenarios(): KubeObject[] {
  return [
    ...one('deploy-patch', 'ops', [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'], resourceNames: ['web'] },
    ]),
    ...one('rs-update', 'ops', [{ apiGroups: ['apps'], resources: ['replicasets'], verbs: ['update'] }]),
    ...one('ds-patch', undefined, [{ apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['patch'] }]),
    ...one('miss-deploy-names', 'ops', [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch', 'update'], resourceNames: ['api'] },
    ]),
    ...one('miss-deploy-subresources', 'ops', [
      { apiGroups: ['apps'], resources: ['deployments/scale', 'deployments/status'], verbs: ['patch', 'update'] },
    ]),
    ...one('miss-job-update', 'ops', [
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'patch', 'update'] },
    ]),
    // A CronJob owns Jobs, never pods: unknown to the engine, so updating it is a finding, not a step.
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'ops' },
      spec: {
        schedule: '0 0 * * *',
        suspend: true,
        jobTemplate: { spec: { template: { spec: { ...podSpec('runner'), restartPolicy: 'Never' } } } },
      },
    },
    ...one('cronjob-patch', 'ops', [{ apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['patch'] }]),
    ...one('miss-no-workload', 'ops', [
      { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['patch', 'update'] },
    ]),
  ];
}

/** Relabelling a namespace to privileged before creating a pod there. */
function relabelScenarios(): KubeObject[] {
  return [
    ...one('relabel', 'locked', [createPods, { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] }]),
    ...both('relabel-update', [
      { rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'update'], resourceNames: ['base'] }] },
      { namespace: 'base', rules: [createPods] },
    ]),
    ...both('miss-relabel-names', [
      { rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['patch', 'update'], resourceNames: ['app'] }] },
      { namespace: 'locked', rules: [createPods] },
    ]),
    ...both('miss-relabel-other-ns', [
      { namespace: 'base', rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['patch', 'update'] }] },
      { namespace: 'locked', rules: [createPods] },
    ]),
  ];
}

/** Impersonating a service account, a group, and requesting a token. */
function impersonationScenarios(): KubeObject[] {
  return [
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
  ];
}

const AUTHN = 'authentication.k8s.io';
/** Constrained impersonation's identity rule: `impersonate:<mode>` on what the mode names (mode.go). */
const impersonateAs = (mode: string, resources: string[], resourceNames?: string[]): Rule => ({
  apiGroups: [AUTHN],
  resources,
  verbs: [`impersonate:${mode}`],
  ...(resourceNames && { resourceNames }),
});
/** Its action rule: `impersonate-on:<mode>:<verb>` on the impersonated request's own attributes. */
const impersonateOn = (mode: string, verbs: string[], apiGroups: string[], resources: string[]): Rule => ({
  apiGroups,
  resources,
  verbs: verbs.map((v) => `impersonate-on:${mode}:${v}`),
});

/**
 * Constrained impersonation (Kubernetes 1.36, KEP-5284), one attacker per mode: a service account
 * limited to listing Secrets of payments (the case); the same mode as a cluster-admin account
 * limited to creating ClusterRoleBindings (the bind check then runs as that account); user-info with
 * a user and a group; an arbitrary node; the node a service account's pod runs on (associated-node:
 * its pod-bound token carries the node's name, ServiceAccountTokenPodNodeInfo, GA in 1.32).
 */
function constrainedScenarios(): KubeObject[] {
  return [
    ns('payments'),
    sa('payments', 'imp'),
    sa('payments', 'payments-api'),
    role('payments', 'payments-api', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
    rb('payments', 'payments-api', { kind: 'Role', name: 'payments-api' }, [saSubject('payments', 'payments-api')]),
    role('payments', 'imp', [
      impersonateAs('serviceaccount', ['serviceaccounts']),
      impersonateOn('serviceaccount', ['list'], [''], ['secrets']),
    ]),
    rb('payments', 'imp', { kind: 'Role', name: 'imp' }, [saSubject('payments', 'imp')]),
    ...both('cimp-sa-admin', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['admin'])] },
      { rules: [impersonateOn('serviceaccount', ['create'], [RBAC], ['clusterrolebindings'])] },
    ]),
    crb('ui-admins', 'cluster-admin', [group('ui-admins')]),
    ...one('cimp-userinfo', undefined, [
      impersonateAs('user-info', ['users'], ['ui-someone']),
      impersonateAs('user-info', ['groups'], ['ui-admins']),
      impersonateOn('user-info', ['create'], [RBAC], ['clusterrolebindings']),
    ]),
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cnode-1' } },
    role('ops', 'node-tokens', [
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], resourceNames: ['admin'] },
    ]),
    rb('ops', 'node-tokens', { kind: 'Role', name: 'node-tokens' }, [user('system:node:cnode-1')]),
    ...one('cimp-node', undefined, [
      impersonateAs('arbitrary-node', ['nodes'], ['cnode-1']),
      impersonateOn('arbitrary-node', ['create'], [''], ['serviceaccounts/token']),
    ]),
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cnode-2' } },
    sa('ops', 'agent'),
    pod('ops', 'agent-pod', 'agent', 'cnode-2'),
    clusterRole('cimp-agent', [
      impersonateAs('associated-node', ['nodes']),
      impersonateOn('associated-node', ['list'], [''], ['pods']),
    ]),
    crb('cimp-agent', 'cimp-agent', [saSubject('ops', 'agent')]),
    clusterRole('node-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
    crb('node-pods', 'node-pods', [user('system:node:cnode-2')]),
    ...constrainedMisses(),
  ];
}

/**
 * What constrained impersonation refuses: system:masters through user-info (mode.go refuses it
 * before any check), a request outside the `impersonate-on` verbs, an account the
 * `impersonate:serviceaccount` rule's resourceNames do not name, a verb spelled as a wildcard, a
 * cluster-scoped action through a RoleBinding, a create narrowed by name, and associated-node
 * granted on the node's name.
 */
function constrainedMisses(): KubeObject[] {
  return [
    ...one('miss-cimp-masters', undefined, [
      impersonateAs('user-info', ['users'], ['nobody']),
      impersonateAs('user-info', ['groups'], ['system:masters']),
      impersonateOn('user-info', ['create', 'get', 'list'], ['*'], ['*']),
    ]),
    ...both('miss-cimp-action', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['admin'])] },
      { rules: [impersonateOn('serviceaccount', ['get', 'list'], [''], ['secrets'])] },
    ]),
    ...both('miss-cimp-names', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['runner'])] },
      { rules: [impersonateOn('serviceaccount', ['create', 'get', 'list'], ['*'], ['*'])] },
    ]),
    // An action rule in a Role allows requests in its namespace only: never a ClusterRoleBinding.
    ...one('miss-cimp-scope', 'ops', [
      impersonateAs('serviceaccount', ['serviceaccounts'], ['admin']),
      impersonateOn('serviceaccount', ['create'], [RBAC], ['clusterrolebindings']),
    ]),
    // bind and escalate are checked inside the binding and role handlers, as the impersonated
    // identity: never a request's verb, so `impersonate-on:<mode>:bind` allows no request at all.
    ...both('miss-cimp-bind', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['admin'])] },
      { rules: [impersonateOn('serviceaccount', ['bind', 'escalate'], [RBAC], ['clusterroles'])] },
    ]),
    // A create names no object when it is authorized, so resourceNames never match it.
    ...both('miss-cimp-create-name', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['admin'])] },
      {
        rules: [
          { ...impersonateOn('serviceaccount', ['create'], [RBAC], ['clusterrolebindings']), resourceNames: ['root'] },
        ],
      },
    ]),
    // associated-node's identity check names the node "*" (mode.go): a rule naming the node misses it.
    sa('ops', 'agent2'),
    pod('ops', 'agent2-pod', 'agent2', 'cnode-2'),
    clusterRole('miss-cimp-assoc-name', [
      impersonateAs('associated-node', ['nodes'], ['cnode-2']),
      impersonateOn('associated-node', ['list'], [''], ['pods']),
    ]),
    crb('miss-cimp-assoc-name', 'miss-cimp-assoc-name', [saSubject('ops', 'agent2')]),
    // RBAC matches a verb whole (VerbMatches: "*" or equal), so `impersonate-on:serviceaccount:*` is
    // one literal verb no request has: the account is named, yet no request may be made as it.
    ...both('miss-cimp-star', [
      { namespace: 'ops', rules: [impersonateAs('serviceaccount', ['serviceaccounts'], ['admin'])] },
      { rules: [impersonateOn('serviceaccount', ['*'], ['*'], ['*'])] },
    ]),
  ];
}

/** Creating pods and workloads, exec, ephemeral containers, node proxy. */
function podCreateScenarios(): KubeObject[] {
  return [
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
    // A workload's controller creates the privileged pod: admitted in an open namespace, or in one relabelled first.
    ...one('escape-deploy', 'app', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }]),
    ...one('relabel-daemonset', 'locked', [
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] },
    ]),
    ...one('miss-deploy-restricted', 'locked', [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
    ]),
    ...one('proxy', undefined, [
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'], resourceNames: ['node-1'] },
    ]),
  ];
}

/** Binding, escalating and rebinding roles; two-step paths through a group and a service account. */
function bindingScenarios(): KubeObject[] {
  return [
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
}

/**
 * Effective who-can's own last steps and targets: binding oneself to a role that holds a request
 * but makes no further step (a RoleBinding to Role app/eff-secret-reader; a ClusterRoleBinding to
 * ClusterRole eff-cm-lister), and impersonating a service account no binding names (app/robot)
 * that holds a request through its namespace's group.
 */
function effectiveScenarios(): KubeObject[] {
  return [
    role('app', 'eff-secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    ...one('eff-binder', 'app', [
      { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['create'] },
      { apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'], resourceNames: ['eff-secret-reader'] },
    ]),
    clusterRole('eff-cm-lister', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]),
    ...one('eff-crb-binder', undefined, [
      { apiGroups: [RBAC], resources: ['clusterrolebindings'], verbs: ['create'] },
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['eff-cm-lister'] },
    ]),
    role('app', 'eff-cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
    rb('app', 'eff-app-sas', { kind: 'Role', name: 'eff-cm-reader' }, [group('system:serviceaccounts:app')]),
    ...one('eff-imp-robot', undefined, [
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['robot'] },
    ]),
  ];
}

/** Each technique once (attacker user `<technique>`), and each near miss (attacker `miss-<what>`). */
export function scenarioWorld(): PathWorld {
  const objects: KubeObject[] = [
    ...scenarioBase(),
    ...podPatchScenarios(),
    ...workloadScenarios(),
    ...relabelScenarios(),
    ...impersonationScenarios(),
    ...podCreateScenarios(),
    ...bindingScenarios(),
    ...constrainedScenarios(),
    ...effectiveScenarios(),
  ];
  const attackers = objects.flatMap((o) =>
    ((o.subjects as Subj[] | undefined) ?? [])
      // Node users are only ever impersonated: no token of their own.
      .filter((s) => s.kind === 'User' && !s.name.startsWith('system:node:'))
      .map((s) => s.name),
  );
  return {
    objects,
    users: [
      ...[...new Set(attackers)].map((name): StaticUser => ({ name })),
      { name: memberOf('devs'), groups: ['devs'] },
    ],
  };
}

interface WorldNames {
  sas: string[];
  pods: string[];
  nodes: string[];
  users: string[];
  roles: string[];
  bindings: string[];
  workloads: string[];
  namespaces: string[];
}
type Narrow = (pool: string[]) => { resourceNames?: string[] };

/** One rule maker per technique (and a harmless one), drawn with equal chance, in this order. */
const TECHNIQUE_RULES: ((r: Random, names: WorldNames, maybe: Narrow) => Rule)[] = [
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: ['serviceaccounts'],
    verbs: ['impersonate'],
    ...maybe(names.sas),
  }),
  (r, names, maybe) => ({ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], ...maybe(names.users) }),
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: ['groups'],
    verbs: ['impersonate'],
    ...maybe(['system:masters', 'team-a', 'ops']),
  }),
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: ['serviceaccounts/token'],
    verbs: ['create'],
    ...maybe(names.sas),
  }),
  () => ({ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get'] }),
  (r) => ({
    apiGroups: [r.pick(['apps', 'batch'])],
    resources: [r.pick(['deployments', 'jobs', 'cronjobs', 'daemonsets'])],
    verbs: ['create'],
  }),
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: [r.pick(['pods/exec', 'pods/attach', 'pods/ephemeralcontainers'])],
    verbs: [r.pick(['create', 'patch', 'update'])],
    ...maybe(names.pods),
  }),
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: ['nodes/proxy'],
    verbs: [r.pick(['get', 'create'])],
    ...maybe(names.nodes),
  }),
  (r, names, maybe) => ({
    apiGroups: [''],
    resources: [r.pick(['pods', 'pods', 'pods/status'])],
    verbs: [r.pick(['patch', 'update'])],
    ...maybe(names.pods),
  }),
  (r, names, maybe) => {
    const [group, resource] = r.pick([
      ['apps', 'deployments'],
      ['apps', 'replicasets'],
      ['apps', 'daemonsets'],
      ['apps', 'statefulsets'],
      ['batch', 'jobs'],
      ['', 'replicationcontrollers'],
      ['apps', 'deployments/scale'],
    ] as const);
    return {
      apiGroups: [group],
      resources: [resource],
      verbs: [r.pick(['patch', 'update'])],
      ...maybe(names.workloads),
    };
  },
  (r) => ({
    apiGroups: [''],
    resources: ['pods', 'namespaces'],
    verbs: ['create', r.pick(['patch', 'update'])],
  }),
  (r, names, maybe) => ({ apiGroups: [''], resources: ['namespaces'], verbs: ['patch'], ...maybe(names.namespaces) }),
  (r, names) => ({
    apiGroups: [RBAC],
    resources: [r.pick(['rolebindings', 'clusterrolebindings'])],
    verbs: [r.pick(['create', 'update'])],
    ...(r.chance(0.3) ? { resourceNames: r.some(names.bindings, 1) } : {}),
  }),
  (r, names, maybe) => ({
    apiGroups: [RBAC],
    resources: [r.pick(['roles', 'clusterroles'])],
    verbs: ['bind'],
    ...maybe(names.roles),
  }),
  (r, names, maybe) => ({
    apiGroups: [RBAC],
    resources: [r.pick(['roles', 'clusterroles'])],
    verbs: ['update', 'escalate'],
    ...maybe(names.roles),
  }),
  () => ({ apiGroups: [''], resources: ['configmaps', 'pods'], verbs: ['get', 'list'] }),
  // Constrained impersonation: one rule naming both the identity and one action (RBAC matches each
  // verb against each resource, so it also allows what it does not mean: harmless, and real).
  (r, names, maybe) => {
    const [mode, resources, pool] = r.pick(constrainedIdentities(names));
    const [group, resource] = r.pick(IMPERSONATED_ACTIONS);
    return {
      apiGroups: [AUTHN, group],
      resources: [...resources, resource],
      verbs: [`impersonate:${mode}`, `impersonate-on:${mode}:${r.pick(IMPERSONATED_VERBS)}`],
      ...maybe(pool),
    };
  },
  // An action alone: paths need an identity rule of the same mode from another role.
  (r) => {
    const [group, resource] = r.pick(IMPERSONATED_ACTIONS);
    const mode = r.pick(['serviceaccount', 'user-info', 'arbitrary-node', 'associated-node']);
    return {
      apiGroups: [group],
      resources: [resource],
      verbs: [`impersonate-on:${mode}:${r.pick(IMPERSONATED_VERBS)}`],
    };
  },
];

/** The requests a drawn `impersonate-on` rule allows: technique requests and plain reads. */
const IMPERSONATED_ACTIONS = [
  ['', 'secrets'],
  ['', 'pods'],
  ['', 'serviceaccounts/token'],
  [RBAC, 'rolebindings'],
  [RBAC, 'clusterrolebindings'],
  ['apps', 'deployments'],
  ['', 'configmaps'],
] as const;
const IMPERSONATED_VERBS = ['create', 'get', 'list', 'patch', 'update'];

/** Each constrained mode with what its identity check names and the names to narrow it to. */
function constrainedIdentities(names: WorldNames): [string, string[], string[]][] {
  return [
    ['serviceaccount', ['serviceaccounts'], names.sas],
    ['user-info', ['users', 'groups'], [...names.users, ...RANDOM_GROUPS]],
    ['arbitrary-node', ['nodes'], names.nodes],
    // The associated-node check names every node ("*"): a rule naming one node never matches it.
    ['associated-node', ['nodes'], ['*', ...names.nodes]],
  ];
}

/** Technique rules, some narrowed by resourceNames drawn from the world's names. */
function techniqueRule(r: Random, names: WorldNames): Rule {
  const maybe = (pool: string[]) => (r.chance(0.4) ? { resourceNames: r.some(pool, r.int(1, 2)) } : {});
  return r.pick(TECHNIQUE_RULES)(r, names, maybe);
}

const WORKLOAD_KINDS_DRAWN = [
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'ReplicationController',
] as const;

const LEVELS = [undefined, 'privileged', 'baseline', 'restricted'];
export const RANDOM_NODES = ['rnode-0', 'rnode-1', 'rnode-2'];
const RANDOM_USERS = ['ruser-0', 'ruser-1', 'ruser-2', 'ruser-3', 'ruser-4'];
const RANDOM_GROUPS = ['team-a', 'team-b', 'ops'];
const RANDOM_ROLES = [...Array.from({ length: 10 }, (_, i) => `tech-${i}`), 'cluster-admin', 'edit'];

/**
 * A seeded random world of technique roles bound at random. The parts draw from `r` in turn, in
 * this order: the order of the draws is the world, so a part moved changes every proof's paths.
 */
export function randomWorld(seed: number): PathWorld & { namespaces: string[] } {
  const r = new Random(seed);
  const namespaces = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
  const objects: KubeObject[] = [];
  const drawn = randomNamespaces(r, namespaces, objects);
  const names: WorldNames = {
    sas: ['sa-0', 'sa-1', 'sa-2'],
    pods: drawn.pods,
    nodes: RANDOM_NODES,
    users: RANDOM_USERS,
    roles: RANDOM_ROLES,
    bindings: ['rb-0', 'rb-1', 'crb-0', 'crb-1'],
    workloads: [...drawn.workloads, 'wl-deployment', 'other'],
    namespaces,
  };
  for (let i = 0; i < 10; i++)
    objects.push(
      clusterRole(
        `tech-${i}`,
        Array.from({ length: r.int(1, 3) }, () => techniqueRule(r, names)),
      ),
    );
  randomBindings(r, namespaces, drawn.sas, objects);
  objects.push(...nodeAgent(r, namespaces));
  return {
    objects,
    namespaces,
    users: [
      ...RANDOM_USERS.map((name) => ({ name })),
      ...RANDOM_GROUPS.map((g) => ({ name: memberOf(g), groups: [g] })),
    ],
  };
}

/**
 * A node agent's grant, as a DaemonSet's would be: every service account of the random namespaces
 * may act as the node its pod runs on (associated-node), for two drawn actions. Drawn last, so the
 * world before it is unchanged.
 */
function nodeAgent(r: Random, namespaces: string[]): KubeObject[] {
  const actions = Array.from({ length: 2 }, (): Rule => {
    const [group, resource] = r.pick(IMPERSONATED_ACTIONS);
    return impersonateOn('associated-node', [r.pick(IMPERSONATED_VERBS)], [group], [resource]);
  });
  return [
    clusterRole('node-agent', [impersonateAs('associated-node', ['nodes']), ...actions]),
    crb(
      'node-agent',
      'node-agent',
      namespaces.map((n) => group(`system:serviceaccounts:${n}`)),
    ),
  ];
}

/** Each namespace at a random Pod Security level, three service accounts, a pod or two, maybe a workload. */
function randomNamespaces(r: Random, namespaces: string[], objects: KubeObject[]) {
  const sas: [string, string][] = [];
  const pods: string[] = [];
  const workloads: string[] = [];
  for (const n of namespaces) {
    objects.push(ns(n, r.pick(LEVELS)));
    for (let i = 0; i < 3; i++) {
      objects.push(sa(n, `sa-${i}`));
      sas.push([n, `sa-${i}`]);
    }
    for (let i = 0; i < r.int(1, 2); i++) {
      const name = `pod-${i}`;
      objects.push(pod(n, name, `sa-${r.int(0, 2)}`, r.pick(RANDOM_NODES), r.chance(0.7)));
      pods.push(name);
    }
    if (r.chance(0.7)) {
      const kind = r.pick(WORKLOAD_KINDS_DRAWN);
      const name = `wl-${kind.toLowerCase()}`;
      objects.push(...workloadWithPod(kind, n, name, `sa-${r.int(0, 2)}`, r.pick(RANDOM_NODES), r.chance(0.8)));
      workloads.push(name);
    }
  }
  return { sas, pods, workloads };
}

/** Two cluster admins (the targets), then fourteen bindings of technique roles to random subjects. */
function randomBindings(r: Random, namespaces: string[], sas: [string, string][], objects: KubeObject[]): void {
  const subject = (): Subj => {
    const k = r.int(0, 3);
    if (k === 0) {
      const [n, name] = r.pick(sas);
      return saSubject(n, name);
    }
    // A node's user: what impersonating it (arbitrary-node, associated-node) reaches.
    if (k === 3) return user(`system:node:${r.pick(RANDOM_NODES)}`);
    return k === 1 ? user(r.pick(RANDOM_USERS)) : group(r.pick(RANDOM_GROUPS));
  };
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
}
