// The small after model answers as the whole after engine would: for every subject right-sized, each
// identity it acts as and a table of requests, canI on the small index (what the after check asks)
// gives the same decision and the same grants in the same order as the whole after engine, and the
// change review's subject diff from the small engine equals the diff from the whole one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canI } from '../authorizer/can-i';
import { createEngine } from '../engine';
import { subjectDiff } from '../diff/diff';
import { identityOfSubject } from '../indexes/permissions';
import { impersonatedIdentity } from '../model/identity';
import type { SubjectRef } from '../model/refs';
import { grantKey } from '../paths/path-types';
import { clusterRoleBinding, group, res, roleBinding, sa, url, user } from '../test-fixtures';
import { rightsize } from './rightsize';
import { bindingsAround, editedBindings, resolveProposal, seqAfter, smallIndex } from './rightsize-model';
import { rightsizedModel, smallAfterEngine } from './rightsize-review';
import { observed, saIdentity, usageWorld } from './test-observed';
import { createUsageIndex } from './usage-index';

// The usage world, plus subjects named every way the authorizer reads them.
const model = usageWorld();
model.roleBindings.push(
  roleBinding('other', 'by-user-name', { kind: 'ClusterRole', name: 'view-all' }, [
    user('system:serviceaccount:app:web'),
  ]),
  roleBinding('other', 'twice', { kind: 'ClusterRole', name: 'basic' }, [
    sa('web', 'app'),
    group('devs'),
    sa('web', 'app'),
  ]),
);
model.clusterRoleBindings.push(
  clusterRoleBinding('no-namespace', 'view-all', [sa('web')]),
  clusterRoleBinding('mixed', 'impersonator', [user('alice'), group('system:serviceaccounts:app')]),
);
const engine = createEngine(model);

const web = saIdentity('app', 'web');
const alice = impersonatedIdentity('alice', ['devs']);
const usage = createUsageIndex();
usage.add([
  observed(web, res('get', 'configmaps', { namespace: 'app', name: 'cfg' })),
  observed(web, res('list', 'pods', { namespace: 'other' })),
  observed(web, res('watch', 'pods')),
  observed(web, url('get', '/healthz')),
  observed(alice, res('list', 'pods', { namespace: 'app' })),
  observed(alice, res('impersonate', 'users', { name: 'bob' })),
  observed(impersonatedIdentity('bob', []), res('list', 'nodes'), { impersonator: alice }),
]);

const requests = [
  res('get', 'configmaps', { namespace: 'app', name: 'cfg' }),
  res('get', 'configmaps', { namespace: 'app', name: 'other' }),
  res('list', 'pods', { namespace: 'app' }),
  res('list', 'pods', { namespace: 'other' }),
  res('watch', 'pods'),
  res('list', 'nodes'),
  res('delete', 'secrets', { namespace: 'app', name: 's' }),
  res('impersonate', 'users', { name: 'bob' }),
  res('impersonate', 'serviceaccounts', { namespace: 'app', name: 'web' }),
  url('get', '/healthz'),
  url('get', '/metrics'),
];

const subjects: SubjectRef[] = [
  { kind: 'ServiceAccount', namespace: 'app', name: 'web' },
  { kind: 'ServiceAccount', namespace: 'app', name: 'other' },
  { kind: 'ServiceAccount', namespace: 'app', name: 'idle' },
  { kind: 'User', name: 'alice' },
  { kind: 'User', name: 'admin-bot' },
  { kind: 'Group', name: 'devs' },
];

const keys = (grants: Parameters<typeof grantKey>[0][]) => grants.map(grantKey);

for (const subject of subjects)
  test(`small after model = whole after engine: ${JSON.stringify(subject)}`, () => {
    const r = rightsize(engine, usage, subject);
    const whole = createEngine(rightsizedModel(engine, r));
    const identities = [
      identityOfSubject(subject),
      ...(usage.identity(identityOfSubject(subject).user)?.groupSets ?? []).map((groups) => ({
        user: identityOfSubject(subject).user,
        groups,
      })),
    ];
    const around = bindingsAround(engine, identities);
    const small = smallIndex(engine, [
      ...editedBindings(around, r.replaced),
      ...resolveProposal(r.proposed, seqAfter(engine)),
    ]);
    let allowed = 0;
    for (const identity of identities)
      for (const request of requests) {
        const want = whole.canI(identity, request);
        const got = canI(small, identity, request);
        assert.equal(got.allowed, want.allowed, `${identity.user} ${JSON.stringify(request)}`);
        assert.deepEqual(keys(got.grants), keys(want.grants), `${identity.user} ${JSON.stringify(request)}`);
        if (want.allowed) allowed++;
      }
    assert.deepEqual(subjectDiff(engine, smallAfterEngine(engine, r), subject), subjectDiff(engine, whole, subject));
    assert.equal(r.check.failures.length, 0);
    if (subject.kind === 'ServiceAccount' && subject.name === 'web')
      assert.ok(allowed > 0, 'the table asks something allowed');
  });
