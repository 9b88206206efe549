// POD_PATCH, WORKLOAD_UPDATE and NAMESPACE_RELABEL, each with its near misses: a table of small
// worlds, the subject `mallory`, and the steps the engine must find (or none). The same steps are
// performed on a real API server in e2e/paths.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { roleProbes } from '../findings/capabilities';
import { ruleDangers } from '../findings/danger';
import { createEngine } from '../engine';
import type { FindingId } from '../findings/findings';
import { CLUSTER_ADMIN, type AttackPath, type PathStep } from './path-types';
import { clusterRole, clusterRoleBinding, roleBinding, rule, sa, user, world } from '../test-fixtures';
import { TECHNIQUES } from './techniques';
import type { ClusterModel, Namespace, Pod, PolicyRule } from '../model/types';
import { ALL_WORKLOAD_KINDS, MUTABLE_WORKLOAD_KINDS } from '../indexes/workloads';
import { type SubjectRef } from '../model/refs';

const everything = clusterRole('cluster-admin', [
  rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }),
  rule({ verbs: ['*'], nonResourceURLs: ['*'] }),
]);
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted' };
const ns = (name: string, labels: Record<string, string> = RESTRICTED): Namespace => ({ name, labels });
const pod = (namespace: string, name: string, serviceAccountName: string, extra: Partial<Pod> = {}): Pod => ({
  namespace,
  name,
  serviceAccountName,
  automountServiceAccountToken: true,
  ...extra,
});
const mallory: SubjectRef = { kind: 'User', name: 'mallory' };

/** Where mallory's rules are bound: a ClusterRoleBinding ("") or a RoleBinding in a namespace. */
type Grant = { in: string; rules: PolicyRule[] };

/**
 * Every namespace enforces `restricted` (no privileged pod, so no NODE_ESCAPE by accident); the
 * admin service account ops/admin runs admin-pod on node-1 and holds every permission; ops/runner
 * runs the workload pods.
 */
function model(grants: Grant[], extra: { pods?: Pod[]; namespaces?: Namespace[] } = {}): ClusterModel {
  return world({
    namespaces: extra.namespaces ?? [ns('ops'), ns('app'), ns('locked')],
    serviceAccounts: [
      { namespace: 'ops', name: 'admin' },
      { namespace: 'ops', name: 'runner' },
      { namespace: 'app', name: 'web' },
    ],
    pods: extra.pods ?? [pod('ops', 'admin-pod', 'admin', { nodeName: 'node-1' })],
    clusterRoles: [everything, ...grants.map((g, i) => clusterRole(`attacker-${i}`, g.rules))],
    clusterRoleBindings: [
      clusterRoleBinding('ops-admin', 'cluster-admin', [sa('admin', 'ops')]),
      ...grants.flatMap((g, i) =>
        g.in === '' ? [clusterRoleBinding(`mallory-${i}`, `attacker-${i}`, [user('mallory')])] : [],
      ),
    ],
    roleBindings: grants.flatMap((g, i) =>
      g.in === ''
        ? []
        : [roleBinding(g.in, `mallory-${i}`, { kind: 'ClusterRole', name: `attacker-${i}` }, [user('mallory')])],
    ),
  });
}

const pathOf = (m: ClusterModel): AttackPath | undefined => createEngine(m).pathFrom(mallory, CLUSTER_ADMIN);

interface Case {
  name: string;
  model: ClusterModel;
  /** The techniques of the path to cluster-admin; undefined: no path. */
  steps?: string[];
  check?: (step: PathStep) => void;
}

const verbs = (v: string[], resources: string[], apiGroups = [''], resourceNames: string[] = []) =>
  rule({ verbs: v, apiGroups, resources, resourceNames });

// A Deployment `web`'s ReplicaSet `web-7c9f` made pod web-7c9f-x1 (pod-template-hash 7c9f).
const deploymentPod = (extra: Partial<Pod> = {}) =>
  pod('ops', 'web-7c9f-x1', 'runner', {
    owner: { group: 'apps', kind: 'ReplicaSet', name: 'web-7c9f' },
    templateHash: '7c9f',
    ...extra,
  });
const ownedPod = (group: string, kind: string, name: string) =>
  pod('ops', `${name}-0`, 'runner', { owner: { group, kind, name } });
