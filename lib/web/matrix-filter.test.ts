import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PermissionMatrix } from '@/lib/rbac';
import { filterMatrix, matrixFilter } from './matrix-filter';

const cell = { grants: [], resourceNames: [], dangerous: false };
const row = (resource: string, group: string) => ({ resource, group, cells: { get: cell } });
const matrix: PermissionMatrix = {
  verbs: ['get'],
  rows: [
    row('*', '*'),
    row('*.apps', 'apps'),
    row('configmaps', ''),
    row('deployments.apps', 'apps'),
    row('pods/exec', ''),
    row('secrets', ''),
    row('serviceaccounts', ''),
    row('serviceaccounts/token', ''),
    row('widgets.example.com', 'example.com'),
  ],
  nonResource: [{ url: '/metrics', verbs: ['get'], grants: [] }],
};

describe('the subject page filter: the text, and the type it names as kubectl resolves it', () => {
  const cases: { name: string; text: string; rows: string[]; resolved: string[] }[] = [
    {
      name: 'a plural: its rows, and the wildcard that covers it',
      text: 'secrets',
      rows: ['*', 'secrets'],
      resolved: [],
    },
    { name: 'a singular', text: 'secret', rows: ['*', 'secrets'], resolved: ['secret → secrets'] },
    {
      name: 'a short name finds what "contains" alone would not',
      text: 'sa',
      rows: ['*', 'serviceaccounts'],
      resolved: ['sa → serviceaccounts'],
    },
    {
      name: 'a type in a group: the group wildcard covers it',
      text: 'deploy',
      rows: ['*', '*.apps', 'deployments.apps'],
      resolved: ['deploy → deployments.apps'],
    },
    { name: 'a subresource', text: 'pods/exec', rows: ['*', 'pods/exec'], resolved: [] },
    {
      name: 'text that names no type: contains, as before',
      text: 'account',
      rows: ['serviceaccounts', 'serviceaccounts/token'],
      resolved: [],
    },
    { name: 'a custom type', text: 'widgets', rows: ['widgets.example.com'], resolved: [] },
  ];
  for (const c of cases)
    test(c.name, () => {
      assert.deepEqual(
        filterMatrix(matrix, c.text).rows.map((r) => r.resource),
        c.rows,
      );
      assert.deepEqual(
        matrixFilter(c.text).resolved.map((r) => `${r.given} → ${r.answered}`),
        c.resolved,
      );
    });

  test("on a live cluster a discovered short name or kind finds its type's rows", () => {
    const discovered = [
      {
        group: 'example.com',
        plural: 'widgets',
        singular: 'widget',
        shortNames: ['wd'],
        namespaced: true,
        kind: 'Widget',
      },
    ];
    for (const text of ['wd', 'Widget']) {
      assert.deepEqual(
        filterMatrix(matrix, text, discovered).rows.map((r) => r.resource),
        ['*', 'widgets.example.com'],
        text,
      );
      assert.deepEqual(
        matrixFilter(text, discovered).resolved.map((r) => `${r.given} → ${r.answered}`),
        [`${text} → widgets.example.com`],
      );
    }
    // Without discovery `wd` names nothing: contains, as before.
    assert.deepEqual(filterMatrix(matrix, 'wd').rows, []);
  });

  test('non-resource URLs by their text', () => {
    assert.deepEqual(
      filterMatrix(matrix, 'metr').nonResource.map((n) => n.url),
      ['/metrics'],
    );
    assert.deepEqual(filterMatrix(matrix, 'secret').nonResource, []);
  });
});
