import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readAllAuditLogs } from '@/lib/k8s/audit';
import { loadSource } from '@/lib/k8s/source';
import { bindingLabel, createEngine, createUsageIndex, usageAnswers } from '@/lib/rbac';
import { parseRightsizeTarget, parseUsageApiFilter, parseUsageFilter, rightsizeHref, usageQuery } from './usage-filter';
import { usageLists, usageRow } from './usage-lists';

test('usage filter: a page leaves a bad value at its default and names it; the API refuses it', () => {
  const cases: [string, Record<string, string>, object, number][] = [
    ['defaults', {}, { list: 'bindings', builtin: false }, 0],
    [
      'a list, text and namespace',
      { list: 'denied', q: ' dana ', namespace: 'payments' },
      { list: 'denied', q: 'dana', namespace: 'payments', builtin: false },
      0,
    ],
    ['a bad list', { list: 'secrets' }, { list: 'bindings', builtin: false }, 1],
    ['a bad builtin', { builtin: 'yes' }, { list: 'bindings', builtin: false }, 1],
  ];
  for (const [name, q, filter, problems] of cases) {
    const page = parseUsageFilter(q);
    assert.deepEqual(page.filter, filter, name);
    assert.equal(page.problems.length, problems, name);
    assert.equal(parseUsageApiFilter(new URLSearchParams(q)).ok, problems === 0, name);
  }
  assert.equal(
    usageQuery({ list: 'denied', q: 'a b', builtin: true }, { page: '2' }),
    '?list=denied&q=a+b&builtin=show&page=2',
  );
  assert.equal(usageQuery({ list: 'bindings', builtin: false }), '');
});

test('right-sizing target: one subject (as the CLI spells it) or one namespace, never both', () => {
  const cases: [string, Record<string, string>, object | RegExp][] = [
    [
      'a service account',
      { subject: 'system:serviceaccount:ci:deployer' },
      { subject: { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' } },
    ],
    ['a user', { subject: 'user:alice@example.com' }, { subject: { kind: 'User', name: 'alice@example.com' } }],
    ['a group', { subject: 'group:devs' }, { subject: { kind: 'Group', name: 'devs' } }],
    ['a namespace', { namespace: 'payments' }, { namespace: 'payments' }],
    ['both', { subject: 'user:a', namespace: 'b' }, /not both/],
    ['neither', {}, /give a subject or a namespace/],
    ['a malformed service account', { subject: 'system:serviceaccount:nope' }, /is not one of/],
    ['a bad namespace', { namespace: 'Not_A_Name' }, /not a namespace name/],
  ];
  for (const [name, q, want] of cases) {
    const got = parseRightsizeTarget(q);
    if (want instanceof RegExp) assert.match(got.ok ? '' : got.error, want, name);
    else assert.deepEqual(got, { ok: true, value: want }, name);
  }
  assert.equal(
    rightsizeHref({ subject: { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' } }),
    '/usage/rightsize?subject=system%3Aserviceaccount%3Aci%3Adeployer',
  );
});

test("/usage's lists on the demo and the audit log the API server wrote for it", async () => {
  const root = path.join(import.meta.dirname, '..', '..');
  const engine = createEngine((await loadSource({ kind: 'demo' }, root)).model);
  const index = createUsageIndex();
  index.add((await readAllAuditLogs([path.join(root, 'lib/k8s/demo/audit.log')])).requests);
  const answers = usageAnswers(engine, index);
  const lists = (q: Record<string, string>) => usageLists(engine, answers, parseUsageFilter(q).filter);
  const bindings = lists({}).bindings.map((b) => bindingLabel(b.ref));
  assert.ok(bindings.includes('payments/legacy-audit'), 'a binding nothing used is listed');
  assert.ok(!bindings.includes('payments/payments-config'), 'a binding payments-api used is not');
  assert.ok(lists({ builtin: 'show' }).bindings.length > bindings.length, "Kubernetes' own are listed when asked");
  assert.ok(lists({ namespace: 'checkout' }).bindings.every((b) => b.ref.namespace === 'checkout'));
  const denied = lists({ list: 'denied', q: 'dana' }).denied;
  assert.deepEqual(
    denied.map((d) => usageRow('denied', d).request),
    ['list secrets in namespace payments'],
  );
  assert.equal(lists({}).disagreements.filter((d) => d.verdict === 'disagrees').length, 0);
});