/** Ten StatefulSets db-0..9 and DaemonSets agent-0..9 in ops, interleaved. */
const manyWorkloads = () =>
  Array.from({ length: 10 }, (_, i) => [
    ownedPod('apps', 'DaemonSet', `agent-${i}`),
    ownedPod('apps', 'StatefulSet', `db-${i}`),
  ]).flat();
const withPods = (...pods: Pod[]) => ({ pods: [pod('ops', 'admin-pod', 'admin', { nodeName: 'node-1' }), ...pods] });

const CASES: Record<string, Case[]> = {
  POD_PATCH: [
    {
      name: 'patch pods in the namespace reaches the admin through its pod',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['pods'])] }]),
      steps: ['POD_PATCH'],
      check: (s) => assert.deepEqual(s.via, { kind: 'Pod', namespace: 'ops', name: 'admin-pod' }),
    },
    {
      name: 'update on the named pod',
      model: model([{ in: 'ops', rules: [verbs(['update'], ['pods'], [''], ['admin-pod'])] }]),
      steps: ['POD_PATCH'],
    },
    {
      name: 'patch pods cluster-wide',
      model: model([{ in: '', rules: [verbs(['get', 'patch'], ['pods'])] }]),
      steps: ['POD_PATCH'],
    },
    {
      name: 'near miss: pods/status only',
      model: model([{ in: 'ops', rules: [verbs(['patch', 'update'], ['pods/status'])] }]),
    },
    {
      name: 'near miss: resourceNames that exclude the pod',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['pods'], [''], ['other-pod'])] }]),
    },
    {
      name: 'near miss: patch pods in another namespace',
      model: model([{ in: 'app', rules: [verbs(['patch'], ['pods'])] }]),
    },
    {
      name: 'near miss: the pod mounts no token',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['pods'])] }], {
        pods: [pod('ops', 'admin-pod', 'admin', { nodeName: 'node-1', automountServiceAccountToken: false })],
      }),
    },
    {
      name: 'near miss: the pod has finished',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['pods'])] }], {
        pods: [pod('ops', 'admin-pod', 'admin', { nodeName: 'node-1', phase: 'Succeeded' })],
      }),
    },
  ],
  WORKLOAD_UPDATE: [
    {
      name: "patch the Deployment named by its ReplicaSet and the pod's template hash",
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['deployments'], ['apps'], ['web'])] }],
        withPods(deploymentPod()),
      ),
      steps: ['WORKLOAD_UPDATE'],
      check: (s) => {
        assert.deepEqual(s.to, { kind: 'ServiceAccount', namespace: 'ops', name: 'admin' });
        assert.deepEqual(s.via, {
          kind: 'Workload',
          resource: 'deployments.apps',
          namespace: 'ops',
          name: 'web',
          pod: 'web-7c9f-x1',
        });
        assert.match(s.assumes ?? '', /deployments\.apps ops\/web exists \(known from the owner reference of pod/);
      },
    },
    {
      name: 'update the ReplicaSet itself',
      model: model([{ in: 'ops', rules: [verbs(['update'], ['replicasets'], ['apps'])] }], withPods(deploymentPod())),
      steps: ['WORKLOAD_UPDATE'],
      check: (s) => assert.equal(s.via?.kind === 'Workload' && s.via.name, 'web-7c9f'),
    },
    {
      name: 'patch a DaemonSet',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['daemonsets'], ['apps'])] }],
        withPods(ownedPod('apps', 'DaemonSet', 'agent')),
      ),
      steps: ['WORKLOAD_UPDATE'],
    },
    {
      name: 'patch a StatefulSet cluster-wide',
      model: model(
        [{ in: '', rules: [verbs(['patch'], ['statefulsets'], ['apps'])] }],
        withPods(ownedPod('apps', 'StatefulSet', 'db')),
      ),
      steps: ['WORKLOAD_UPDATE'],
    },
    {
      name: 'update a ReplicationController',
      model: model(
        [{ in: 'ops', rules: [verbs(['update'], ['replicationcontrollers'])] }],
        withPods(ownedPod('', 'ReplicationController', 'legacy')),
      ),
      steps: ['WORKLOAD_UPDATE'],
    },
    {
      name: 'among many workloads of several kinds, the one named by resourceNames is patched',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['statefulsets'], ['apps'], ['db-7'])] }],
        withPods(...manyWorkloads()),
      ),
      steps: ['WORKLOAD_UPDATE'],
      check: (s) =>
        assert.deepEqual(s.via, {
          kind: 'Workload',
          resource: 'statefulsets.apps',
          namespace: 'ops',
          name: 'db-7',
          pod: 'db-7-0',
        }),
    },
    {
      name: "among many workloads, a kind-wide grant goes through the kind's first workload",
      model: model([{ in: '', rules: [verbs(['update'], ['daemonsets'], ['apps'])] }], withPods(...manyWorkloads())),
      steps: ['WORKLOAD_UPDATE'],
      check: (s) => assert.equal(s.via?.kind === 'Workload' && s.via.name, 'agent-0'),
    },
    {
      name: 'near miss: among many workloads, resourceNames naming none of them',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['statefulsets'], ['apps'], ['db-99'])] }],
        withPods(...manyWorkloads()),
      ),
    },
    {
      name: 'near miss: no workload of that kind in the namespace',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['statefulsets'], ['apps'])] }], withPods(deploymentPod())),
    },
    {
      name: 'near miss: resourceNames naming another workload',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['deployments'], ['apps'], ['api'])] }],
        withPods(deploymentPod()),
      ),
    },
    {
      name: 'near miss: deployments/scale and deployments/status only',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch', 'update'], ['deployments/scale', 'deployments/status'], ['apps'])] }],
        withPods(deploymentPod()),
      ),
    },
    {
      name: 'near miss: the workload is in another namespace',
      model: model([{ in: 'app', rules: [verbs(['patch'], ['deployments'], ['apps'])] }], withPods(deploymentPod())),
    },
    {
      name: "near miss: a ReplicaSet whose name does not end in the pod's template hash shows no Deployment",
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['deployments'], ['apps'])] }],
        withPods(deploymentPod({ templateHash: '1234' })),
      ),
    },
    {
      name: "near miss: a Job's template cannot change",
      model: model(
        [{ in: 'ops', rules: [verbs(['patch', 'update'], ['jobs'], ['batch'])] }],
        withPods(ownedPod('batch', 'Job', 'once')),
      ),
    },
    {
      name: 'near miss: a ReplicaSet of another API group is no workload',
      model: model(
        [{ in: 'ops', rules: [verbs(['patch'], ['replicasets'], ['apps'])] }],
        withPods(ownedPod('example.com', 'ReplicaSet', 'web-7c9f')),
      ),
    },
  ],
  NAMESPACE_RELABEL: [
    {
      name: 'a RoleBinding in the namespace grants patching it: relabel, then a privileged pod reaches node-1',
      model: model([{ in: 'locked', rules: [verbs(['create'], ['pods']), verbs(['patch'], ['namespaces'])] }]),
      steps: ['NAMESPACE_RELABEL'],
      check: (s) => {
        assert.deepEqual(s.via, {
          kind: 'Node',
          name: 'node-1',
          pod: { namespace: 'ops', name: 'admin-pod' },
          privilegedPodIn: 'locked',
          relabelledFrom: 'restricted',
        });
        assert.deepEqual(
          s.grants.map((g) => g.rule.resources[0]),
          ['namespaces', 'pods'],
        );
        assert.match(s.assumes ?? '', /namespace locked is relabelled .*enforces restricted today/);
      },
    },
    {
      name: 'update on the named namespace cluster-wide, pods created there through a RoleBinding',
      model: model([
        { in: '', rules: [verbs(['update'], ['namespaces'], [''], ['locked'])] },
        { in: 'locked', rules: [verbs(['create'], ['pods'])] },
      ]),
      steps: ['NAMESPACE_RELABEL'],
    },
    {
      name: 'near miss: resourceNames exclude the namespace',
      model: model([
        { in: '', rules: [verbs(['patch'], ['namespaces'], [''], ['app'])] },
        { in: 'locked', rules: [verbs(['create'], ['pods'])] },
      ]),
    },
    {
      name: 'near miss: patch namespaces through a RoleBinding in another namespace',
      model: model([
        { in: 'app', rules: [verbs(['patch'], ['namespaces'])] },
        { in: 'locked', rules: [verbs(['create'], ['pods'])] },
      ]),
    },
    {
      name: 'near miss: patch namespaces without creating pods',
      model: model([{ in: '', rules: [verbs(['patch'], ['namespaces'])] }]),
    },
    {
      name: "relabel, then a new Deployment's controller creates the privileged pod",
      model: model([
        { in: 'locked', rules: [verbs(['create'], ['deployments'], ['apps']), verbs(['update'], ['namespaces'])] },
      ]),
      steps: ['NAMESPACE_RELABEL'],
      check: (s) => {
        assert.equal(s.via?.kind === 'Node' && s.via.privilegedPodBy, 'deployments.apps');
        assert.match(s.assumes ?? '', /created by the controller of a new deployments\.apps/);
      },
    },
    {
      name: 'near miss: create deployments in a restricted namespace without patching it',
      model: model([{ in: 'locked', rules: [verbs(['create'], ['deployments'], ['apps'])] }]),
    },
    {
      name: 'a namespace that already admits privileged pods is plain NODE_ESCAPE',
      model: model([{ in: 'open', rules: [verbs(['create'], ['pods']), verbs(['patch'], ['namespaces'])] }], {
        namespaces: [ns('ops'), ns('open', {})],
      }),
      steps: ['NODE_ESCAPE'],
    },
  ],
  NODE_ESCAPE: [
    {
      name: 'pods created in a namespace with no Namespace object, then in an open one: the open one is tried',
      model: model(
        [
          { in: 'aaa-ghost', rules: [verbs(['create'], ['pods'])] },
          { in: 'dev', rules: [verbs(['create'], ['pods'])] },
        ],
        { namespaces: [ns('ops'), ns('dev', {})] },
      ),
      steps: ['NODE_ESCAPE'],
      check: (s) => assert.equal(s.via?.kind === 'Node' && s.via.privilegedPodIn, 'dev'),
    },
    {
      name: 'the same grants in the other order',
      model: model(
        [
          { in: 'dev', rules: [verbs(['create'], ['pods'])] },
          { in: 'aaa-ghost', rules: [verbs(['create'], ['pods'])] },
        ],
        { namespaces: [ns('ops'), ns('dev', {})] },
      ),
      steps: ['NODE_ESCAPE'],
    },
    {
      name: "create deployments in an open namespace: the Deployment's pod is privileged",
      model: model([{ in: 'dev', rules: [verbs(['create'], ['deployments'], ['apps'])] }], {
        namespaces: [ns('ops'), ns('dev', { 'pod-security.kubernetes.io/enforce': 'privileged' })],
      }),
      steps: ['NODE_ESCAPE'],
      check: (s) =>
        assert.deepEqual(s.via, {
          kind: 'Node',
          name: 'node-1',
          pod: { namespace: 'ops', name: 'admin-pod' },
          privilegedPodIn: 'dev',
          privilegedPodBy: 'deployments.apps',
        }),
    },
    {
      name: 'create cronjobs in an unlabelled namespace',
      model: model([{ in: 'dev', rules: [verbs(['create'], ['cronjobs'], ['batch'])] }], {
        namespaces: [ns('ops'), ns('dev', {})],
      }),
      steps: ['NODE_ESCAPE'],
      check: (s) => assert.equal(s.via?.kind === 'Node' && s.via.privilegedPodBy, 'cronjobs.batch'),
    },
    {
      name: 'near miss: create deployments only where Pod Security is restricted',
      model: model([{ in: 'ops', rules: [verbs(['create'], ['deployments', 'daemonsets'], ['apps'])] }]),
      // ops/admin is reached by POD_CREATE (a Deployment running as it), not by a node.
      steps: ['POD_CREATE'],
    },
  ],
};

