import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, impersonatedIdentity } from '@/lib/rbac';
import { loadSource } from '../source';

test('the bundled demo loads cleanly and holds what it promises', async () => {
  const demo = await loadSource({ kind: 'demo' });
  assert.deepEqual(demo.issues, []);
  assert.equal(demo.description, 'demo data');
  const m = demo.model;
  for (const ns of ['default', 'kube-system', 'payments', 'checkout', 'monitoring', 'ci', 'dev-sandbox']) {
    assert.ok(
      m.namespaces.some((n) => n.name === ns),
      ns,
    );
  }
  for (const role of ['cluster-admin', 'admin', 'edit', 'view', 'system:node-proxier']) {
    assert.ok(
      m.clusterRoles.some((r) => r.name === role),
      role,
    );
  }
  assert.ok(m.serviceAccounts.filter((s) => s.namespace === 'kube-system').length > 5);
  assert.ok(m.pods.filter((p) => p.namespace === 'checkout' && p.serviceAccountName === 'checkout-web').length >= 12);
  const engine = createEngine(m);
  const res = { kind: 'resource', group: '', subresource: '', name: '' } as const;
  assert.equal(
    engine.canI(impersonatedIdentity('system:serviceaccount:default:demo-sa', []), {
      ...res,
      verb: 'list',
      resource: 'pods',
      namespace: 'default',
    }).allowed,
    true,
  );
  assert.equal(
    engine.canI(impersonatedIdentity('system:serviceaccount:ci:deployer', []), {
      ...res,
      verb: 'delete',
      resource: 'nodes',
      namespace: '',
    }).allowed,
    true,
  );
  assert.deepEqual(
    engine.dangling.map((d) => d.binding.name),
    ['legacy-audit'],
  );
});
