import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grant } from '@/lib/rbac';
import { rule } from '@/lib/rbac/test-fixtures';
import { grantWhyLines, grantWhyParts, ruleWords, whyText } from './grant-words';

test('a rule in words', () => {
  const cases: [string, Parameters<typeof rule>[0], string][] = [
    [
      'verbs on a core resource',
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] },
      'get, list on secrets',
    ],
    [
      'every verb on every resource',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      'every verb on every resource',
    ],
    [
      'names and groups',
      { verbs: ['update'], apiGroups: ['', 'apps'], resources: ['deployments/scale'], resourceNames: ['web'] },
      'update on deployments/scale, deployments.apps/scale named web',
    ],
    [
      'every resource of a group',
      { verbs: ['get'], apiGroups: ['apps'], resources: ['*'] },
      'get on every resource in apps',
    ],
    ['a non-resource URL', { verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics'] }, 'get on /healthz, /metrics'],
    ['a rule that names nothing', { verbs: ['get'] }, 'get on nothing'],
  ];
  for (const [name, r, words] of cases) assert.equal(ruleWords(rule(r)), words, name);
});

const grant: Grant = {
  binding: { kind: 'RoleBinding', namespace: 'payments', name: 'deployers' },
  role: { kind: 'ClusterRole', name: 'edit' },
  ruleIndex: 3,
  rule: rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }),
  subject: { kind: 'Group', name: 'system:serviceaccounts:payments' },
};

test('a grant in words, each object its own part', () => {
  const cases: [string, Parameters<typeof grantWhyParts>[1], string, number][] = [
    [
      'a service account through its group',
      { kind: 'ServiceAccount', namespace: 'payments', name: 'api' },
      'via Group system:serviceaccounts:payments: RoleBinding payments/deployers → ClusterRole edit, rule 3: get, list on secrets',
      3,
    ],
    [
      'the group itself: no via',
      { kind: 'Group', name: 'system:serviceaccounts:payments' },
      'RoleBinding payments/deployers → ClusterRole edit, rule 3: get, list on secrets',
      2,
    ],
  ];
  for (const [name, holder, text, linked] of cases) {
    const parts = grantWhyParts(grant, holder);
    assert.equal(whyText(parts), text, name);
    assert.equal(parts.filter((p) => 'binding' in p || 'role' in p || 'subject' in p).length, linked, name);
  }
});

test('two grants that read alike are one line', () => {
  assert.deepEqual(grantWhyLines([grant, { ...grant }]), [
    'RoleBinding payments/deployers → ClusterRole edit, rule 3: get, list on secrets',
  ]);
});