for (const [technique, cases] of Object.entries(CASES))
  describe(technique, () => {
    for (const c of cases)
      test(c.name, () => {
        const p = pathOf(c.model);
        assert.deepEqual(
          p?.steps.map((s) => s.technique),
          c.steps,
        );
        if (p && c.check) c.check(p.steps[0]!);
      });
  });

describe('findings', () => {
  const mine = (m: ClusterModel) =>
    createEngine(m)
      .findings()
      .filter((f) => f.subject?.kind === 'User' && f.subject.name === 'mallory');
  const noPods = { pods: [] };
  const cases: {
    name: string;
    model: ClusterModel;
    has: FindingId[];
    lacks: FindingId[];
    title?: [FindingId, RegExp];
  }[] = [
    {
      name: 'patch deployments where no Deployment is known is a WORKLOAD_UPDATE finding that says so',
      model: model([{ in: 'app', rules: [verbs(['patch'], ['deployments'], ['apps'])] }], noPods),
      has: ['WORKLOAD_UPDATE'],
      lacks: [],
      title: ['WORKLOAD_UPDATE', /can update deployments in app; no workload of that kind seen/],
    },
    {
      name: 'update cronjobs is a WORKLOAD_UPDATE finding (no CronJob is ever known)',
      model: model([{ in: '', rules: [verbs(['update'], ['cronjobs'], ['batch'])] }], noPods),
      has: ['WORKLOAD_UPDATE'],
      lacks: [],
      title: ['WORKLOAD_UPDATE', /cronjobs cluster-wide/],
    },
    {
      name: 'a known Deployment: the finding does not say unseen',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['deployments'], ['apps'])] }], withPods(deploymentPod())),
      has: ['WORKLOAD_UPDATE', 'PATH_TO_CLUSTER_ADMIN'],
      lacks: [],
      title: ['WORKLOAD_UPDATE', /^(?![\s\S]*no workload of that kind seen)/],
    },
    {
      name: "near miss: patch jobs is no finding (a Job's template cannot change)",
      model: model([{ in: 'ops', rules: [verbs(['patch', 'update'], ['jobs'], ['batch'])] }], noPods),
      has: [],
      lacks: ['WORKLOAD_UPDATE'],
    },
    {
      name: 'near miss: deployments/scale is no finding',
      model: model([{ in: 'ops', rules: [verbs(['patch'], ['deployments/scale'], ['apps'])] }], noPods),
      has: [],
      lacks: ['WORKLOAD_UPDATE'],
    },
    {
      name: 'relabel and create pods in a restricted namespace, no pod on any node: NAMESPACE_RELABEL, high',
      model: model([{ in: 'locked', rules: [verbs(['create'], ['pods']), verbs(['patch'], ['namespaces'])] }], {
        ...noPods,
        namespaces: [ns('ops'), ns('locked'), ns('open', {})],
      }),
      has: ['NAMESPACE_RELABEL', 'POD_CREATE'],
      lacks: ['NODE_ESCAPE'],
    },
    {
      name: 'relabel through a ClusterRoleBinding, pods through a RoleBinding: one finding of both grants',
      model: model(
        [
          { in: '', rules: [verbs(['update'], ['namespaces'], [''], ['locked'])] },
          { in: 'locked', rules: [verbs(['create'], ['pods'])] },
        ],
        noPods,
      ),
      has: ['NAMESPACE_RELABEL'],
      lacks: [],
      title: ['NAMESPACE_RELABEL', /: locked$/],
    },
    {
      name: 'create pods everywhere and patch namespaces: NODE_ESCAPE and NAMESPACE_RELABEL both',
      model: model([{ in: '', rules: [verbs(['create'], ['pods']), verbs(['patch'], ['namespaces'])] }], {
        ...noPods,
        namespaces: [ns('ops'), ns('locked'), ns('open', {})],
      }),
      has: ['NAMESPACE_RELABEL', 'NODE_ESCAPE'],
      lacks: [],
    },
    {
      name: 'create deployments in a restricted namespace it may relabel',
      model: model(
        [{ in: 'locked', rules: [verbs(['create'], ['deployments'], ['apps']), verbs(['patch'], ['namespaces'])] }],
        noPods,
      ),
      has: ['NAMESPACE_RELABEL'],
      lacks: ['NODE_ESCAPE'],
    },
    {
      name: 'a lone bind grant is a finding of its own',
      model: model([{ in: '', rules: [verbs(['bind'], ['clusterroles'], ['rbac.authorization.k8s.io'])] }]),
      has: ['BIND_OR_ESCALATE'],
      lacks: ['ROLE_BIND'],
    },
    {
      name: 'a lone escalate grant in a namespace is one too',
      model: model([{ in: 'ops', rules: [verbs(['escalate'], ['roles'], ['rbac.authorization.k8s.io'])] }]),
      has: ['BIND_OR_ESCALATE'],
      lacks: ['ROLE_ESCALATE'],
    },
    {
      name: 'bind with create clusterrolebindings is ROLE_BIND, not the lone finding',
      model: model([
        {
          in: '',
          rules: [
            verbs(['create'], ['clusterrolebindings'], ['rbac.authorization.k8s.io']),
            verbs(['bind'], ['clusterroles'], ['rbac.authorization.k8s.io']),
          ],
        },
      ]),
      has: ['PATH_TO_CLUSTER_ADMIN', 'ROLE_BIND'],
      lacks: ['BIND_OR_ESCALATE'],
    },
    {
      name: 'each new technique is a grant finding',
      model: model(
        [
          { in: 'ops', rules: [verbs(['patch'], ['pods']), verbs(['patch'], ['deployments'], ['apps'])] },
          { in: 'locked', rules: [verbs(['create'], ['pods']), verbs(['patch'], ['namespaces'])] },
        ],
        withPods(deploymentPod()),
      ),
      has: ['NAMESPACE_RELABEL', 'POD_PATCH', 'WORKLOAD_UPDATE'],
      lacks: [],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const findings = mine(c.model);
      const found = findings.map((f) => f.id).sort();
      for (const id of c.has) assert.ok(found.includes(id), `${id} in ${found.join(', ')}`);
      for (const id of c.lacks) assert.ok(!found.includes(id), `${id} not in ${found.join(', ')}`);
      if (c.title) {
        const f = findings.find((x) => x.id === c.title![0]);
        assert.match(f?.title ?? '', c.title[1]);
      }
      const relabel = findings.find((f) => f.id === 'NAMESPACE_RELABEL');
      if (relabel) assert.equal(relabel.severity, 'high');
    });
});

