// The words for the version modelled, as the CLI, the API and the badge say them, and the version
// a server's gitVersion is modelled as (the nearest when outside 1.30–1.36).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  kubeVersion,
  kubeVersionDetails,
  kubeVersionJson,
  kubeVersionSummary,
  kubeVersionTitle,
  serverKubeVersion,
} from './kube-version';

describe('serverKubeVersion', () => {
  const cases: [string, string, object][] = [
    ['a release', 'v1.36.3', { minor: 36, server: 'v1.36.3', from: 'server' }],
    ['a vendor build', 'v1.35.2-eks-4096', { minor: 35, server: 'v1.35.2-eks-4096' }],
    ['older than modelled', 'v1.27.1', { minor: 30, nearest: true }],
    ['newer than modelled', 'v1.40.0', { minor: 36, nearest: true }],
    ['not a version: the default, naming it', 'weird', { minor: 36, server: 'weird' }],
  ];
  for (const [name, git, expected] of cases)
    test(name, () => {
      const v = serverKubeVersion(git);
      for (const [k, value] of Object.entries(expected)) assert.deepEqual(v[k as keyof typeof v], value, k);
    });
  test('in range: no nearest note', () => assert.equal(serverKubeVersion('v1.31.0').nearest, undefined));
});

describe('the words', () => {
  const cases: { name: string; v: ReturnType<typeof kubeVersion>; summary: string; details0: string }[] = [
    {
      name: 'the default',
      v: kubeVersion(),
      summary:
        'Modelled: Kubernetes 1.36, the default: the newest version modelled; feature gates ConstrainedImpersonation on, AuthorizePodWebsocketUpgradeCreatePermission on (the defaults of Kubernetes 1.36).',
      details0: 'Kubernetes 1.36: the default: the newest version modelled',
    },
    {
      name: 'a live server with its gates',
      v: serverKubeVersion('v1.35.4', { ConstrainedImpersonation: true }),
      summary:
        "Modelled: Kubernetes 1.35, read from the API server's /version (v1.35.4); feature gates ConstrainedImpersonation on, AuthorizePodWebsocketUpgradeCreatePermission on (as the API server's /metrics reports them).",
      details0: "Kubernetes 1.35: read from the API server's /version (v1.35.4)",
    },
    {
      name: 'an older server, answered as the nearest',
      v: serverKubeVersion('v1.29.9'),
      summary:
        "Modelled: Kubernetes 1.30, read from the API server's /version (v1.29.9); the server's v1.29.9 is outside 1.30–1.36, so the nearest modelled version is answered; feature gates ConstrainedImpersonation off, AuthorizePodWebsocketUpgradeCreatePermission off (the defaults of Kubernetes 1.30).",
      details0:
        "Kubernetes 1.30: read from the API server's /version (v1.29.9); the server's v1.29.9 is outside 1.30–1.36, so the nearest modelled version is answered",
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      assert.equal(kubeVersionSummary(c.v), c.summary);
      const details = kubeVersionDetails(c.v);
      assert.equal(details[0], c.details0);
      assert.equal(details.length, 3);
      assert.match(details[1]!, /^ConstrainedImpersonation: (on|off) \(/);
      assert.equal(kubeVersionTitle(c.v), `Kubernetes 1.${c.v.minor}`);
    });

  test('the JSON field', () => {
    assert.deepEqual(kubeVersionJson(serverKubeVersion('v1.29.9')), {
      version: '1.30',
      features: { ConstrainedImpersonation: false, AuthorizePodWebsocketUpgradeCreatePermission: false },
      from: 'server',
      featuresFrom: 'defaults',
      server: 'v1.29.9',
      nearest: true,
    });
    assert.deepEqual(Object.keys(kubeVersionJson(kubeVersion())), ['version', 'features', 'from', 'featuresFrom']);
  });
});
