// Usage answers: a request several grants allow used all of them; grants, bindings and roles never
// used are listed (with the window); identities ranked by dangerous grants they never used; denied
// shapes listed; the answers cached per (engine, usage) version and recomputed when either moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { impersonatedIdentity } from '../model/identity';
import { objectKey } from '../model/refs';
import { res, url } from '../test-fixtures';
import { usageAnswers } from './answers';
import { observed, saIdentity, usageWorld } from './test-observed';
import { createUsageIndex } from './usage-index';

const engine = createEngine(usageWorld());
const web = saIdentity('app', 'web');
const other = saIdentity('app', 'other');
const cfg = res('get', 'configmaps', { namespace: 'app', name: 'cfg' });

function answers() {
  const usage = createUsageIndex();
  usage.add([
    observed(web, cfg, { at: 1 }),
    observed(web, cfg, { at: 9 }),
    observed(web, url('get', '/healthz'), { at: 2 }),
    observed(web, res('delete', 'secrets', { namespace: 'other', name: 'x' }), {
      decision: 'forbid',
      reason: '',
      at: 3,
    }),
    observed(other, res('list', 'nodes'), { at: 4 }),
  ]);
  return { usage, a: usageAnswers(engine, usage) };
}

const uses = (a: ReturnType<typeof answers>['a'], user: string) =>
  Object.fromEntries(
    a.identities.find((i) => i.user === user)!.grants.map((g) => [objectKey(g.grant.binding), g.uses]),
  );

const cases: { name: string; check: (a: ReturnType<typeof answers>['a']) => void }[] = [
  {
    name: 'a request two grants allow used both; a grant nothing used has 0',
    check: (a) =>
      assert.deepEqual(uses(a, web.user), {
        'ClusterRoleBinding:web-view': 2,
        'ClusterRoleBinding:basic': 1,
        'RoleBinding:app/web-edit': 2,
      }),
  },
  {
    name: 'last use is the last allowed event',
    check: (a) => {
      const g = a.identities.find((i) => i.user === web.user)!.grants.find((x) => x.grant.binding.name === 'web-edit')!;
      assert.equal(g.lastUsed! - a.window.from!, 8000);
    },
  },
  {
    name: 'bindings and roles never used in the window',
    check: (a) => {
      assert.deepEqual(
        a.unusedBindings.map((b) => objectKey(b.ref)),
        ['ClusterRoleBinding:imp', 'RoleBinding:app/devs', 'RoleBinding:app/idle-edit'],
      );
      assert.deepEqual(
        a.unusedRoles.map((r) => objectKey(r.ref)),
        ['ClusterRole:impersonator', 'ClusterRole:unbound'],
      );
    },
  },
  {
    name: 'identities with as many unused dangerous grants: by user name',
    check: (a) => {
      assert.deepEqual(
        a.identities.map((i) => [i.user, i.unusedDangerous]),
        [
          [other.user, 0],
          [web.user, 0],
        ],
      );
    },
  },
  {
    name: 'denied shapes listed, with the window',
    check: (a) => {
      assert.deepEqual(
        a.denied.map((s) => s.request),
        [res('delete', 'secrets', { namespace: 'other', name: 'x' })],
      );
      assert.equal(a.window.events, 5);
    },
  },
];

for (const c of cases) test(`usage answers: ${c.name}`, () => c.check(answers().a));

test('usage answers: web unused dangerous grants once it stops editing', () => {
  const usage = createUsageIndex();
  usage.add([observed(web, res('list', 'nodes'))]);
  const a = usageAnswers(engine, usage);
  const mine = a.identities.find((i) => i.user === web.user)!;
  // web-edit's rule (create pods, patch pods, read secrets) was never used; web-view's was.
  assert.equal(mine.unusedDangerous, 1);
  const admin = impersonatedIdentity('admin-bot', []);
  usage.add([observed(admin, url('get', '/healthz'))]);
  const b = usageAnswers(engine, usage);
  assert.deepEqual(
    b.identities.map((i) => [i.user, i.unusedDangerous]),
    [
      ['admin-bot', 1],
      [web.user, 1],
    ],
  );
});

test('usage answers: cached per (engine, usage) version', () => {
  const { usage, a } = answers();
  assert.equal(usageAnswers(engine, usage), a);
  usage.add([observed(web, cfg)]);
  const b = usageAnswers(engine, usage);
  assert.notEqual(b, a);
  assert.notEqual(usageAnswers(createEngine(usageWorld()), usage), b);
});
