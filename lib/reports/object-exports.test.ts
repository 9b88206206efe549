// A role's and a binding's exports hold what their pages show: the rule table, each binding with
// each subject, each subject with each grant.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { clusterRoleBinding, group, role, roleBinding, rule, sa, world } from '@/lib/rbac/test-fixtures';
import { bindingCsv, bindingDetail, roleCsv, roleDetail } from './object-exports';

const engine = createEngine(
  world({
    roles: [
      role('team', 'deployer', [
        rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'secrets'] }),
        rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }),
      ]),
    ],
    roleBindings: [
      roleBinding('team', 'deployers', { kind: 'Role', name: 'deployer' }, [sa('ci'), group('devs')]),
      roleBinding('team', 'nobody', { kind: 'Role', name: 'deployer' }, []),
      roleBinding('team', 'dangling', { kind: 'Role', name: 'missing' }, [sa('ci')]),
    ],
    clusterRoleBindings: [clusterRoleBinding('odd', 'view', [{ kind: 'Robot', name: 'r2' }])],
  }),
);
const lines = (csv: string | Iterable<string>) => [...csv].join('').trimEnd().split('\r\n');

describe('role exports', () => {
  const detail = roleDetail(engine, { kind: 'Role', namespace: 'team', name: 'deployer' });

  test('JSON: the rule table with danger ids, and the bindings with their subjects', () => {
    assert.ok(detail);
    assert.deepEqual(
      detail.rules.map((r) => [r.resource, r.verbs.join(' '), r.dangers.join(' ')]),
      [
        ['pods', 'get list', ''],
        ['pods/exec', 'create', 'create-pods'],
        ['secrets', 'get list', 'read-secrets'],
      ],
    );
    assert.deepEqual(
      detail.bindings.map((b) => [b.binding.name, b.subjects.length]),
      [
        ['deployers', 2],
        ['nobody', 0],
      ],
    );
    assert.equal(detail.bindings[0]?.grantsIn, 'team');
  });

  test('CSV: one row per rule row; one per binding and subject, a binding without subjects kept', () => {
    assert.ok(detail);
    assert.deepEqual(lines(roleCsv(detail, 'rules')), [
      'resource,resourceNames,nonResourceURL,verbs,dangers',
      'pods,,,get list,',
      'pods/exec,,,create,create-pods',
      'secrets,,,get list,read-secrets',
    ]);
    assert.deepEqual(lines(roleCsv(detail, 'bindings')).slice(1), [
      'RoleBinding,team,deployers,team,,ServiceAccount,team,ci',
      'RoleBinding,team,deployers,team,,Group,,devs',
      'RoleBinding,team,nobody,team,,,,',
    ]);
  });

  test('an unknown role has no detail', () => {
    assert.equal(roleDetail(engine, { kind: 'ClusterRole', name: 'nope' }), undefined);
  });
});

describe('binding exports', () => {
  test('CSV: each subject with each row of what it grants', () => {
    const detail = bindingDetail(engine, { kind: 'RoleBinding', namespace: 'team', name: 'deployers' });
    assert.ok(detail);
    const rows = lines(bindingCsv(detail));
    assert.equal(rows.length, 1 + 2 * 3);
    assert.ok(rows.includes('ServiceAccount,team,ci,team,pods/exec,,,create,create-pods'));
    assert.ok(rows.includes('Group,,devs,team,secrets,,,get list,read-secrets'));
  });

  test('a dangling binding says why and grants nothing', () => {
    const detail = bindingDetail(engine, { kind: 'RoleBinding', namespace: 'team', name: 'dangling' });
    assert.match(detail?.dangling ?? '', /missing/);
    assert.deepEqual(detail?.rules, []);
    assert.equal(lines(bindingCsv(detail!)).length, 1);
  });

  test('a subject the authorizer cannot match is kept as written, and marked', () => {
    const detail = bindingDetail(engine, { kind: 'ClusterRoleBinding', name: 'odd' });
    assert.deepEqual(detail?.subjects, [{ kind: 'Robot', name: 'r2', unmatched: true }]);
    assert.equal(detail?.grantsIn, undefined);
  });
});
