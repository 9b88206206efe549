// A subject no binding read names: a plain "not found" only when the data read was whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, type MissingKind, type SubjectRef } from '@/lib/rbac';
import { clusterRole, clusterRoleBinding, roleBinding, rule, user, world } from '@/lib/rbac/test-fixtures';
import { subjectReport, subjectReportPage, unknownSubjectBody } from './subject-report';

const ghost: SubjectRef = { kind: 'User', name: 'ghost' };
const ghostSa: SubjectRef = { kind: 'ServiceAccount', namespace: 'team', name: 'ghost' };
const ghostGroup: SubjectRef = { kind: 'Group', name: 'ghosts' };

const cases: {
  name: string;
  ref: SubjectRef;
  missing: MissingKind[];
  complete: boolean;
  kinds?: string[];
  error: RegExp;
}[] = [
  {
    name: 'every kind read: a plain not found',
    ref: ghost,
    missing: [],
    complete: true,
    error: /^User "ghost" not found: no such object, and no binding names it$/,
  },
  {
    name: 'a RoleBinding file that did not parse: unknown to incomplete data',
    ref: ghost,
    missing: [{ kind: 'RoleBinding', reason: 'not read: bad.yaml' }],
    complete: false,
    kinds: ['RoleBinding'],
    error:
      /^User "ghost" is unknown to the data read, which is incomplete \(RoleBinding not read in full\): a binding that was not read may name it$/,
  },
  {
    name: 'ClusterRoleBindings forbidden: a group is unknown to incomplete data',
    ref: ghostGroup,
    missing: [{ kind: 'ClusterRoleBinding', reason: 'forbidden' }],
    complete: false,
    kinds: ['ClusterRoleBinding'],
    error: /^Group "ghosts" is unknown to the data read, which is incomplete/,
  },
  {
    name: 'RoleBindings read only in some namespaces: it may be bound elsewhere',
    ref: ghost,
    missing: [{ kind: 'RoleBinding', reason: 'read only in a', readIn: ['a'] }],
    complete: false,
    kinds: ['RoleBinding'],
    error: /incomplete/,
  },
  {
    name: 'ServiceAccounts not read: a service account may exist',
    ref: ghostSa,
    missing: [{ kind: 'ServiceAccount', reason: 'forbidden' }],
    complete: false,
    kinds: ['ServiceAccount'],
    error: /^ServiceAccount "team\/ghost" is unknown to the data read/,
  },
  {
    name: 'ServiceAccounts not read: a user is still known not to be named',
    ref: ghost,
    missing: [{ kind: 'ServiceAccount', reason: 'forbidden' }],
    complete: true,
    error: /not found/,
  },
  {
    name: 'Roles and pods not read: no binding is missing, a plain not found',
    ref: ghost,
    missing: [
      { kind: 'Role', reason: 'forbidden' },
      { kind: 'Pod', reason: 'forbidden' },
    ],
    complete: true,
    error: /not found/,
  },
];

describe('unknownSubjectBody (the 404 of /api/subjects)', () => {
  for (const c of cases)
    test(c.name, () => {
      const model = world({
        clusterRoles: [clusterRole('reader', [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })])],
        clusterRoleBindings: [clusterRoleBinding('reader', 'reader', [user('alice')])],
      });
      model.missing = c.missing;
      const engine = createEngine(model);
      assert.equal(engine.isKnown(c.ref), false);
      const body = unknownSubjectBody(engine, c.ref);
      assert.equal(body.complete, c.complete);
      assert.deepEqual(
        body.missing.map((m) => m.kind),
        c.kinds ?? [],
      );
      assert.match(body.error, c.error);
    });
});

describe('a subject report paged by grant, not by namespace', () => {
  // 3 rules cluster-wide, then 250 in namespace a and 2 in b: 255 grants.
  const rules = (n: number) =>
    Array.from({ length: n }, (_, i) => rule({ verbs: ['get'], apiGroups: [''], resources: [`r${i}`] }));
  const engine = createEngine(
    world({
      clusterRoles: [clusterRole('few', rules(3)), clusterRole('many', rules(250)), clusterRole('two', rules(2))],
      clusterRoleBindings: [clusterRoleBinding('cw', 'few', [user('u')])],
      roleBindings: [
        roleBinding('a', 'many', { kind: 'ClusterRole', name: 'many' }, [user('u')]),
        roleBinding('b', 'two', { kind: 'ClusterRole', name: 'two' }, [user('u')]),
      ],
    }),
  );
  const full = subjectReport(engine, { kind: 'User', name: 'u' });
  const cases: {
    name: string;
    offset: number;
    limit: number;
    clusterWide: number;
    namespaces: [string, number][];
    next?: number;
  }[] = [
    {
      name: 'the first page: cluster-wide first, then the start of a',
      offset: 0,
      limit: 100,
      clusterWide: 3,
      namespaces: [['a', 97]],
      next: 100,
    },
    {
      name: 'a middle page is all of one namespace, without the cluster-wide grants',
      offset: 100,
      limit: 100,
      clusterWide: 0,
      namespaces: [['a', 100]],
      next: 200,
    },
    {
      name: 'the last page ends a and holds b, and has no next',
      offset: 200,
      limit: 100,
      clusterWide: 0,
      namespaces: [
        ['a', 53],
        ['b', 2],
      ],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const { report, page } = subjectReportPage(full, c.offset, c.limit);
      assert.equal(page.total, 255);
      assert.equal(page.next, c.next);
      assert.equal(report.clusterWide.length, c.clusterWide);
      assert.deepEqual(
        report.namespaces.map((n) => [n.namespace, n.grants.length]),
        c.namespaces,
      );
    });
});
