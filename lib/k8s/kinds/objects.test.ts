// A pod whose owner references do not parse is kept, without an owner, and said: never dropped in silence.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClusterCache } from '../live/cluster-cache';
import { listPath, parseObject } from './objects';
import { parseRawObjects } from '../files/parse-objects';
import type { Transport } from '../live/transport';

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c9f', controller: true };
const podWith = (ownerReferences: unknown) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7c9f-x1', namespace: 'shop', ownerReferences },
  spec: { serviceAccountName: 'runner' },
});

describe('pod owner references', () => {
  const cases: { name: string; owners: unknown; owner?: string; warns: boolean }[] = [
    { name: 'a well-formed controller reference', owners: [rs], owner: 'ReplicaSet/web-7c9f', warns: false },
    { name: 'none', owners: undefined, warns: false },
    { name: 'null', owners: null, warns: false },
    { name: 'not a list', owners: 'web-7c9f', warns: true },
    { name: 'a reference without a name', owners: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }], warns: true },
    { name: 'a name that is a number', owners: [{ ...rs, name: 7 }], warns: true },
    { name: 'controller the string "true"', owners: [{ ...rs, controller: 'true' }], warns: true },
    { name: 'a reference that is a list', owners: [[rs]], warns: true },
    { name: 'a reference that is null', owners: [rs, null], warns: true },
    { name: 'controller null: no controller', owners: [{ ...rs, controller: null }], warns: false },
    {
      name: 'fields it does not read',
      owners: [{ ...rs, uid: 'u', blockOwnerDeletion: true }],
      owner: 'ReplicaSet/web-7c9f',
      warns: false,
    },
    {
      name: 'the controller after another owner',
      owners: [{ ...rs, name: 'a', controller: false }, rs],
      owner: 'ReplicaSet/web-7c9f',
      warns: false,
    },
    { name: 'no references', owners: [], warns: false },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = parseObject('Pod', podWith(c.owners), 'default');
      assert.ok(r.ok, 'the pod is kept');
      assert.equal(r.object.kind, 'Pod');
      const value = r.object.kind === 'Pod' ? r.object.value : undefined;
      assert.equal(value?.owner && `${value.owner.kind}/${value.owner.name}`, c.owner);
      assert.equal(r.warning !== undefined, c.warns, r.warning);
      if (c.warns) assert.match(r.warning!, /^metadata\.ownerReferences.*workload that owns it is not known/);
    });

  test('read from a file: the pod is in the model and a warning names it', () => {
    const { parsed, issues } = parseRawObjects('pods.yaml', [{ raw: podWith('web-7c9f'), document: 1 }]);
    assert.equal(parsed.length, 1);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.severity, 'warning');
    assert.equal(issues[0]!.object, 'Pod shop/web-7c9f-x1');
    assert.match(issues[0]!.message, /ownerReferences/);
  });

  test('read live: the pod is in the model, a warning names it, and pods are not marked missing', async () => {
    const { metadata, spec } = podWith([{ kind: 'ReplicaSet' }]);
    const transport: Transport = {
      server: 'https://fake',
      async list(path, _query, onItem) {
        if (path === listPath('Pod')) onItem({ metadata, spec });
        return { resourceVersion: '1' };
      },
      watch: (_path, _query, _onEvent, signal) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    };
    const cache = new ClusterCache(transport, 'fake cluster', { batchMs: { min: 5, max: 20 }, once: true });
    cache.start();
    const { model, issues } = await cache.settled();
    cache.stop();
    assert.deepEqual(
      model.pods.map((p) => [p.name, p.owner]),
      [['web-7c9f-x1', undefined]],
    );
    const said = issues.filter((i) => i.object === 'Pod shop/web-7c9f-x1');
    assert.equal(said.length, 1);
    assert.equal(said[0]!.severity, 'warning');
    assert.match(said[0]!.message, /ownerReferences/);
    assert.ok(!(model.missing ?? []).some((m) => m.kind === 'Pod'));
  });
});
