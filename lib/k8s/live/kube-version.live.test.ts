// The version a live source models, on a real kube-apiserver v1.36.3 (scripts/control-plane):
// /version says 1.36 and /metrics reports ConstrainedImpersonation on (beta, on by default); a
// user who may not read /metrics gets 1.36's defaults without a warning; `rbac-atlas snapshot`
// records the server's version and gates, and answers from the file model them.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '@/bin/test-cli';
import { kubeconfigYaml, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { loadSource } from '../source';

let cp: ControlPlane;
let work: string;

before(async () => {
  cp = await startControlPlane({ users: [{ name: 'nobody' }], log: (l) => console.log(l) });
  work = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-kube-version-'));
});

after(async () => {
  await cp?.stop();
});

const ALL_ON = { ConstrainedImpersonation: true, AuthorizePodWebsocketUpgradeCreatePermission: true };

describe('the Kubernetes version of a live cluster', () => {
  test('an admin reads /version and /metrics: 1.36, ConstrainedImpersonation on, from the server', async () => {
    const src = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    const k = src.model.kubernetes;
    assert.deepEqual(
      k && { minor: k.minor, from: k.from, featuresFrom: k.featuresFrom, server: k.server, features: k.features },
      { minor: 36, from: 'server', featuresFrom: 'server', server: 'v1.36.3', features: ALL_ON },
    );
    assert.equal(k?.nearest, undefined);
  });

  test('a user who may not read /metrics (403): 1.36 with its default gates, and no warning', async () => {
    const file = path.join(work, 'nobody');
    await writeFile(file, kubeconfigYaml(cp.server, cp.caPem, cp.userTokens.get('nobody')!));
    const src = await loadSource({ kind: 'kubeconfig', path: file });
    assert.equal(src.model.kubernetes?.minor, 36);
    assert.equal(src.model.kubernetes?.featuresFrom, 'defaults');
    assert.deepEqual(src.model.kubernetes?.features, ALL_ON);
    assert.ok(!src.issues.some((i) => /metrics|version/i.test(i.message)), JSON.stringify(src.issues));
  });

  test('the CLI names it, and a snapshot written from it models it', async () => {
    const kc = ['--kubeconfig', cp.kubeconfigPath];
    const live = await run('who-can', 'get', 'secrets', '-n', 'default', '-o', 'json', ...kc);
    assert.equal(live.code, 0, live.err);
    assert.deepEqual((JSON.parse(live.out) as { kubernetes: unknown }).kubernetes, {
      version: '1.36',
      features: ALL_ON,
      from: 'server',
      featuresFrom: 'server',
      server: 'v1.36.3',
    });
    const file = path.join(work, 'snap.yaml');
    assert.equal((await run('snapshot', '-o', file, ...kc)).code, 0);
    const read = await run('who-can', 'get', 'secrets', '-n', 'default', '-o', 'json', '--snapshot', file);
    assert.equal(read.code, 0, read.err);
    assert.deepEqual((JSON.parse(read.out) as { kubernetes: unknown }).kubernetes, {
      version: '1.36',
      features: ALL_ON,
      from: 'snapshot',
      featuresFrom: 'server',
      server: 'v1.36.3',
    });
    const text = await run('who-can', 'get', 'secrets', '-n', 'default', ...kc);
    assert.match(
      text.err,
      /^Modelled: Kubernetes 1\.36, read from the API server's \/version \(v1\.36\.3\); feature gates ConstrainedImpersonation on, AuthorizePodWebsocketUpgradeCreatePermission on \(as the API server's \/metrics reports them\)\.$/m,
    );
  });
});
