// The change history: one entry per batch that touched RBAC objects, coalesced within the batch,
// newest first; subjects that moved alike are one group; bounded by size (entries let go, an entry
// over its cap saying what it left out), paged by entry and subject, one history per cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectChange } from '@/lib/k8s/live/reflector';
import { createEngine, emptyModel, type ClusterModel } from '@/lib/rbac';
import { clusterRole, group, roleBinding, rule, user, world } from '@/lib/rbac/test-fixtures';
import {
  ChangeHistory,
  ClusterHistories,
  ENTRY_CAP,
  entriesPage,
  entrySubjects,
  listedEntry,
  type ChangeEntry,
} from './changes';
import { changesCsv } from '@/lib/reports/changes-csv';

const engine = createEngine(emptyModel());
const rb = (key: string, before: boolean, after: boolean): ObjectChange => {
  const value = {
    namespace: 'a',
    name: key,
    labels: {},
    roleRef: { apiGroup: '', kind: 'Role' as const, name: 'r' },
    subjects: [],
  };
  return {
    kind: 'RoleBinding',
    key: `a/${key}`,
    ...(before && { before: { kind: 'RoleBinding', value } }),
    ...(after && { after: { kind: 'RoleBinding', value } }),
  };
};
const pod: ObjectChange = {
  kind: 'Pod',
  key: 'a/p',
  after: { kind: 'Pod', value: { namespace: 'a', name: 'p', serviceAccountName: 'default' } },
};

const ns = { namespaces: [{ name: 'a', labels: {} }] };
const pods = rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] });
const secrets = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'] });

/** A RoleBinding `rb` in `a` to ClusterRole `role` created for `subjects`: the engines before and after, and the change. */
function bound(subjects: ReturnType<typeof user>[], rules = [pods], extra: Partial<ClusterModel> = {}) {
  const base = { ...ns, clusterRoles: [clusterRole('role', rules)], ...extra };
  const binding = roleBinding('a', 'rb', { kind: 'ClusterRole', name: 'role' }, subjects);
  const change: ObjectChange = { kind: 'RoleBinding', key: 'a/rb', after: { kind: 'RoleBinding', value: binding } };
  return {
    before: createEngine(world(base)),
    after: createEngine(world({ ...base, roleBindings: [binding] })),
    changes: [change],
  };
}

const users = (n: number) => Array.from({ length: n }, (_, i) => user(`u${String(i).padStart(5, '0')}`));

describe('ChangeHistory', () => {
  test('pods alone are not RBAC changes; bindings are, coalesced within a batch', () => {
    const h = new ChangeHistory();
    assert.equal(h.record(engine, engine, [pod], new Date(0)), undefined);
    const entry = h.record(
      engine,
      engine,
      [rb('x', false, true), rb('x', true, true), rb('y', false, true), rb('y', true, false), rb('z', true, true)],
      new Date(0),
    );
    assert.deepEqual(
      entry?.objects.map((o) => `${o.action} ${o.name}`),
      ['created x', 'changed z'],
    );
    assert.equal(h.list().length, 1);
  });

  test('subjects that moved alike are one group, with counts over every subject', () => {
    const { before, after, changes } = bound([...users(3), group('devs')], [pods, secrets]);
    const e = new ChangeHistory().record(before, after, changes, new Date(0))!;
    assert.deepEqual(
      e.groups.map((g) => [g.size, g.kinds, g.gained.length]),
      [
        [3, { User: 3 }, 2],
        [1, { Group: 1 }, 2],
      ],
    );
    assert.deepEqual(e.counts, { objects: 1, subjects: 4, gaining: 4, losing: 0, gained: 8, lost: 0, groups: 2 });
    assert.equal(e.groups[0]!.gained[0]!.grants[0]!.subject, undefined, 'each user is named by the binding itself');
    assert.deepEqual(e.groups[1]!.gained[0]!.grants[0]!.subject, group('devs'));
  });

  test('bounded by size: the oldest entries go when the budget is passed, and the usage says so', () => {
    const h = new ChangeHistory(3_000);
    for (let i = 0; i < 40; i++) h.record(engine, engine, [rb(`b${i}`, false, true)], new Date(i));
    const usage = h.usage();
    assert.ok(usage.bytes <= 3_000 && usage.entries > 1, JSON.stringify(usage));
    assert.equal(usage.entries + usage.evicted, 40);
    assert.equal(
      usage.bytes,
      h.list().reduce((n, e) => n + e.bytes, 0),
    );
    assert.equal(h.list()[0]!.objects[0]!.name, 'b39');
    assert.equal(h.list().at(-1)!.objects[0]!.name, `b${usage.evicted}`);
  });

  test('an entry over its cap keeps its counts and what fits, and says what it left out', () => {
    const rules = Array.from({ length: 20_000 }, (_, i) =>
      rule({ verbs: ['get'], apiGroups: ['example.com'], resources: [`r${i}`] }),
    );
    const { before, after, changes } = bound(users(5_000), rules);
    const e = new ChangeHistory().record(before, after, changes, new Date(0))!;
    const [g] = e.groups;
    assert.deepEqual([e.counts.subjects, e.counts.gained, g!.size, g!.subjects.length], [5_000, 1e8, 5_000, 5_000]);
    assert.ok(g!.dropped && g!.dropped.gained > 0, 'the permissions that did not fit are counted');
    assert.equal(g!.gained.length + g!.dropped.gained, 20_000);
    assert.ok(e.bytes <= ENTRY_CAP, `${e.bytes}`);
    assert.ok(JSON.stringify(listedEntry(e)).length < ENTRY_CAP);
    assert.match(changesCsv([e]), /,dropped,,\d+ gained permissions not kept \(the entry is over its size cap\),/);
  });

  test('an outage: the entry says it was seen on reconnecting, and between when', () => {
    const h = new ChangeHistory();
    const outage = { since: Date.parse('2026-12-05T02:01:10Z'), until: Date.parse('2026-12-05T02:03:40Z') };
    const e = h.record(engine, engine, [rb('x', false, true)], new Date(outage.until + 500), { outage })!;
    assert.deepEqual(e.seenOnRecovery, { from: '2026-12-05T02:01:10.000Z', to: '2026-12-05T02:03:40.000Z' });
    assert.equal(h.record(engine, engine, [rb('y', false, true)], new Date(0))!.seenOnRecovery, undefined);
    assert.match(changesCsv([e]), /,2026-12-05T02:01:10.000Z,2026-12-05T02:03:40.000Z\r\n$/);
  });
});

