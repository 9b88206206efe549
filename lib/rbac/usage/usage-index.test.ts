// The usage index folds events into shapes: one entry per identity (user and groups, in any order)
// and request, counts and times widened, decisions and reasons counted, impersonation recorded on
// both sides; memory grows with shapes, not events; the version moves with every add.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impersonatedIdentity } from '../model/identity';
import { res, url } from '../test-fixtures';
import { observed, saIdentity } from './test-observed';
import { createUsageIndex } from './usage-index';

const web = saIdentity('app', 'web');
const alice = impersonatedIdentity('alice', ['devs']);
const getCfg = res('get', 'configmaps', { namespace: 'app', name: 'cfg' });

const cases: { name: string; check: () => void }[] = [
  {
    name: 'the same request many times is one shape, counted, first and last widened (out of order too)',
    check: () => {
      const u = createUsageIndex();
      u.add([observed(web, getCfg, { at: 10 }), observed(web, getCfg, { at: 5 }), observed(web, getCfg, { at: 20 })]);
      const [shape] = u.identity(web.user)!.shapes;
      assert.equal(u.shapes, 1);
      assert.equal(shape!.count, 3);
      assert.equal(shape!.last - shape!.first, 15_000);
      assert.equal(u.window.events, 3);
      assert.equal(u.window.to! - u.window.from!, 15_000);
    },
  },
  {
    name: 'groups in another order are the same shape; other groups another shape of the same user',
    check: () => {
      const u = createUsageIndex();
      u.add([
        observed({ user: 'bob', groups: ['b', 'a'] }, getCfg),
        observed({ user: 'bob', groups: ['a', 'b'] }, getCfg),
        observed({ user: 'bob', groups: ['a'] }, getCfg),
      ]);
      assert.equal(u.shapes, 2);
      assert.deepEqual(u.identity('bob')!.groupSets, [['a', 'b'], ['a']]);
    },
  },
  {
    name: 'requests differing only in name, namespace, subresource or URL are distinct shapes',
    check: () => {
      const u = createUsageIndex();
      u.add([
        observed(web, getCfg),
        observed(web, res('get', 'configmaps', { namespace: 'app', name: 'other' })),
        observed(web, res('get', 'configmaps', { namespace: 'b', name: 'cfg' })),
        observed(web, res('get', 'pods', { namespace: 'app', name: 'p', subresource: 'log' })),
        observed(web, res('get', 'pods', { namespace: 'app', name: 'p' })),
        observed(web, url('get', '/healthz')),
        observed(web, url('get', '/livez')),
      ]);
      assert.equal(u.shapes, 7);
    },
  },
  {
    name: 'allowed, denied and undecided counted apart; each distinct reason once with its first place',
    check: () => {
      const u = createUsageIndex();
      const first = observed(web, getCfg, { decision: 'forbid', reason: '' });
      u.add([first, observed(web, getCfg, { decision: 'forbid', reason: '' }), observed(web, getCfg, { at: 3 })]);
      u.add([{ ...observed(web, getCfg), decision: undefined }]);
      const [shape] = u.identity(web.user)!.shapes;
      assert.deepEqual([shape!.count, shape!.allowed, shape!.denied], [4, 1, 2]);
      assert.equal(shape!.reasons.length, 3);
      assert.deepEqual(shape!.reasons[0], {
        decision: 'forbid',
        reason: '',
        count: 2,
        where: first.where,
        last: first.time,
      });
      assert.equal(shape!.lastAllowed, first.time + 3000);
    },
  },
  {
    name: 'impersonation: the request on the impersonated identity, the act on the impersonator',
    check: () => {
      const u = createUsageIndex();
      const admin = impersonatedIdentity('admin', ['system:masters']);
      u.add([observed(web, getCfg, { impersonator: admin }), observed(web, getCfg, { impersonator: admin })]);
      assert.deepEqual(u.identity(web.user)!.shapes[0]!.impersonators, ['admin']);
      const acts = u.identity('admin')!;
      assert.equal(acts.shapes.length, 0);
      assert.equal(acts.impersonated.length, 1);
      assert.equal(acts.impersonated[0]!.count, 2);
      assert.deepEqual(acts.impersonated[0]!.as.user, web.user);
    },
  },
  {
    name: 'memory is bounded by shapes: 10,000 events of 3 shapes hold 3',
    check: () => {
      const u = createUsageIndex();
      const shapes = [getCfg, res('list', 'pods', { namespace: 'app' }), url('get', '/healthz')];
      u.add(Array.from({ length: 10_000 }, (_, i) => observed(alice, shapes[i % 3]!, { at: i })));
      assert.equal(u.shapes, 3);
      assert.equal(u.window.events, 10_000);
    },
  },
  {
    name: 'the version moves with each add and noteRead, not with an empty batch',
    check: () => {
      const u = createUsageIndex();
      const v0 = u.version;
      u.add([]);
      assert.equal(u.version, v0);
      u.add([observed(web, getCfg)]);
      const v1 = u.version;
      assert.ok(v1 > v0);
      u.noteRead({ lines: 5, problems: 1, files: ['audit.log'] });
      assert.ok(u.version > v1);
      assert.deepEqual([u.window.lines, u.window.problems, u.window.files, u.window.events], [5, 1, ['audit.log'], 1]);
    },
  },
  {
    name: 'identities are listed by user name',
    check: () => {
      const u = createUsageIndex();
      u.add([observed(web, getCfg), observed(alice, getCfg)]);
      assert.deepEqual(
        u.identities().map((i) => i.user),
        ['alice', web.user],
      );
    },
  },
];

for (const c of cases) test(`usage index: ${c.name}`, c.check);
