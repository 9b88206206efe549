import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ViewScope } from '@/lib/rbac';
import { needOf, refusalOf, refusalOfHref, sourceFreeRequests, sourceFreeVerdict, type Need } from './access-gates';

const need = (address: string): Need => {
  const url = new URL(address, 'http://x');
  return needOf(url.pathname, url.searchParams);
};
const ns = (namespace: string): Need => ({ kind: 'namespace', namespace });

describe('needOf: what each address needs of a viewer', () => {
  const cases: [string, Need][] = [
    ['/', { kind: 'scoped' }],
    ['/namespaces', { kind: 'scoped' }],
    ['/namespaces/payments', ns('payments')],
    ['/namespaces/pay%6dents', ns('payments')],
    ['/namespaces/payments?from=a.yaml&to=current', { kind: 'everything' }],
    ['/api/graph?namespace=payments', ns('payments')],
    ['/api/graph?namespace=payments&to=current', { kind: 'everything' }],
    ['/who-can?verb=get&resource=secrets&namespace=payments', ns('payments')],
    ['/who-can?verb=get&resource=secrets', { kind: 'cluster' }],
    ['/who-can', { kind: 'scoped' }],
    ['/api/who-can?verb=get&resource=secrets&namespace=payments&effective=1', { kind: 'cluster' }],
    ['/api/can-i?user=a&verb=get&resource=pods&namespace=billing', ns('billing')],
    ['/api/can-i?user=a&verb=get&resource=nodes', { kind: 'cluster' }],
    ['/risks', { kind: 'cluster' }],
    ['/api/findings?format=csv', { kind: 'cluster' }],
    ['/api/paths', { kind: 'cluster' }],
    ['/diff', { kind: 'everything' }],
    ['/api/diff?from=a&to=b', { kind: 'everything' }],
    ['/what-if', { kind: 'cluster' }],
    ['/api/what-if', { kind: 'cluster' }],
    ['/fix?finding=x', { kind: 'cluster' }],
    ['/changes', { kind: 'everything' }],
    ['/usage/rightsize', { kind: 'everything' }],
    ['/api/usage/rightsize', { kind: 'everything' }],
    ['/roles', { kind: 'scoped' }],
    ['/roles/role/payments/reader', ns('payments')],
    ['/api/roles/role/payments/reader?format=yaml', ns('payments')],
    ['/roles/clusterrole/edit', { kind: 'scoped' }],
    ['/bindings/rolebinding/payments/x', ns('payments')],
    ['/bindings/clusterrolebinding/x', { kind: 'cluster' }],
    ['/api/bindings/clusterrolebinding/x', { kind: 'cluster' }],
    ['/subjects/serviceaccount/billing/worker', { kind: 'scoped' }],
    ['/api/subjects?format=csv', { kind: 'scoped' }],
    ['/search?q=x', { kind: 'scoped' }],
    ['/api/namespaces?format=csv', { kind: 'scoped' }],
    ['/api/healthz', { kind: 'none' }],
    ['/api/readyz', { kind: 'none' }],
    ['/sign-in', { kind: 'none' }],
    ['/api/session/end', { kind: 'none' }],
    ['/token', { kind: 'none' }],
    ['/api/token', { kind: 'everything' }],
    // Not placed in the table: closed to all but the cluster-wide viewer.
    ['/something-new', { kind: 'cluster' }],
  ];
  for (const [address, expected] of cases) test(address, () => assert.deepEqual(need(address), expected));

  test('every section of app/ is placed in the table on purpose (a new one must be added to this test)', () => {
    const placed: Record<string, Need['kind'][]> = {
      bindings: ['scoped', 'namespace', 'cluster'],
      changes: ['everything'],
      diff: ['everything'],
      fix: ['cluster'],
      namespaces: ['scoped', 'namespace'],
      risks: ['cluster'],
      roles: ['scoped', 'namespace'],
      search: ['scoped'],
      'sign-in': ['none'],
      token: ['none'],
      subjects: ['scoped'],
      usage: ['everything'],
      'what-if': ['cluster'],
      'who-can': ['namespace', 'cluster'],
    };
    const pages = readdirSync('app', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'api');
    for (const d of pages) assert.ok(d.name in placed, `app/${d.name} is not placed in access-gates.ts`);
    const apis = readdirSync('app/api', { withFileTypes: true }).filter((d) => d.isDirectory());
    const apiPlaced = new Set([
      ...Object.keys(placed),
      ...['[...path]', 'can-i', 'findings', 'graph', 'healthz', 'paths', 'readyz', 'session', 'token'],
    ]);
    for (const d of apis) assert.ok(apiPlaced.has(d.name), `app/api/${d.name} is not placed in access-gates.ts`);
  });
});