describe('paging', () => {
  const { before, after, changes } = bound([...users(25), group('devs')]);
  const e = new ChangeHistory().record(before, after, changes, new Date(0))!;

  const cases: { name: string; offset: number; limit: number; group?: number; want: string[]; next?: number }[] = [
    { name: 'the first page of all', offset: 0, limit: 3, want: ['1 u00000', '1 u00001', '1 u00002'], next: 3 },
    { name: 'across the groups', offset: 24, limit: 5, want: ['1 u00024', '2 devs'] },
    { name: 'one group', offset: 20, limit: 3, group: 1, want: ['1 u00020', '1 u00021', '1 u00022'], next: 23 },
    { name: 'past the end', offset: 99, limit: 3, want: [] },
  ];
  for (const c of cases)
    test(`an entry's subjects: ${c.name}`, () => {
      const page = entrySubjects(e, c.offset, c.limit, c.group);
      assert.deepEqual(
        page.items.map((s) => `${s.group} ${s.name}`),
        c.want,
      );
      assert.equal(page.next, c.next);
      assert.equal(page.total, c.group === undefined ? 26 : 25);
    });

  test('the listing names the first subjects of each group', () => {
    assert.deepEqual(
      listedEntry(e, 2).groups.map((g) => [g.size, g.subjects.map((s) => s.name)]),
      [
        [25, ['u00000', 'u00001']],
        [1, ['devs']],
      ],
    );
  });

  test('entries: fewer on a page when their size would pass the budget, never none', () => {
    const entries = [1, 2, 3, 4].map((id) => ({ id, bytes: 400 }) as ChangeEntry);
    const ids = (offset: number, budget: number) => entriesPage(entries, offset, 10, budget).items.map((x) => x.id);
    assert.deepEqual(ids(0, 10_000), [1, 2, 3, 4]);
    assert.deepEqual(ids(0, 1_000), [1, 2]);
    assert.deepEqual(entriesPage(entries, 0, 10, 1_000).next, 2);
    assert.deepEqual(ids(2, 100), [3], 'one entry over the budget is still a page');
  });
});

test('one history per cluster: a context pointed at another API server starts another, and shows only it', () => {
  const h = new ClusterHistories();
  h.of('', 'https://a:6443').record(engine, engine, [rb('x', false, true)], new Date(0));
  assert.equal(h.current('', 'https://a:6443')?.list().length, 1);
  assert.equal(h.current('', 'https://b:6443'), undefined, 'not the other server’s');
  assert.equal(h.of('', 'https://b:6443').list().length, 0, 'a new history');
  assert.equal(h.current('', 'https://a:6443'), undefined, 'the first server’s is let go');
  h.of('other', 'https://a:6443').record(engine, engine, [rb('y', false, true)], new Date(0));
  assert.equal(h.current('other', 'https://a:6443')?.list().length, 1, 'contexts apart');
});

test('as CSV: a group of one on its rows; a group of several by member, its permissions once; an empty change keeps its row', () => {
  const { before, after, changes } = bound([user('ann'), user('bob'), group('devs')], [pods]);
  const h = new ChangeHistory();
  h.record(
    engine,
    engine,
    [{ kind: 'Role', key: 'a/r', before: { kind: 'Role', value: { namespace: 'a', name: 'r' } } } as ObjectChange],
    new Date(0),
  );
  h.record(before, after, changes, new Date(1000));
  assert.deepEqual(changesCsv(h.list()).trimEnd().split('\r\n'), [
    'at,objects,subjectKind,subjectNamespace,subject,change,verbs,target,namespace,dangers,group,seenFrom,seenTo',
    '1970-01-01T00:00:01.000Z,created RoleBinding a/rb,User,,ann,member,,,,,1,,',
    '1970-01-01T00:00:01.000Z,created RoleBinding a/rb,User,,bob,member,,,,,1,,',
    '1970-01-01T00:00:01.000Z,created RoleBinding a/rb,,,,gained,get list,pods,a,,1,,',
    '1970-01-01T00:00:01.000Z,created RoleBinding a/rb,Group,,devs,gained,get list,pods,a,,2,,',
    '1970-01-01T00:00:00.000Z,deleted Role a/r,,,,,,,,,,,',
  ]);
});
