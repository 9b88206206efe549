// The aggregation controller's result (pkg/controller/clusterroleaggregation), case by case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateClusterRoles, unexplainedRules, type AggregationOptions } from './aggregation';
import { clusterRole, rule } from '../test-fixtures';
import type { ClusterRole, LabelSelector } from '../model/types';

const get = (resource: string) => rule({ verbs: ['get'], apiGroups: [''], resources: [resource] });
const sel = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []) => ({
  matchLabels,
  matchExpressions,
});
const aggregator = (name: string, selectors: LabelSelector[], stored = [] as ReturnType<typeof get>[]) => ({
  ...clusterRole(name, stored),
  aggregationRule: { clusterRoleSelectors: selectors },
});
const part = (name: string, labels: Record<string, string>, ...resources: string[]) =>
  clusterRole(name, resources.map(get), labels);
const resourcesOf = (roles: readonly ClusterRole[], name: string) =>
  roles.find((r) => r.name === name)!.rules.map((r) => r.resources.join(','));

interface Case {
  name: string;
  roles: ClusterRole[];
  options?: AggregationOptions;
  /** Resources of the named role's rules after aggregation. */
  want: Record<string, string[]>;
  differences?: string[];
  /** Each difference's direction: gathered rules not stored (+), stored rules not gathered (-). */
  directions?: string[];
  errors?: string[];
}

const A = { agg: 'a' };
const cases: Case[] = [
  {
    name: 'rules: [] in a manifest becomes what the selector gathers, parts in name order',
    roles: [aggregator('view', [sel(A)]), part('z-part', A, 'secrets'), part('b-part', A, 'pods')],
    want: { view: ['pods', 'secrets'] },
    differences: ['view 0→2'],
  },
  {
    name: 'selector by selector: the first selector’s parts come first, whatever their names',
    roles: [
      aggregator('view', [sel({ second: 'x' }), sel(A)]),
      part('a-first', A, 'pods'),
      part('z-second', { second: 'x' }, 'secrets'),
    ],
    want: { view: ['secrets', 'pods'] },
    differences: ['view 0→2'],
  },
  {
    name: 'itself skipped: an aggregator carrying the label it selects does not gather its own rules',
    roles: [{ ...aggregator('self', [sel(A)], [get('nodes')]), labels: A }, part('p', A, 'pods')],
    want: { self: ['pods'] },
    differences: ['self 1→1'],
  },
  {
    name: 'each rule once: the same rule in two parts, or twice in one, is written once',
    roles: [
      aggregator('view', [sel(A), sel({ other: 'y' })]),
      part('p1', A, 'pods', 'pods'),
      part('p2', { ...A, other: 'y' }, 'pods', 'secrets'),
    ],
    want: { view: ['pods', 'secrets'] },
    differences: ['view 0→2'],
  },
  {
    name: 'a chain settles: admin gathers edit, which gathers view, whatever the order of the input',
    roles: [
      { ...aggregator('admin', [sel({ to: 'admin' })]) },
      { ...aggregator('edit', [sel({ to: 'edit' })]), labels: { to: 'admin' } },
      { ...aggregator('view', [sel({ to: 'view' })]), labels: { to: 'edit' } },
      part('v', { to: 'view' }, 'pods'),
      part('e', { to: 'edit' }, 'secrets'),
    ],
    want: { admin: ['secrets', 'pods'], edit: ['secrets', 'pods'], view: ['pods'] },
    differences: ['admin 0→2', 'edit 0→2', 'view 0→1'],
  },
  {
    name: 'matchExpressions: In, NotIn, Exists and DoesNotExist, all required together',
    roles: [
      aggregator('view', [
        sel({}, [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'team', operator: 'Exists', values: [] },
          { key: 'hidden', operator: 'DoesNotExist', values: [] },
        ]),
      ]),
      part('yes', { tier: 'b', team: 'x' }, 'pods'),
      part('prod', { tier: 'a', team: 'x', env: 'prod' }, 'secrets'),
      part('no-team', { tier: 'a' }, 'nodes'),
      part('hidden', { tier: 'a', team: 'x', hidden: '' }, 'services'),
      part('tier-c', { tier: 'c', team: 'x' }, 'configmaps'),
    ],
    want: { view: ['pods'] },
    differences: ['view 0→1'],
  },
  {
    name: 'an empty selector matches every ClusterRole (but itself)',
    roles: [aggregator('all', [sel({})]), part('p', {}, 'pods'), part('q', { any: 'x' }, 'secrets')],
    want: { all: ['pods', 'secrets'] },
    differences: ['all 0→2'],
  },
  {
    name: 'stored rules equal to the aggregation: no difference, the same objects',
    roles: [aggregator('view', [sel(A)], [get('pods')]), part('p', A, 'pods')],
    want: { view: ['pods'] },
    differences: [],
  },
  {
    name: 'a hand-edited aggregator loses the rules it added: the controller writes what it gathers',
    roles: [aggregator('view', [sel(A)], [get('pods'), get('secrets')]), part('p', A, 'pods')],
    want: { view: ['pods'] },
    differences: ['view 2→1'],
    directions: ['view +0 -1'],
  },
  {
    name: 'with ClusterRoles not read, stored rules are kept and gathered ones added',
    roles: [aggregator('view', [sel(A)], [get('secrets')]), part('p', A, 'pods')],
    options: { keepStored: true },
    want: { view: ['secrets', 'pods'] },
    differences: ['view 1→2'],
    directions: ['view +1 -1'],
  },
  {
    name: 'keepStored, a partial export (the role without the roles it gathers): every stored rule stays, and the difference is said',
    roles: [aggregator('admin', [sel(A)], [get('secrets'), get('pods')]), part('other', { agg: 'b' }, 'nodes')],
    options: { keepStored: true },
    want: { admin: ['secrets', 'pods'] },
    differences: ['admin 2→2'],
    directions: ['admin +0 -2'],
  },
  {
    name: 'keepStored, stored rules equal to what is gathered: no difference',
    roles: [aggregator('view', [sel(A)], [get('pods')]), part('p', A, 'pods')],
    options: { keepStored: true },
    want: { view: ['pods'] },
    differences: [],
  },
  {
    name: 'keepStored, rules: [] in a manifest: the gathered rules',
    roles: [aggregator('view', [sel(A)]), part('p', A, 'pods')],
    options: { keepStored: true },
    want: { view: ['pods'] },
    differences: ['view 0→1'],
    directions: ['view +1 -0'],
  },
  {
    name: 'an invalid selector: the controller fails to sync it, and the stored rules stay',
    roles: [
      aggregator('bad', [sel({}, [{ key: 'k', operator: 'Equals', values: ['v'] }])], [get('nodes')]),
      aggregator('empty-in', [sel({}, [{ key: 'k', operator: 'In', values: [] }])]),
      part('p', { k: 'v' }, 'pods'),
    ],
    want: { bad: ['nodes'], 'empty-in': [] },
    differences: [],
    errors: [
      'bad: "Equals" is not a valid label selector operator',
      'empty-in: matchExpressions key k: In needs values',
    ],
  },
  {
    name: 'a cycle: two aggregators selecting each other settle on what the parts give',
    roles: [
      { ...aggregator('x', [sel({ to: 'x' })]), labels: { to: 'y' } },
      { ...aggregator('y', [sel({ to: 'y' })]), labels: { to: 'x' } },
      part('p', { to: 'x' }, 'pods'),
    ],
    want: { x: ['pods'], y: ['pods'] },
    differences: ['x 0→1', 'y 0→1'],
  },
];

