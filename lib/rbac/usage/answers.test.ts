// Usage answers: a request several grants allow used all of them; grants, bindings and roles never
// used are listed (with the window); identities ranked by dangerous grants they never used; denied
// shapes listed; the answers cached per (engine, usage) version and recomputed when either moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../engine';
import { updateEngine } from '../engine-update';
import { impersonatedIdentity } from '../model/identity';
import { objectKey } from '../model/refs';
import { clusterRole, clusterRoleBinding, res, rule, url, user, world } from '../test-fixtures';
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
      assert.deepEqual([g.usedVerbs, g.usedTargets], [['get'], ['configmaps']]);
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

test('usage answers: a batch touching one identity recomputes that identity only', () => {
  const { usage, a } = answers();
  const before = new Map(a.identities.map((i) => [i.user, i]));
  usage.add([observed(web, res('list', 'nodes'))]);
  const b = usageAnswers(engine, usage);
  const after = new Map(b.identities.map((i) => [i.user, i]));
  assert.equal(after.get(other.user), before.get(other.user));
  assert.notEqual(after.get(web.user), before.get(web.user));
  assert.equal(after.get(web.user)!.requests.length, before.get(web.user)!.requests.length + 1);
  assert.equal(b.bindings.find((x) => x.ref.name === 'web-view')!.uses, 4);
});

test('usage answers: batch by batch, the same as all at once', () => {
  const events = [
    observed(web, cfg, { at: 1 }),
    observed(other, res('list', 'nodes'), { at: 2 }),
    observed(web, url('get', '/healthz'), { at: 3 }),
    observed(web, cfg, { at: 4 }),
    observed(other, res('list', 'nodes'), { at: 5 }),
    observed(web, res('list', 'pods', { namespace: 'app' }), { at: 6 }),
  ];
  const stepwise = createUsageIndex();
  for (const e of events) {
    stepwise.add([e]);
    usageAnswers(engine, stepwise);
  }
  const once = createUsageIndex();
  once.add(events);
  const uses = (a: ReturnType<typeof usageAnswers>) => [
    a.bindings.map((b) => [objectKey(b.ref), b.uses, b.lastUsed]),
    a.roles.map((r) => [objectKey(r.ref), r.uses, r.lastUsed]),
    a.identities.map((i) => [i.user, i.unusedDangerous, i.grants.map((g) => [g.uses, g.lastUsed])]),
    a.attribution.checked,
  ];
  assert.deepEqual(uses(usageAnswers(engine, stepwise)), uses(usageAnswers(engine, once)));
});

test('usage answers: kept across engines of one RBAC version (a pod changed), recomputed when RBAC changes', () => {
  const { usage, a } = answers();
  const model = usageWorld();
  const pod = { namespace: 'app', name: 'p', serviceAccountName: 'web', automountServiceAccountToken: true };
  const withPod = updateEngine(engine, { ...model, pods: [pod] }, [{ kind: 'Pod', after: pod }]);
  assert.equal(withPod.rbacVersion, engine.rbacVersion);
  assert.equal(usageAnswers(withPod, usage), a);
  const rb = model.roleBindings[0]!;
  const lessRbac = updateEngine(engine, { ...model, roleBindings: model.roleBindings.slice(1) }, [
    { kind: 'RoleBinding', before: rb },
  ]);
  const b = usageAnswers(lessRbac, usage);
  assert.notEqual(b, a);
  assert.ok(!b.bindings.some((x) => x.ref.name === rb.name));
});

// ClusterRoles aggregated into another (clusterroleaggregation_controller.go copies their rules
// there): a request the aggregating role allowed used the sources whose rules allow it; a source
// none of whose rules was used still feeds a used role, so it is marked, never listed "never used".
const widgets = rule({ verbs: ['get'], apiGroups: ['example.com'], resources: ['widgets'] });
const gadgets = rule({ verbs: ['list'], apiGroups: ['example.com'], resources: ['gadgets'] });
const feeds = { 'rbac.example.com/aggregate-to-team': 'true' };
const aggregated = createEngine(
  world({
    clusterRoles: [
      clusterRole('widget-admin', [widgets], feeds),
      clusterRole('gadget-admin', [gadgets], feeds),
      clusterRole('loose', [gadgets]),
      {
        ...clusterRole('team', [widgets, gadgets]),
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: feeds, matchExpressions: [] }] },
      },
    ],
    clusterRoleBindings: [clusterRoleBinding('alice-team', 'team', [user('alice')])],
  }),
);

const aggregationCases: { name: string; role: string; uses: number; into?: string[]; unused: boolean }[] = [
  { name: 'the aggregating role a binding names', role: 'team', uses: 1, unused: false },
  { name: 'a source whose rule allowed the request: used as often', role: 'widget-admin', uses: 1, unused: false },
  {
    name: 'a source nothing used, fed into a used role: marked, not never used',
    role: 'gadget-admin',
    uses: 0,
    into: ['team'],
    unused: false,
  },
  { name: 'a role nothing selects nor binds: never used', role: 'loose', uses: 0, unused: true },
];

for (const c of aggregationCases)
  test(`usage answers, aggregated roles: ${c.name}`, () => {
    const usage = createUsageIndex();
    usage.add([
      observed(
        { user: 'alice', groups: ['system:authenticated'] },
        res('get', 'widgets', { group: 'example.com', name: 'w' }),
      ),
    ]);
    const a = usageAnswers(aggregated, usage);
    const role = a.roles.find((r) => r.ref.name === c.role)!;
    assert.equal(role.uses, c.uses);
    assert.deepEqual(role.aggregatedIntoUsed, c.into);
    assert.equal(
      a.unusedRoles.some((r) => r.ref.name === c.role),
      c.unused,
    );
  });

test('usage answers: bound subjects the window never saw are ranked with their direct grants, never left out', () => {
  const { a } = answers();
  const row = (text: string) => a.ranked.filter((r) => objectKey(r.subject) === text);
  const bot = row('User:admin-bot');
  assert.equal(bot.length, 1, 'admin-bot never acted: ranked anyway');
  assert.equal(bot[0]!.seen, false);
  assert.ok(bot[0]!.unusedDangerous > 0, 'impersonation is dangerous');
  assert.ok(bot[0]!.dangers.length > 0);
  assert.equal(row('Group:devs')[0]?.seen, false, 'no identity seen was in devs');
  assert.equal(row('Group:system:authenticated').length, 0, 'web was seen in system:authenticated');
  const webRows = row('ServiceAccount:app/web');
  assert.deepEqual(
    webRows.map((r) => [r.seen, r.requests]),
    [[true, 4]],
    'web once, as seen',
  );
  const order = a.ranked.map((r) => r.unusedDangerous);
  assert.deepEqual(
    order,
    [...order].sort((x, y) => y - x),
    'most unused dangerous grants first',
  );
});
