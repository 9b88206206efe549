import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '@/lib/rbac';
import {
  filterFindings,
  findingFilterQuery,
  parseFindingFilter,
  parseRisksView,
  visibleFindings,
} from './findings-filter';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'POD_EXEC',
  severity: 'high',
  title: 't',
  grants: [],
  remediation: 'r',
  builtin: false,
  ...over,
});
const all = [
  finding({ namespace: 'a' }),
  finding({ namespace: 'b', severity: 'critical', id: 'PATH_TO_CLUSTER_ADMIN' }),
  finding({ namespace: 'a', builtin: true }),
];

test('bad values are problems, named, and left out of the filter', () => {
  const { filter, problems } = parseFindingFilter({ severity: 'urgent', id: 'NOPE', builtin: 'yes' });
  assert.deepEqual(filter, { builtin: false });
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /severity "urgent"/);
});

test('built-ins hidden unless asked; then severity, kind and namespace', () => {
  const f = (q: Record<string, string>) => parseFindingFilter(q).filter;
  assert.equal(visibleFindings(all, f({})).length, 2);
  assert.equal(visibleFindings(all, f({ builtin: 'show' })).length, 3);
  const ns = f({ namespace: ' a ', builtin: 'show' });
  assert.equal(filterFindings(visibleFindings(all, ns), ns).length, 2);
  const critical = f({ severity: 'critical' });
  assert.deepEqual(
    filterFindings(visibleFindings(all, critical), critical).map((x) => x.namespace),
    ['b'],
  );
});

test('the query carries only what differs from the default', () => {
  assert.equal(findingFilterQuery({ builtin: false }), '');
  assert.equal(
    findingFilterQuery({ builtin: true, severity: 'high', namespace: 'a b' }, { page: '2' }),
    '?severity=high&builtin=show&namespace=a+b&page=2',
  );
});

test('a subject filters by kind and name, or exactly as the CLI spells it', () => {
  const bob = finding({ subject: { kind: 'User', name: 'bob' } });
  const sa = finding({ subject: { kind: 'ServiceAccount', namespace: 'ns-1', name: 'app' } });
  const cases: [string, string, Finding[]][] = [
    ['part of a name', 'BO', [bob]],
    ['kind and label', 'serviceaccount ns-1/a', [sa]],
    ['the CLI form', 'system:serviceaccount:ns-1:app', [sa]],
    ['the CLI form is exact', 'system:serviceaccount:ns-1:ap', []],
  ];
  for (const [name, subject, want] of cases)
    assert.deepEqual(filterFindings([bob, sa], parseFindingFilter({ subject }).filter), want, name);
});

test('the view: grouping, sort and order from the URL, bad values named and left out', () => {
  const cases: [string, Record<string, string>, object, number][] = [
    ['defaults', {}, { by: 'subject', sort: 'severity' }, 0],
    [
      'by kind, by count, ascending',
      { by: 'kind', sort: 'count', order: 'asc' },
      { by: 'kind', sort: 'count', order: 'asc' },
      0,
    ],
    ['an open group', { open: 'User:bob' }, { by: 'subject', sort: 'severity', open: 'User:bob' }, 0],
    ['unknown values', { by: 'team', sort: 'age', order: 'up' }, { by: 'subject', sort: 'severity' }, 3],
  ];
  for (const [name, q, want, problems] of cases) {
    const { view, problems: got } = parseRisksView(q);
    assert.deepEqual(view, want, name);
    assert.equal(got.length, problems, name);
  }
});

test('the view in the query, defaults left out', () => {
  assert.equal(findingFilterQuery({ builtin: false }, {}, { by: 'subject', sort: 'severity' }), '');
  assert.equal(
    findingFilterQuery({ builtin: false, subject: 'bob' }, {}, { by: 'kind', sort: 'name', order: 'desc' }),
    '?by=kind&subject=bob&sort=name&order=desc',
  );
});