describe('aggregateClusterRoles', () => {
  for (const c of cases)
    test(c.name, () => {
      const before = structuredClone(c.roles);
      const result = aggregateClusterRoles(c.roles, c.options);
      for (const [name, want] of Object.entries(c.want))
        assert.deepEqual(resourcesOf(result.clusterRoles, name), want, name);
      assert.deepEqual(
        result.differences.map((d) => `${d.name} ${d.stored}→${d.aggregated}`),
        c.differences ?? [],
      );
      if (c.directions)
        assert.deepEqual(
          result.differences.map((d) => `${d.name} +${d.added} -${d.extra}`),
          c.directions,
        );
      assert.deepEqual(
        result.errors.map((e) => `${e.name}: ${e.reason}`),
        c.errors ?? [],
      );
      assert.deepEqual(c.roles, before, 'the input is left as it was');
      assert.deepEqual(
        result.clusterRoles.map((r) => r.name),
        c.roles.map((r) => r.name),
        'input order kept',
      );
      for (const [i, r] of result.clusterRoles.entries())
        if (!result.differences.some((d) => d.name === r.name))
          assert.equal(r, c.roles[i], `${r.name} is the same object`);
    });
});

describe('unexplainedRules (stored rules no role read gathers)', () => {
  const cases: { name: string; roles: ClusterRole[]; want: Record<string, string[]> }[] = [
    {
      name: 'every stored rule gathered: none',
      roles: [aggregator('view', [sel(A)], [get('pods')]), part('p', A, 'pods')],
      want: {},
    },
    {
      name: 'an export without its parts: every stored rule',
      roles: [aggregator('admin', [sel(A)], [get('secrets'), get('pods')])],
      want: { admin: ['secrets', 'pods'] },
    },
    {
      name: 'a hand-added rule beside gathered ones: that rule',
      roles: [aggregator('view', [sel(A)], [get('pods'), get('nodes')]), part('p', A, 'pods')],
      want: { view: ['nodes'] },
    },
    { name: 'a role that does not aggregate: none', roles: [part('p', A, 'pods')], want: {} },
  ];
  for (const c of cases)
    test(c.name, () =>
      assert.deepEqual(
        Object.fromEntries(
          [...unexplainedRules(c.roles)].map(([n, rules]) => [n, rules.map((r) => r.resources.join(','))]),
        ),
        c.want,
      ),
    );
});
