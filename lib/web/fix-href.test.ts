import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBindingKey, parseRoleKey, parseSubjectKey } from '@/lib/rbac';
import { fixHref } from './links';

const query = (href: string) => new URL(href, 'http://x').searchParams;

const cases: { name: string; href: string; want: Record<string, string> }[] = [
  {
    name: 'a finding: its id, subject and object keys',
    href: fixHref({ finding: 'POD_CREATE', subject: 'ServiceAccount:ci/deployer' }),
    want: { finding: 'POD_CREATE', subject: 'ServiceAccount:ci/deployer' },
  },
  {
    name: 'a grant with names that would break a query, and the other choice',
    href: fixHref(
      {
        role: { kind: 'Role', namespace: 'a', name: 'x&y=z' },
        ruleIndex: 2,
        binding: { kind: 'RoleBinding', namespace: 'a', name: 'b#c' },
        subject: { kind: 'User', name: 'ann?' },
      },
      'binding',
    ),
    want: { role: 'Role:a/x&y=z', rule: '2', binding: 'RoleBinding:a/b#c', subject: 'User:ann?', choice: 'binding' },
  },
];
for (const c of cases)
  test(`fix link: ${c.name}`, () => {
    assert.ok(c.href.startsWith('/fix?'));
    assert.deepEqual(Object.fromEntries(query(c.href)), c.want);
  });

test('fix link: the keys read back as the refs', () => {
  const q = query(
    fixHref({
      role: { kind: 'ClusterRole', name: 'system:x' },
      ruleIndex: 0,
      binding: { kind: 'ClusterRoleBinding', name: 'b' },
      subject: { kind: 'ServiceAccount', namespace: 'n', name: 's' },
    }),
  );
  assert.deepEqual(parseRoleKey(q.get('role') ?? ''), { kind: 'ClusterRole', name: 'system:x' });
  assert.deepEqual(parseBindingKey(q.get('binding') ?? ''), { kind: 'ClusterRoleBinding', name: 'b' });
  assert.deepEqual(parseSubjectKey(q.get('subject') ?? ''), { kind: 'ServiceAccount', namespace: 'n', name: 's' });
});
