// What pods and service accounts keep for the token findings and the token inspector: their uid
// (a bound token names its object by name and uid), read from files and live the same way, and
// written back to a manifest so that a snapshot keeps it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleModel } from './model-builder';
import { parseObject, toManifest, type ParsedObject } from './objects';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: '6f1c7d0e-1111-4a2b-9c3d-000000000001' },
  spec: { serviceAccountName: 'runner' },
};
const sa = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'runner', namespace: 'shop', uid: '6f1c7d0e-2222-4a2b-9c3d-000000000002' },
};

function parsed(raw: unknown): ParsedObject {
  const r = parseObject((raw as { kind: 'Pod' | 'ServiceAccount' }).kind, raw, 'default');
  assert.ok(r.ok, 'kept');
  return r.object;
}

describe('uid', () => {
  test('a pod and a service account keep metadata.uid in the model', () => {
    const model = assembleModel([parsed(sa), parsed(pod)]);
    assert.equal(model.pods[0]!.uid, pod.metadata.uid);
    assert.equal(model.serviceAccounts[0]!.uid, sa.metadata.uid);
  });

  test('absent, empty or not a string: no uid, and the object is kept', () => {
    for (const uid of [undefined, '', 7, null]) {
      const model = assembleModel([
        parsed({ ...sa, metadata: { ...sa.metadata, uid } }),
        parsed({ ...pod, metadata: { ...pod.metadata, uid } }),
      ]);
      assert.equal('uid' in model.pods[0]!, false, String(uid));
      assert.equal('uid' in model.serviceAccounts[0]!, false, String(uid));
    }
  });

  test('written back to the manifest, and read again the same', () => {
    for (const raw of [pod, sa]) {
      const once = parsed(raw);
      const manifest = toManifest(once);
      assert.equal((manifest.metadata as { uid?: string }).uid, raw.metadata.uid);
      assert.deepEqual(parsed(manifest), once);
    }
  });
});
