import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '@/lib/rbac';
import { clusterRole, clusterRoleBinding, roleBinding, rule, user, world } from '@/lib/rbac/test-fixtures';
import { READY_QUESTIONS, readyCommand, readyRequest } from './ready-questions';

const question = (id: string) => {
  const found = READY_QUESTIONS.find((x) => x.id === id);
  if (!found) throw new Error(id);
  return found;
};

test('each ready question as a request and a command, in every namespace or one', () => {
  const cases: [string, string, string, string][] = [
    ['cluster-admin', '', 'verb=* group=* resource=* ns=', "rbac-atlas who-can '*' '*.*' -A"],
    [
      'exec',
      'payments',
      'verb=create group= resource=pods/exec ns=payments',
      'rbac-atlas who-can create pods/exec -n payments',
    ],
    ['secrets', '', 'verb=get group= resource=secrets ns=', 'rbac-atlas who-can get secrets -A'],
    [
      'impersonate',
      'payments',
      'verb=impersonate group= resource=users ns=',
      'rbac-atlas who-can impersonate users -A',
    ],
    [
      'bind',
      'payments',
      'verb=bind group=rbac.authorization.k8s.io resource=clusterroles ns=',
      'rbac-atlas who-can bind clusterroles.rbac.authorization.k8s.io -A',
    ],
  ];
  for (const [id, ns, request, command] of cases) {
    const r = readyRequest(question(id), ns);
    const sub = r.subresource ? `/${r.subresource}` : '';
    assert.equal(`verb=${r.verb} group=${r.group} resource=${r.resource}${sub} ns=${r.namespace}`, request, id);
    assert.equal(readyCommand(question(id), ns), command, id);
  }
});

test('ids are unique and each label says the namespace when asked in one', () => {
  assert.equal(new Set(READY_QUESTIONS.map((x) => x.id)).size, READY_QUESTIONS.length);
  for (const x of READY_QUESTIONS) if (!x.clusterScoped) assert.match(x.inNamespace('payments'), /payments/, x.id);
});

test('"who is cluster-admin" finds a holder of * on *, not a holder of every named verb', () => {
  const engine = createEngine(
    world({
      clusterRoles: [
        clusterRole('all', [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })]),
        clusterRole('many', [rule({ verbs: ['get', 'list', 'create', 'delete'], apiGroups: ['*'], resources: ['*'] })]),
      ],
      clusterRoleBindings: [
        clusterRoleBinding('root', 'all', [user('root')]),
        clusterRoleBinding('ops', 'many', [user('ops')]),
      ],
      roleBindings: [roleBinding('payments', 'local', { kind: 'ClusterRole', name: 'all' }, [user('local')])],
    }),
  );
  const names = (ns: string) =>
    engine
      .whoCan(readyRequest(question('cluster-admin'), ns))
      .filter((s) => s.kind === 'User')
      .map((s) => s.name);
  assert.deepEqual(names(''), ['root']);
  assert.deepEqual(names('payments').sort(), ['local', 'root']);
});