test('a step lists a grant once when one rule allows two of its requests (update and escalate)', () => {
  const m = model([]);
  m.clusterRoles.push(
    clusterRole('self-editor', [
      rule({
        verbs: ['update', 'escalate'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
        resourceNames: ['self-editor'],
      }),
    ]),
  );
  m.clusterRoleBindings.push(clusterRoleBinding('escalate', 'self-editor', [user('mallory')]));
  const p = pathOf(m);
  assert.deepEqual(
    p?.steps.map((s) => s.technique),
    ['ROLE_ESCALATE'],
  );
  assert.equal(p!.steps[0]!.grants.length, 1);
  const finding = createEngine(m)
    .findings()
    .find((f) => f.id === 'ROLE_ESCALATE' && f.subject?.kind === 'User');
  assert.equal(finding?.grants.length, 1);
});

describe('workload kinds: the probes, the danger rule and the technique texts come from one table', () => {
  for (const kind of ALL_WORKLOAD_KINDS) {
    const mutable = MUTABLE_WORKLOAD_KINDS.some((k) => k.kind === kind.kind);
    test(`${kind.kind}: ${mutable ? 'template mutable' : 'template immutable'}`, () => {
      const patch = verbs(['patch'], [kind.resource], [kind.group]);
      const probes = roleProbes([patch, verbs(['create'], [kind.resource], [kind.group])]);
      assert.equal(probes.createWorkloads?.[0]?.shape[2], kind.resource, 'creating it creates pods');
      assert.ok(TECHNIQUES.POD_CREATE.description.includes(kind.resource));
      const updates = MUTABLE_WORKLOAD_KINDS.filter((k) => probes[k.updateProbe] !== undefined).map((k) => k.kind);
      assert.deepEqual(updates, mutable ? [kind.kind] : []);
      assert.equal(
        ruleDangers(patch).some((d) => d.id === 'update-workloads'),
        mutable,
      );
      const listed = /may change \(([^)]*)\)/.exec(TECHNIQUES.WORKLOAD_UPDATE.description)![1]!.split(/, | and /);
      assert.equal(listed.includes(kind.resource), mutable);
    });
  }
});
