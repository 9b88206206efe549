import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from './engine';
import { checkTokenObjects, tokenObjectsEffect } from './token-objects';
import { world } from './test-fixtures';

const model = world({
  namespaces: [{ name: 'apps', labels: {} }],
  serviceAccounts: [{ namespace: 'apps', name: 'builder', uid: 'sa-1' }],
  pods: [
    { namespace: 'apps', name: 'web', uid: 'pod-1', serviceAccountName: 'builder', automountServiceAccountToken: true },
    { namespace: 'apps', name: 'old', serviceAccountName: 'builder', automountServiceAccountToken: true },
  ],
});
const engine = createEngine(model);
const sa = { name: 'builder', uid: 'sa-1' };

describe('checkTokenObjects (claims.go validator lookups)', () => {
  test('a pod with the claimed uid: valid; its node is only where it ran', () => {
    const checks = checkTokenObjects(engine, {
      namespace: 'apps',
      serviceAccount: sa,
      pod: { name: 'web', uid: 'pod-1' },
      node: { name: 'n1', uid: 'node-1' },
    });
    assert.deepEqual(
      checks.map((c) => [c.kind, c.state, c.effect]),
      [
        ['ServiceAccount', 'exists', 'valid'],
        ['Pod', 'exists', 'valid'],
        ['Node', 'informational', 'valid'],
      ],
    );
    assert.match(checks[2]!.text, /stays valid when the node is gone/);
    assert.equal(tokenObjectsEffect(checks), 'valid');
  });

  test('a pod that is gone, or made again with another uid: invalid', () => {
    const gone = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: sa, pod: { name: 'x', uid: 'p' } });
    assert.equal(gone[1]!.state, 'gone');
    assert.equal(tokenObjectsEffect(gone), 'invalid');
    const other = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: sa, pod: { name: 'web', uid: 'p' } });
    assert.equal(other[1]!.state, 'other-uid');
    assert.match(other[1]!.text, /different object/);
    assert.equal(tokenObjectsEffect(other), 'invalid');
  });

  test('a service account recreated under the same name: invalid', () => {
    const checks = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: { name: 'builder', uid: 'sa-0' } });
    assert.equal(checks[0]!.state, 'other-uid');
    assert.equal(tokenObjectsEffect(checks), 'invalid');
  });

  test('no uid to compare, a Secret, a node-bound token: unknown, never valid', () => {
    const pod = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: sa, pod: { name: 'old', uid: 'p' } });
    assert.equal(pod[1]!.state, 'uid-unknown');
    const secret = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: sa, secret: { name: 's' } });
    assert.deepEqual([secret[1]!.kind, secret[1]!.state], ['Secret', 'not-checked']);
    assert.match(secret[1]!.text, /never reads Secrets.*TokenReview/);
    const node = checkTokenObjects(engine, { namespace: 'apps', serviceAccount: sa, node: { name: 'n1' } });
    assert.deepEqual([node[1]!.state, node[1]!.effect], ['not-checked', 'unknown']);
    for (const checks of [pod, secret, node]) assert.equal(tokenObjectsEffect(checks), 'unknown');
  });

  test('pods not read in the namespace: not-read with the reason, not gone', () => {
    const partial = createEngine({ ...model, pods: [], missing: [{ kind: 'Pod', reason: 'forbidden' }] });
    const checks = checkTokenObjects(partial, { namespace: 'apps', serviceAccount: sa, pod: { name: 'web' } });
    assert.deepEqual([checks[1]!.state, checks[1]!.effect], ['not-read', 'unknown']);
    assert.match(checks[1]!.text, /forbidden/);
  });
});
