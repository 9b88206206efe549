// The token findings read live from a real kube-apiserver with the demo's manifests: what pods and
// service accounts keep (uid, .secrets, Secret volumes, projected tokens without the one the
// ServiceAccount admission plugin adds) is what the bundled demo holds, and so are the findings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import { createObjects } from '@/scripts/control-plane/apply';
import type { ControlPlane } from '@/scripts/control-plane/control-plane';
import { createEngine, mountsToken, type ClusterModel } from '@/lib/rbac';
import { loadSource } from '../source';

let cp: ControlPlane;

before(async () => {
  cp = await startDemoCluster({ log: (l) => console.log(l) });
});

after(async () => {
  await cp?.stop();
});

const TOKEN_FINDINGS = new Set([
  'LEGACY_TOKEN_SECRET',
  'TOKEN_SECRET_MOUNT',
  'LONG_LIVED_TOKEN',
  'UNNEEDED_TOKEN',
  'DEFAULT_SA_GRANTS',
]);

const tokenFindings = (model: ClusterModel) =>
  createEngine(model)
    .findings()
    .filter((f) => TOKEN_FINDINGS.has(f.id))
    .map((f) => `${f.severity} ${f.id} ${f.title}`)
    .sort();

describe('service-account tokens, live', () => {
  test('pods and accounts keep what the demo holds; the automounted token volume is not kept', async () => {
    const { model, issues } = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    assert.deepEqual(issues, []);
    const prometheus = model.serviceAccounts.find((s) => s.namespace === 'monitoring' && s.name === 'prometheus');
    assert.deepEqual(prometheus?.secrets, ['prometheus-token-7xk2p']);
    assert.match(prometheus?.uid ?? '', /^[0-9a-f-]{36}$/);
    const grafana = model.pods.find((p) => p.namespace === 'monitoring' && p.name.startsWith('grafana-'));
    assert.deepEqual(grafana?.secretVolumes, ['prometheus-token-7xk2p']);
    assert.deepEqual(grafana?.projectedTokens, [{ expirationSeconds: 2_592_000, audience: 'vault' }]);
    assert.match(grafana?.uid ?? '', /^[0-9a-f-]{36}$/);
    // Every other pod was admitted with the automounted token's projected volume, and keeps nothing for it.
    const others = model.pods.filter((p) => p !== grafana);
    assert.ok(others.length > 20);
    assert.deepEqual(
      others.filter((p) => p.secretVolumes || p.projectedTokens).map((p) => p.name),
      [],
    );
  });

  test('the token findings are the bundled demo’s', async () => {
    const live = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    const demo = await loadSource({ kind: 'demo' });
    const found = tokenFindings(live.model);
    assert.deepEqual(found, tokenFindings(demo.model));
    assert.equal(found.length, 5, found.join('\n'));
  });

  test('a pod with automount off that projects its own token for the API server mounts a token', async () => {
    await createObjects(cp, [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'projected-only', namespace: 'monitoring' },
        spec: {
          automountServiceAccountToken: false,
          containers: [{ name: 'c', image: 'example.com/c:1' }],
          volumes: [
            {
              name: 'api-token',
              projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] },
            },
          ],
        },
      },
    ]);
    const { model } = await loadSource({ kind: 'kubeconfig', path: cp.kubeconfigPath });
    const pod = model.pods.find((p) => p.name === 'projected-only');
    assert.equal(pod?.automountServiceAccountToken, false);
    assert.deepEqual(pod?.projectedTokens, [{ expirationSeconds: 3607 }]);
    assert.equal(pod && mountsToken(pod), true);
    assert.ok(
      tokenFindings(model).includes(
        'low UNNEEDED_TOKEN 2 pods of monitoring/default mount a token with no grants of its own',
      ),
    );
  });
});
