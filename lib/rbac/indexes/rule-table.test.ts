import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTable } from './rule-table';
import { rule } from '../test-fixtures';

test('one row per resource and names, verbs of every rule merged, URLs last, each with its own dangers', () => {
  const rows = ruleTable([
    rule({ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments'] }),
    rule({ verbs: ['create'], apiGroups: [''], resources: ['pods'] }),
    rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['b', 'a'] }),
    rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] }),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.resource || r.nonResourceURL, r.resourceNames.join(','), r.verbs.join(','), r.rules.join(',')]),
    [
      ['deployments', '', 'get,list', '0'],
      ['deployments.apps', '', 'get,list', '0'],
      ['pods', '', 'create,get,list', '0,1'],
      ['pods.apps', '', 'get,list', '0'],
      ['secrets', 'a,b', 'get', '2'],
      ['/healthz', '', 'get', '3'],
    ],
  );
  const dangers = (label: string) => rows.find((r) => r.resource === label)?.dangers.map((d) => d.id);
  assert.deepEqual(dangers('pods'), ['create-pods']);
  assert.deepEqual(dangers('secrets'), ['read-secrets']);
  assert.deepEqual(dangers('deployments.apps'), []);
});

test('a wildcard rule is one dangerous row', () => {
  const rows = ruleTable([rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })]);
  assert.deepEqual(
    rows.map((r) => [r.resource, r.verbs.join(), r.dangers.map((d) => d.id).includes('wildcard')]),
    [['*', '*', true]],
  );
});
