// The version each file source models: a snapshot written by `rbac-atlas snapshot` from a live
// read carries the server's version (and the gates its /metrics reported) and reads back with it;
// the server's RBAC_ATLAS_KUBE_VERSION (checked, its error naming what was wrong) overrides it;
// the demo answers as the default, 1.36.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { kubeVersion, serverKubeVersion, type KubeVersion } from '@/lib/rbac';
import { sourceSpecFromEnv } from './current-source';
import { snapshotYaml } from './files/snapshot-writer';
import type { ParsedObject } from './kinds/objects';
import { loadSource } from './source';

const objects: ParsedObject[] = [
  {
    kind: 'ClusterRole',
    value: {
      name: 'reader',
      labels: {},
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: [], nonResourceURLs: [] }],
    },
  },
];

async function written(kubernetes?: KubeVersion): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'rbac-atlas-kv-')), 'snap.yaml');
  await writeFile(file, snapshotYaml(objects, 'context test (https://x)', '2026-12-05T08:00:00Z', [], kubernetes));
  return file;
}

const pick = (k: KubeVersion | undefined) =>
  k && { minor: k.minor, from: k.from, featuresFrom: k.featuresFrom, server: k.server, features: k.features };

describe('a snapshot models the version it was read from', () => {
  const cases: { name: string; written?: KubeVersion; flag?: number; expected: ReturnType<typeof pick> }[] = [
    {
      name: 'the server version and the gates its /metrics reported',
      written: serverKubeVersion('v1.35.2', { ConstrainedImpersonation: true }),
      expected: {
        minor: 35,
        from: 'snapshot',
        featuresFrom: 'server',
        server: 'v1.35.2',
        features: { ConstrainedImpersonation: true, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: 'the server version alone (/metrics was refused): its default gates',
      written: serverKubeVersion('v1.35.2'),
      expected: {
        minor: 35,
        from: 'snapshot',
        featuresFrom: 'defaults',
        server: 'v1.35.2',
        features: { ConstrainedImpersonation: false, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: 'no server version read (nothing recorded): the default',
      written: kubeVersion(),
      expected: pick(kubeVersion()),
    },
    {
      name: 'the version asked for over the recorded one',
      written: serverKubeVersion('v1.35.2', { ConstrainedImpersonation: true }),
      flag: 34,
      expected: pick(kubeVersion(34, 'flag')),
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const file = await written(c.written);
      const spec = { kind: 'snapshot' as const, path: file, ...(c.flag !== undefined && { kubeVersion: c.flag }) };
      const source = await loadSource(spec);
      assert.deepEqual(pick(source.model.kubernetes), c.expected);
      assert.deepEqual(source.issues, []);
    });

  test('a malformed annotation is a warning, and the default is modelled', async () => {
    const file = await written(serverKubeVersion('v1.35.2'));
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"server":"v1.35.2"', '"server":""'));
    const source = await loadSource({ kind: 'snapshot', path: file });
    assert.equal(source.model.kubernetes?.from, 'default');
    assert.match(source.issues.map((i) => i.message).join('\n'), /rbac-atlas\.io\/kubernetes"\] is not valid/);
  });

  test('the demo: 1.36 by default, or as asked', async () => {
    assert.deepEqual(pick((await loadSource({ kind: 'demo' })).model.kubernetes), pick(kubeVersion()));
    assert.equal((await loadSource({ kind: 'demo', kubeVersion: 35 })).model.kubernetes?.minor, 35);
  });
});

describe("the server's RBAC_ATLAS_KUBE_VERSION", () => {
  const cases: { name: string; env: Record<string, string>; expected: unknown }[] = [
    {
      name: 'with a snapshot',
      env: { RBAC_ATLAS_SNAPSHOT: '/x', RBAC_ATLAS_KUBE_VERSION: '1.35' },
      expected: { kind: 'snapshot', path: '/x', kubeVersion: 35 },
    },
    {
      name: 'with the demo',
      env: { RBAC_ATLAS_SOURCE: 'demo', RBAC_ATLAS_KUBE_VERSION: 'v1.34.2' },
      expected: { kind: 'demo', kubeVersion: 34 },
    },
    { name: 'unset', env: { RBAC_ATLAS_SOURCE: 'demo' }, expected: { kind: 'demo' } },
    { name: 'blank', env: { RBAC_ATLAS_SOURCE: 'demo', RBAC_ATLAS_KUBE_VERSION: ' ' }, expected: { kind: 'demo' } },
  ];
  for (const c of cases)
    test(c.name, () => assert.deepEqual(sourceSpecFromEnv(c.env as NodeJS.ProcessEnv), c.expected));

  const refused: [string, string, RegExp][] = [
    ['not a version', 'latest', /RBAC_ATLAS_KUBE_VERSION: "latest" is not a Kubernetes version \(write it as 1\.36\)/],
    ['not modelled', '1.29', /RBAC_ATLAS_KUBE_VERSION: Kubernetes 1\.29 is not modelled \(1\.30 to 1\.36 are\)/],
  ];
  for (const [name, value, message] of refused)
    test(`refused: ${name}`, () =>
      assert.throws(
        () =>
          sourceSpecFromEnv({
            RBAC_ATLAS_SOURCE: 'demo',
            RBAC_ATLAS_KUBE_VERSION: value,
          } as unknown as NodeJS.ProcessEnv),
        message,
      ));
});
