// Labels are wrapped where a Kubernetes name breaks, never cut short, and name another namespace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canvasLabel, MAX_LINE_CHARS, nodeGeometry, wrapLabel } from './node-size';

describe('wrapLabel', () => {
  const cases: [string, string, string[]][] = [
    ['a short name is one line', 'secrets', ['secrets']],
    [
      'a group breaks after its dots',
      'clusterrolebindings.rbac.authorization.k8s.io',
      ['clusterrolebindings.', 'rbac.authorization.k8s.', 'io'],
    ],
    ['a subresource breaks after its slash', 'persistentvolumeclaims/status', ['persistentvolumeclaims/', 'status']],
    ['a pod name breaks after a dash', 'payments-api-5d9c7b8f6-4mzxq', ['payments-api-5d9c7b8f6-', '4mzxq']],
    ['spaces break and are trimmed', '75 resources of a very long role', ['75 resources of a very', 'long role']],
    [
      'a run longer than a line is split',
      'x'.repeat(30),
      ['x'.repeat(MAX_LINE_CHARS), 'x'.repeat(30 - MAX_LINE_CHARS)],
    ],
  ];
  for (const [name, text, lines] of cases)
    test(name, () => {
      assert.deepEqual(wrapLabel(text), lines);
      // Nothing is lost: the lines are the whole label.
      assert.equal(lines.join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
      assert.ok(lines.every((l) => l.length <= MAX_LINE_CHARS));
    });
});

describe('canvasLabel', () => {
  const cases: [string, Parameters<typeof canvasLabel>[0], string][] = [
    ['a service account of the namespace', { kind: 'serviceaccount', label: 'app-0', namespace: 'team' }, 'app-0'],
    ['a service account of another', { kind: 'serviceaccount', label: 'app-0', namespace: 'ns-7' }, 'ns-7/app-0'],
    ['a RoleBinding of another', { kind: 'rolebinding', label: 'x', namespace: 'ns-7' }, 'ns-7/x'],
    ['a user has no namespace', { kind: 'user', label: 'alice' }, 'alice'],
    ['a ClusterRole has none', { kind: 'clusterrole', label: 'edit' }, 'edit'],
  ];
  for (const [name, node, label] of cases) test(name, () => assert.equal(canvasLabel(node, 'team'), label));
});

describe('nodeGeometry', () => {
  test('a wrapped label gets a taller box; a binding’s label sits under its diamond', () => {
    const one = nodeGeometry({ kind: 'resource', label: 'secrets' }, 'team');
    const three = nodeGeometry({ kind: 'resource', label: 'clusterrolebindings.rbac.authorization.k8s.io' }, 'team');
    assert.ok(three.height > one.height);
    assert.equal(three.label.split('\n').length, 3);
    const binding = nodeGeometry({ kind: 'rolebinding', label: 'a-rather-long-binding-name' }, 'team');
    assert.equal(binding.height, 30);
    assert.ok(binding.boxHeight > binding.height && binding.boxWidth > binding.width);
  });
});
