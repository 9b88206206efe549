// The Kubernetes version the CLI's answers model: --kube-version on every command that reads a
// snapshot (or the demo), the version a snapshot written by `rbac-atlas snapshot` records, the
// default (1.36); named in every --json answer (`kubernetes`) and in one line of the text answers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { files, run } from './test-cli';

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: User, name: alice}]
`;

// A List as `rbac-atlas snapshot` writes it from a v1.35.2 server whose /metrics said the gate is on.
const RECORDED = `apiVersion: v1
kind: List
metadata:
  annotations:
    rbac-atlas.io/kubernetes: '{"server":"v1.35.2","features":{"ConstrainedImpersonation":true,"AuthorizePodWebsocketUpgradeCreatePermission":true}}'
items:
  - {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader}, rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]}
`;

const dir = files({ 'plain.yaml': ROLE, 'recorded.yaml': RECORDED });
const plain = path.join(dir, 'plain.yaml');
const recorded = path.join(dir, 'recorded.yaml');

const json = async (...args: string[]) => {
  const r = await run(...args);
  assert.equal(r.code, 0, r.err);
  return (JSON.parse(r.out) as { kubernetes: Record<string, unknown> }).kubernetes;
};

describe('--kube-version and the version a snapshot records', () => {
  const cases: { name: string; args: string[]; expected: Record<string, unknown> }[] = [
    {
      name: 'no flag, nothing recorded: the default, 1.36 with its gates',
      args: ['who-can', 'get', 'secrets', '--snapshot', plain, '-o', 'json'],
      expected: {
        version: '1.36',
        from: 'default',
        featuresFrom: 'defaults',
        features: { ConstrainedImpersonation: true, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: '--kube-version 1.35: ConstrainedImpersonation off by default (alpha)',
      args: ['who-can', 'get', 'secrets', '--snapshot', plain, '--kube-version', '1.35', '-o', 'json'],
      expected: {
        version: '1.35',
        from: 'flag',
        featuresFrom: 'defaults',
        features: { ConstrainedImpersonation: false, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: '--kube-version v1.30.4 on paths: neither gate exists',
      args: ['paths', '--demo', '--kube-version', 'v1.30.4', '-o', 'json'],
      expected: {
        version: '1.30',
        from: 'flag',
        features: { ConstrainedImpersonation: false, AuthorizePodWebsocketUpgradeCreatePermission: false },
      },
    },
    {
      name: 'a recorded server version and gates, on audit',
      args: ['audit', '--snapshot', recorded, '-o', 'json'],
      expected: {
        version: '1.35',
        from: 'snapshot',
        featuresFrom: 'server',
        server: 'v1.35.2',
        features: { ConstrainedImpersonation: true, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: 'the flag over what the snapshot recorded',
      args: ['who-can', 'get', 'secrets', '--snapshot', recorded, '--kube-version', '1.36', '-o', 'json'],
      expected: { version: '1.36', from: 'flag', featuresFrom: 'defaults' },
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const k = await json(...c.args);
      for (const [key, value] of Object.entries(c.expected)) assert.deepEqual(k[key], value, key);
    });

  const refused: { name: string; args: string[]; err: string }[] = [
    {
      name: 'not a version',
      args: ['who-can', 'get', 'secrets', '--demo', '--kube-version', 'latest'],
      err: 'error: --kube-version: "latest" is not a Kubernetes version (write it as 1.36)\n',
    },
    {
      name: 'a version not modelled',
      args: ['can-i', 'get', 'secrets', '--as', 'alice', '--demo', '--kube-version', '1.29'],
      err: 'error: --kube-version: Kubernetes 1.29 is not modelled (1.30 to 1.36 are)\n',
    },
    {
      name: 'a live cluster says its own version',
      args: ['who-can', 'get', 'secrets', '--kubeconfig', plain, '--kube-version', '1.35'],
      err: 'error: --kube-version goes with --snapshot or --demo: a live cluster is answered as its own version\n',
    },
  ];
  for (const c of refused)
    test(`refused, exit 2: ${c.name}`, async () => {
      const r = await run(...c.args);
      assert.deepEqual([r.code, r.out, r.err], [2, '', c.err]);
    });
});

describe('the text answers name the version in one line', () => {
  const line =
    /Modelled: Kubernetes 1\.35, as configured \(--kube-version[^\n]*; feature gates ConstrainedImpersonation off, AuthorizePodWebsocketUpgradeCreatePermission on \(the defaults of Kubernetes 1\.35\)\./;
  const cases: { name: string; args: string[]; stream: 'out' | 'err' }[] = [
    { name: 'who-can, on stderr', args: ['who-can', 'get', 'secrets', '--snapshot', plain], stream: 'err' },
    { name: 'paths, on stderr', args: ['paths', '--snapshot', plain], stream: 'err' },
    { name: 'audit, on stderr', args: ['audit', '--snapshot', plain], stream: 'err' },
    {
      name: 'can-i --explain, in the explanation',
      args: ['can-i', 'get', 'secrets', '--as', 'alice', '--explain', '--snapshot', plain],
      stream: 'out',
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const r = await run(...c.args, '--kube-version', '1.35');
      assert.match(r[c.stream], line);
    });

  test('a plain can-i prints yes or no alone, as kubectl', async () => {
    const r = await run('can-i', 'get', 'secrets', '--as', 'alice', '--snapshot', plain);
    assert.deepEqual(r, { code: 0, out: 'yes\n', err: '' });
  });

  test("can-i as a node's user notes the Node authorizer", async () => {
    const r = await run('can-i', 'get', 'secrets', '--as', 'system:node:n1', '--as-group', 'system:nodes', '--demo');
    assert.match(
      r.err,
      /^Note: Nodes \(users system:node:<name> in the group system:nodes\) are also authorized by Kubernetes' Node authorizer/,
    );
  });
});

describe("constrained impersonation's verbs where the version does not check them", () => {
  test('who-can warns on stderr and in the JSON warnings', async () => {
    const args = ['who-can', 'impersonate:serviceaccount', 'serviceaccounts.authentication.k8s.io', '-n', 'a'];
    const r = await run(...args, '--snapshot', plain, '--kube-version', '1.34', '-o', 'json');
    assert.equal(r.code, 0, r.err);
    const said =
      /verb "impersonate:serviceaccount" is constrained impersonation's, which Kubernetes 1\.34 does not check/;
    assert.match(r.err, said);
    assert.match((JSON.parse(r.out) as { warnings: string[] }).warnings.join('\n'), said);
    const now = await run(...args, '--snapshot', plain, '-o', 'json');
    assert.deepEqual((JSON.parse(now.out) as { warnings: string[] }).warnings, []);
  });
});
