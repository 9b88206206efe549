// The small after model answers as the whole after engine would: for every subject right-sized, each
// identity it acts as and a table of requests, canI on the small index (what the after check asks)
// gives the same decision and the same grants in the same order as the whole after engine, and the
// change review's subject diff from the small engine equals the diff from the whole one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canI } from '../authorizer/can-i';
import { createEngine } from '../engine';
import { Dice, RandomCluster, randomOf } from '../random-changes';
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

// The same on random clusters (random-changes.ts: subjects named every way, groups, missing roles,
// system:masters), with usage drawn from what the engine allows and denies: for every known subject,
// the small after index answers as the whole after engine, and the whole after engine allows every
// request RBAC allowed before (the proposal loses nothing used).
const RANDOM_REQUESTS = (namespaces: readonly string[]) =>
  namespaces
    .flatMap((namespace) => [
      res('get', 'pods', { namespace, name: 'p' }),
      res('list', 'pods', { namespace }),
      res('get', 'secrets', { namespace, name: 's' }),
      res('create', 'deployments', { group: 'apps', namespace }),
      res('patch', 'namespaces', { namespace, name: namespace }),
      res('create', 'serviceaccounts', { namespace, subresource: 'token', name: 'app' }),
      res('impersonate', 'serviceaccounts', { namespace, name: 'app' }),
    ])
    .concat([res('list', 'pods'), res('get', 'nodes', { name: 'n', subresource: 'proxy' }), url('get', '/metrics')]);

for (const seed of [1, 2, 3, 4, 5])
  test(`small after model = whole after engine on a random cluster (seed ${seed})`, () => {
    const cluster = new RandomCluster(new Dice(randomOf(seed)));
    const engine = createEngine(cluster.model);
    const requests = RANDOM_REQUESTS([...cluster.model.namespaces.map((n) => n.name), 'gone']);
    const { serviceAccounts, users, groups } = engine.known;
    const subjects: SubjectRef[] = [...serviceAccounts, ...users, ...groups];
    const usage = createUsageIndex();
    for (const s of subjects) {
      if (s.kind === 'Group') continue;
      const identity = identityOfSubject(s);
      usage.add(
        requests.map((r) => observed(identity, r, { decision: engine.canI(identity, r).allowed ? 'allow' : 'forbid' })),
      );
    }
    for (const subject of subjects) {
      const r = rightsize(engine, usage, subject);
      const whole = createEngine(rightsizedModel(engine, r));
      const identity = identityOfSubject(subject);
      const small = smallIndex(engine, [
        ...editedBindings(bindingsAround(engine, [identity]), r.replaced),
        ...resolveProposal(r.proposed, seqAfter(engine)),
      ]);
      for (const request of requests)
        assert.deepEqual(keys(canI(small, identity, request).grants), keys(whole.canI(identity, request).grants));
      assert.deepEqual(r.check.failures, [], JSON.stringify(subject));
      for (const u of [...r.granted, ...r.stillAllowed])
        assert.ok(whole.canI(u.shape.identity, u.shape.request).grants.length > 0, JSON.stringify(u.shape.request));
    }
  });
