import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '@/lib/rbac';
import { filterFindings, findingFilterQuery, parseFindingFilter, visibleFindings } from './findings-filter';

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
