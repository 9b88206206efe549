// The LEGACY_TOKEN_SECRET fix's delete on a real kube-apiserver v1.36.3 (scripts/control-plane):
// `kubectl delete secret --field-selector` lists with the selector and deletes what it lists, so the
// selector this fix writes must select the token Secret it names and never another Secret that
// `.secrets` lists (a mountable one, kubernetes.io/enforce-mountable-secrets).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fix } from '@/lib/rbac';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { fixText } from '@/lib/reports/fix-text';

let cp: ControlPlane;

const create = async (path: string, body: unknown) => {
  const res = await adminFetch(cp, path, { method: 'POST', body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
};

before(async () => {
  cp = await startControlPlane({ log: (l) => console.log(l) });
  const ns = '/api/v1/namespaces/default';
  await create(`${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'legacy' } });
  await create(`${ns}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name: 'legacy-token', annotations: { 'kubernetes.io/service-account.name': 'legacy' } },
  });
  await create(`${ns}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: 'legacy-config' },
    stringData: { key: 'value' },
  });
});
after(async () => cp?.stop());

/** The --field-selector of each `kubectl delete secret` line the fix prints. */
function selectors(secretsRemoved: string[]): string[] {
  const fix: Fix = {
    choice: 'object',
    change: { apply: [{ kind: 'ServiceAccount', value: { namespace: 'default', name: 'legacy' } }], delete: [] },
    why: '',
    notes: [],
    secretsRemoved,
  };
  const manifest = () => ({});
  return fixText(fix, manifest)
    .command.split('\n')
    .filter((l) => l.startsWith('kubectl delete secret'))
    .map((l) => l.split(' ')[l.split(' ').indexOf('--field-selector') + 1]!);
}

async function listed(selector: string): Promise<string[]> {
  const res = await adminFetch(cp, `/api/v1/namespaces/default/secrets?fieldSelector=${encodeURIComponent(selector)}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name);
}

describe('the LEGACY_TOKEN_SECRET delete, live', () => {
  test('selects the token Secret by name and type, and not an Opaque Secret .secrets also lists', async () => {
    const [token, config] = selectors(['legacy-token', 'legacy-config']);
    assert.deepEqual(await listed(token!), ['legacy-token']);
    assert.deepEqual(await listed(config!), []);
  });
});