describe('refusalOf: why a viewer may not open an address, naming the permission', () => {
  const alice = { cluster: false, namespaces: ['payments'] };
  test('a namespace shown and the scoped views are open', () => {
    assert.equal(refusalOf(ns('payments'), alice), undefined);
    assert.equal(refusalOf({ kind: 'scoped' }, alice), undefined);
  });
  test('another namespace: 403 naming "list rolebindings in namespace X"', () => {
    assert.equal(
      refusalOf(ns('billing'), alice),
      'namespace billing is hidden by your access: it needs permission to list rolebindings in namespace billing',
    );
  });
  test('a cluster-wide view: "list clusterrolebindings"', () => {
    assert.match(refusalOf({ kind: 'cluster' }, alice)!, /needs permission to list clusterrolebindings$/);
    assert.equal(refusalOf({ kind: 'cluster' }, { cluster: true, namespaces: [] }), undefined);
  });
  test('whole-cluster data (history, audit log, snapshots) needs both permissions everywhere', () => {
    const expected =
      "hidden by your access: it holds every namespace's objects: it needs permission to list rolebindings in every namespace and to list clusterrolebindings";
    assert.equal(refusalOf({ kind: 'everything' }, { cluster: true, namespaces: ['payments'] }), expected);
    assert.equal(refusalOf({ kind: 'everything' }, { cluster: false, namespaces: 'all' }), expected);
    assert.equal(refusalOf({ kind: 'everything' }, { cluster: true, namespaces: 'all' }), undefined);
  });
  test('a viewer who may see nothing is refused everything that reads data, with both permissions', () => {
    const carol = { cluster: false, namespaces: [] };
    for (const n of [{ kind: 'scoped' }, { kind: 'cluster' }, ns('payments')] as Need[])
      assert.equal(
        refusalOf(n, carol),
        'your access shows nothing: you may not list rolebindings in any namespace, nor list clusterrolebindings',
      );
    assert.equal(refusalOf({ kind: 'none' }, carol), undefined);
  });
});

describe('sourceFreeVerdict: decided before the source is read (a source that cannot be read opens nothing)', () => {
  test('the cluster-wide views ask list clusterrolebindings; whole-cluster data asks it and every namespace', () => {
    assert.deepEqual(
      sourceFreeRequests({ kind: 'cluster' }).map((r) => [r.resource, r.namespace]),
      [['clusterrolebindings', '']],
    );
    assert.deepEqual(
      sourceFreeRequests(need('/diff')).map((r) => [r.resource, r.namespace]),
      [
        ['clusterrolebindings', ''],
        ['rolebindings', ''],
      ],
    );
    for (const n of [{ kind: 'scoped' }, ns('payments'), { kind: 'none' }] as Need[])
      assert.deepEqual(sourceFreeRequests(n), []);
  });
  test('/diff (snapshots) is refused to a viewer denied either permission, shown only when both are allowed', () => {
    const diff = need('/diff');
    assert.deepEqual(sourceFreeVerdict(diff, ['allowed', 'allowed']), { state: 'shown' });
    assert.equal(sourceFreeVerdict(diff, ['allowed', 'denied']).state, 'refused');
    assert.equal(sourceFreeVerdict(diff, ['denied', 'allowed']).state, 'refused');
    assert.match(
      (sourceFreeVerdict(diff, ['denied', 'unavailable']) as { reason: string }).reason,
      /list rolebindings in every namespace and to list clusterrolebindings/,
    );
  });
  test('a review unavailable, or a need only the data decides, is never shown by default', () => {
    assert.deepEqual(sourceFreeVerdict(need('/diff'), ['allowed', 'unavailable']), { state: 'unchecked' });
    assert.deepEqual(sourceFreeVerdict({ kind: 'cluster' }, ['unavailable']), { state: 'unchecked' });
    assert.deepEqual(sourceFreeVerdict({ kind: 'cluster' }, []), { state: 'unchecked' });
    assert.deepEqual(sourceFreeVerdict(ns('payments'), []), { state: 'unchecked' });
    assert.deepEqual(sourceFreeVerdict({ kind: 'scoped' }, []), { state: 'unchecked' });
  });
  test('the what-if page (cluster-wide): denied list clusterrolebindings is refused, allowed is shown', () => {
    assert.match(
      (sourceFreeVerdict(need('/what-if'), ['denied']) as { reason: string }).reason,
      /spans the whole cluster: it needs permission to list clusterrolebindings$/,
    );
    assert.deepEqual(sourceFreeVerdict(need('/what-if'), ['allowed']), { state: 'shown' });
  });
});

describe('refusalOfHref: the links a page marks instead of offering a 403', () => {
  const alice: ViewScope = { cluster: false, namespaces: ['payments'] };
  test('a cluster-wide view, with or without its query, and whole-cluster data are refused with why', () => {
    assert.match(refusalOfHref('/risks?severity=high', alice)!, /list clusterrolebindings$/);
    assert.match(refusalOfHref('/who-can?verb=get&resource=pods', alice)!, /list clusterrolebindings$/);
    assert.match(refusalOfHref('/changes?entry=3', alice)!, /in every namespace/);
    assert.match(refusalOfHref('/diff', alice)!, /in every namespace/);
  });
  test('a namespace the viewer does not see (a subject of theirs may live there) is refused, naming it', () => {
    assert.equal(
      refusalOfHref('/namespaces/monitoring', alice),
      'namespace monitoring is hidden by your access: it needs permission to list rolebindings in namespace monitoring',
    );
    assert.match(refusalOfHref('/roles/role/monitoring/x', alice)!, /namespace monitoring/);
  });
  test('what the viewer may open stays a link: scoped views, their namespace, who-can in it', () => {
    for (const href of [
      '/',
      '/subjects?danger=only',
      '/subjects/serviceaccount/monitoring/prometheus',
      '/namespaces/payments?context=prod',
      '/who-can?verb=get&resource=pods&namespace=payments',
      '/token',
      '/who-can',
    ])
      assert.equal(refusalOfHref(href, alice), undefined, href);
  });
  test('no scope (none mode) or a full one: every link is a link; another site is not ours to mark', () => {
    assert.equal(refusalOfHref('/risks', undefined), undefined);
    assert.equal(refusalOfHref('/risks', { cluster: true, namespaces: 'all' }), undefined);
    assert.match(refusalOfHref('/', { cluster: false, namespaces: [] })!, /your access shows nothing/);
    assert.equal(refusalOfHref('https://kubernetes.io/docs', alice), undefined);
  });
});
