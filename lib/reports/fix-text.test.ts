import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Fix, FixObject } from '@/lib/rbac';
import { fieldSelectorValue, fixText, shellQuote } from './fix-text';

describe('shell quoting of names from the cluster', () => {
  const cases: [string, string, string][] = [
    ['a plain name as is', 'deployer', 'deployer'],
    ['a colon and dots as is', 'system:kube-proxy.v1', 'system:kube-proxy.v1'],
    ['a space quoted', 'a b', "'a b'"],
    ['a command substitution stays text', '$(rm -rf /)', "'$(rm -rf /)'"],
    ['a backtick stays text', '`id`', "'`id`'"],
    ['a single quote closed, escaped, reopened', "it's", "'it'\\''s'"],
    ['a leading dash quoted', '-x', "'-x'"],
    ['an empty word kept as one', '', "''"],
    ['a newline stays inside the quotes', 'a\nb', "'a\nb'"],
  ];
  for (const [name, word, want] of cases) test(name, () => assert.equal(shellQuote(word), want));
});

const binding = (name: string, namespace = 'ns'): FixObject => ({
  kind: 'RoleBinding',
  value: {
    namespace,
    name,
    labels: {},
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    subjects: [],
  },
});
const manifest = (o: FixObject) => ({ kind: o.kind, metadata: { name: o.value.name } });
const fix = (apply: FixObject[], del: FixObject[]): Fix => ({
  choice: 'binding',
  change: { apply, delete: del },
  why: '',
  notes: [],
});

describe('kubectl commands', () => {
  const cases: { name: string; fix: Fix; want: string }[] = [
    { name: 'a delete by name', fix: fix([], [binding('rb')]), want: 'kubectl delete rolebinding rb -n ns' },
    { name: 'a hostile name quoted', fix: fix([], [binding('a;b')]), want: "kubectl delete rolebinding 'a;b' -n ns" },
    {
      name: 'a name that looks like a flag comes after --',
      fix: fix([], [binding('--all')]),
      want: "kubectl delete rolebinding -n ns -- '--all'",
    },
    {
      name: 'an apply through a quoted here-document (nothing in it expands)',
      fix: fix([{ kind: 'ClusterRole', value: { name: 'EOF', labels: {}, rules: [] } }], []),
      want: "kubectl apply -f - <<'EOF'\nkind: ClusterRole\nmetadata:\n  name: EOF\nEOF",
    },
    {
      name: 'a service account patched, not applied',
      fix: fix([{ kind: 'ServiceAccount', value: { namespace: 'ns', name: 'sa' } }], []),
      want: `kubectl patch serviceaccount sa -n ns --type merge -p '{"automountServiceAccountToken":false}'`,
    },
    {
      // .secrets may list mountable Secrets too, never read: only one of token type is deleted.
      name: 'a legacy token Secret deleted by name and type, never any Secret of that name',
      fix: {
        ...fix([{ kind: 'ServiceAccount', value: { namespace: 'ns', name: 'sa' } }], []),
        secretsRemoved: ['sa-token-x', 'a,b=c'],
      },
      want: [
        `kubectl patch serviceaccount sa -n ns --type merge -p '{"secrets":null}'`,
        'kubectl delete secret -n ns --field-selector metadata.name=sa-token-x,type=kubernetes.io/service-account-token',
        "kubectl delete secret -n ns --field-selector 'metadata.name=a\\,b\\=c,type=kubernetes.io/service-account-token'",
      ].join('\n'),
    },
    {
      // kubectl apply removes a label only when its last-applied annotation has it: a label is taken off by name.
      name: 'aggregation labels taken off with kubectl label KEY-, not an apply',
      fix: {
        ...fix([{ kind: 'ClusterRole', value: { name: 'ledger', labels: {}, rules: [] } }], []),
        labelsRemoved: ['rbac.authorization.k8s.io/aggregate-to-edit'],
      },
      want: 'kubectl label clusterrole ledger rbac.authorization.k8s.io/aggregate-to-edit-',
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(fixText(c.fix, manifest).command, c.want));
  test('a field selector value escapes backslash, comma and equals (fields.EscapeValue)', () =>
    assert.equal(fieldSelectorValue('a\\b,c=d'), 'a\\\\b\\,c\\=d'));
  test('a line equal to the delimiter moves it on', () => {
    // A bare top-level scalar is the one way a YAML line can be exactly the delimiter.
    const text = fixText(fix([binding('x')], []), () => 'EOF' as unknown as Record<string, unknown>);
    assert.equal(text.command, "kubectl apply -f - <<'EOF_1'\nEOF\nEOF_1");
  });
});
