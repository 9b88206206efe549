// What pods and service accounts keep for the token findings and the token inspector: their uid
// (a bound token names its object by name and uid), read from files and live the same way, and
// written back to a manifest so that a snapshot keeps it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleModel } from './model-builder';
import { parseObject, toManifest, type ParsedObject } from './objects';
import { plainVolumes, volumesSchema } from './pod-volumes';

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

const spec = (volumes: unknown) => ({ ...pod, spec: { ...pod.spec, volumes } });
const podOf = (raw: unknown, saAutomount?: boolean) =>
  assembleModel([
    parsed({ ...sa, ...(saAutomount !== undefined && { automountServiceAccountToken: saAutomount }) }),
    parsed(raw),
  ]).pods[0]!;
const projected = (...sources: unknown[]) => ({ name: 'p', projected: { sources } });
const automounted = projected(
  { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
  { configMap: { name: 'kube-root-ca.crt' } },
);

describe('volumes', () => {
  test('Secrets mounted by volume and by projected volume, once each', () => {
    const p = podOf(
      spec([
        { name: 'a', secret: { secretName: 'runner-token-x' } },
        { name: 'b', emptyDir: {} },
        projected({ secret: { name: 'tls' } }, { secret: { name: 'runner-token-x' } }),
      ]),
    );
    assert.deepEqual(p.secretVolumes, ['runner-token-x', 'tls']);
  });

  test('the automounted token is not kept beside automount; nothing is kept when there is nothing else', () => {
    const p = podOf(spec([automounted, { name: 'c', configMap: { name: 'x' } }]));
    assert.equal(p.automountServiceAccountToken, true);
    assert.equal('projectedTokens' in p, false);
    assert.equal('secretVolumes' in p, false);
  });

  test('a pod admitted with the automounted token whose account now says false still carries it', () => {
    const p = podOf(spec([automounted]), false);
    assert.equal(p.automountServiceAccountToken, false);
    assert.deepEqual(p.projectedTokens, [{ expirationSeconds: 3607 }]);
  });

  test('tokens projected beside it: their audience and lifetime (3600 by default)', () => {
    const p = podOf(
      spec([
        automounted,
        projected(
          { serviceAccountToken: { audience: 'vault', expirationSeconds: 86400, path: 'v' } },
          { serviceAccountToken: { path: 't' } },
        ),
      ]),
    );
    assert.deepEqual(p.projectedTokens, [{ expirationSeconds: 86400, audience: 'vault' }, { expirationSeconds: 3600 }]);
  });

  test('volumes that do not parse: the pod is kept without them, and said', () => {
    const r = parseObject('Pod', spec([{ secret: { secretName: 5 } }]), 'default');
    assert.ok(r.ok);
    assert.match(r.warning ?? '', /^spec\.volumes\[0\]\.secret\.secretName: .*read without its volumes/);
    assert.equal('secretVolumes' in (r.object.value as object), false);
  });

  test('the fast check accepts exactly what the schema accepts', () => {
    const values: unknown[] = [
      undefined,
      null,
      [],
      {},
      'v',
      [null],
      [[]],
      [{ secret: null, projected: null }],
      [{ secret: [] }],
      [{ secret: { secretName: null } }],
      [{ secret: { secretName: 1 } }],
      [{ projected: { sources: null } }],
      [{ projected: { sources: [null] } }],
      [{ projected: { sources: [{ secret: { name: true } }] } }],
      [{ projected: { sources: [{ serviceAccountToken: { expirationSeconds: 2 ** 32 } }] } }],
      [{ projected: { sources: [{ serviceAccountToken: { expirationSeconds: 2 ** 60 } }] } }],
      [{ projected: { sources: [{ serviceAccountToken: { expirationSeconds: -1.5 } }] } }],
      [{ projected: { sources: [{ serviceAccountToken: { audience: 3 } }] } }],
      [{ projected: { sources: [{ serviceAccountToken: [] }] } }],
    ];
    for (const v of values) assert.equal(plainVolumes(v), volumesSchema.safeParse(v).success, JSON.stringify(v));
  });
});

describe("a service account's .secrets", () => {
  test('the names it lists, once each', () => {
    const model = assembleModel([
      parsed({ ...sa, secrets: [{ name: 'runner-token-x' }, { name: 'runner-token-x' }, {}] }),
    ]);
    assert.deepEqual(model.serviceAccounts[0]!.secrets, ['runner-token-x']);
  });

  test('none listed: nothing kept', () => {
    for (const secrets of [undefined, null, []])
      assert.equal('secrets' in assembleModel([parsed({ ...sa, secrets })]).serviceAccounts[0]!, false);
  });

  test('a list that does not parse: kept without it, and said', () => {
    const r = parseObject('ServiceAccount', { ...sa, secrets: [{ name: 5 }] }, 'default');
    assert.ok(r.ok);
    assert.match(r.warning ?? '', /^secrets\[0\]\.name: .*legacy token Secret it references is not known/);
  });

  test("written back to the manifest and read again the same, with a pod's volumes", () => {
    for (const raw of [
      { ...sa, secrets: [{ name: 'a' }, { name: 'b' }] },
      spec([automounted, { secret: { secretName: 's' } }, projected({ serviceAccountToken: { audience: 'x' } })]),
    ]) {
      const once = parsed(raw);
      assert.deepEqual(parsed(toManifest(once)), once);
    }
  });
});
