// Completeness: what an answer computed without some kinds may lack, against what the engine answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeness, requestNamespace } from './completeness';
import { createEngine } from '../engine';
import { res, world } from '../test-fixtures';
import type { MissingKind } from '../model/types';

describe('completeness', () => {
  const forbidden = (kind: MissingKind['kind']): MissingKind => ({ kind, reason: `forbidden ${kind}` });

  test('each question depends on its kinds only', () => {
    const pods = [forbidden('Pod')];
    assert.equal(completeness(pods, 'can-i', 'a').complete, true);
    assert.equal(completeness(pods, 'who-can', 'a').complete, true);
    assert.equal(completeness(pods, 'view', 'a').complete, false);
    assert.equal(completeness(pods, 'pods', 'a').complete, false);
    assert.equal(completeness([forbidden('Role')], 'pods', 'a').complete, true);
    const sas = [forbidden('ServiceAccount')];
    assert.equal(completeness(sas, 'can-i', 'a').complete, true);
    assert.equal(completeness(sas, 'who-can', 'a').complete, false, "a group's service accounts are listed");
    for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] as const)
      for (const question of ['can-i', 'who-can', 'permissions', 'view'] as const)
        assert.deepEqual(completeness([forbidden(kind)], question, 'a'), {
          complete: false,
          missing: [{ kind, reason: `forbidden ${kind}` }],
        });
  });

  test('kinds read in some namespaces: complete inside them, and for cluster-scoped requests', () => {
    const scoped: MissingKind[] = [
      { kind: 'RoleBinding', reason: 'read only in a', readIn: ['a'] },
      { kind: 'Role', reason: 'read only in a', readIn: ['a'] },
    ];
    assert.equal(completeness(scoped, 'who-can', 'a').complete, true);
    assert.equal(completeness(scoped, 'can-i', undefined).complete, true, 'RoleBindings never grant cluster scope');
    assert.equal(completeness(scoped, 'who-can', 'b').complete, false);
    assert.equal(completeness(scoped, 'permissions', undefined).complete, false, 'a subject spans every namespace');
    assert.equal(completeness(scoped, 'view', 'a').complete, true);
    assert.equal(completeness(scoped, 'view', undefined).complete, false);
    const scopedPods: MissingKind[] = [{ kind: 'Pod', reason: 'read only in a', readIn: ['a'] }];
    assert.equal(completeness(scopedPods, 'pods', 'a').complete, true);
    assert.equal(completeness(scopedPods, 'pods', 'b').complete, false);
  });

  test('a yes stays a yes; the engine reads the model', () => {
    const engine = createEngine(world({ missing: [forbidden('ClusterRole')] }));
    assert.equal(engine.completeness('can-i', 'a', true).complete, true);
    assert.equal(engine.completeness('can-i', 'a', false).complete, false);
    assert.equal(createEngine(world({})).completeness('who-can', 'a').complete, true);
  });

  test('the namespace of a request', () => {
    assert.equal(requestNamespace(res('get', 'pods', { namespace: 'a' })), 'a');
    assert.equal(requestNamespace(res('list', 'pods')), undefined);
    assert.equal(requestNamespace({ kind: 'nonResource', verb: 'get', path: '/healthz' }), undefined);
  });
});
