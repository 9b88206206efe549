import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable } from '@/lib/rbac';
import { rule } from '@/lib/rbac/test-fixtures';
import { dangerCounts, filterRuleRows, parseRuleFilter, ruleFilterQuery } from './role-rules';

// Alphabetically: configmaps, pods, pods/exec, secrets, /healthz; dangerous: pods/exec (create), secrets (get).
const rows = ruleTable([
  rule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps', 'pods', 'secrets'] }),
  rule({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }),
  rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] }),
]);
const label = (r: (typeof rows)[number]) => r.nonResourceURL ?? r.resource;

test('dangerous rows first, then filtered by words and "dangerous only"', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'no filter: dangerous first, each group in table order',
      {},
      ['pods/exec', 'secrets', 'configmaps', 'pods', '/healthz'],
    ],
    ['dangerous only', { danger: 'only' }, ['pods/exec', 'secrets']],
    ['words match resource', { filter: 'pods' }, ['pods/exec', 'pods']],
    ['every word must match, any case', { filter: 'PODS create' }, ['pods/exec']],
    ['words match a verb and a URL', { filter: '/health' }, ['/healthz']],
    ['words and dangerous only', { filter: 'list', danger: 'only' }, ['secrets']],
    ['nothing matches', { filter: 'nodes' }, []],
  ];
  for (const [name, sp, expected] of cases)
    assert.deepEqual(filterRuleRows(rows, parseRuleFilter(sp)).map(label), expected, name);
});

test('the filter round-trips through the URL; anything but danger=only is every row', () => {
  assert.equal(
    ruleFilterQuery(parseRuleFilter({ filter: ' pods ', danger: 'only' })).toString(),
    'filter=pods&danger=only',
  );
  assert.equal(parseRuleFilter({ danger: 'yes' }).dangerous, false);
});

test('each danger counted once per row that carries it', () => {
  const counts = dangerCounts(rows);
  assert.equal(counts.length, 2);
  assert.ok(counts.every((c) => c.rows === 1));
});
