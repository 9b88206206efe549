// Discovery as the live source reads it: the aggregated documents of a real kube-apiserver v1.36.3
// (fixtures/discovery-api.json and discovery-apis.json, captured from scripts/control-plane with a
// CustomResourceDefinition widgets.example.com installed), /version, and the reader's schedule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { resolveRequest } from '@/lib/rbac/model/request-parse';
import { ClusterCache } from './cluster-cache';
import { AGGREGATED_DISCOVERY_ACCEPT, DiscoveryReader, parseAggregatedDiscovery, parseVersion } from './discovery';
import type { FetchedDocument, Transport } from './transport';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'));
const CORE = fixture('discovery-api.json');
const GROUPS = fixture('discovery-apis.json');
const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function parsed(doc: unknown) {
  const r = parseAggregatedDiscovery(doc);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r;
}

describe('parseAggregatedDiscovery (apidiscovery.k8s.io/v2, as a real API server serves it)', () => {
  const types = [...parsed(CORE).types, ...parsed(GROUPS).types];
  const find = (group: string, plural: string) => types.find((t) => t.group === group && t.plural === plural);
  const cases: [string, string, string, Record<string, unknown>][] = [
    ['the core group from /api (no group name)', '', 'pods', { singular: 'pod', shortNames: ['po'], kind: 'Pod' }],
    ['a cluster-scoped core type', '', 'namespaces', { namespaced: false, shortNames: ['ns'] }],
    [
      'a custom resource: singular, short names, kind, scope, subresources',
      'example.com',
      'widgets',
      {
        version: 'v1',
        singular: 'widget',
        shortNames: ['wd'],
        kind: 'Widget',
        namespaced: true,
        subresources: ['status'],
      },
    ],
    [
      'subresources of a built-in',
      '',
      'pods',
      {
        subresources: [
          'attach',
          'binding',
          'ephemeralcontainers',
          'eviction',
          'exec',
          'log',
          'portforward',
          'proxy',
          'resize',
          'status',
        ],
      },
    ],
    // autoscaling serves v2 and v1: the preferred (first) version is the one kept.
    [
      'a type in two versions, from the preferred one',
      'autoscaling',
      'horizontalpodautoscalers',
      { version: 'v2', shortNames: ['hpa'] },
    ],
  ];
  for (const [name, group, plural, expected] of cases)
    test(name, () => {
      const t = find(group, plural);
      assert.ok(t, `${plural}.${group} discovered`);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(t[k as keyof typeof t], v, k);
    });

  test('every type once, and no subresource as a type', () => {
    const keys = types.map((t) => `${t.plural}.${t.group}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(!types.some((t) => t.plural.includes('/')));
    assert.ok(types.length > 60, `${types.length} types`);
  });

  const refused: [string, unknown, RegExp][] = [
    ['a legacy APIGroupList', { kind: 'APIGroupList', apiVersion: 'v1', groups: [] }, /kind/],
    [
      'a resource without a scope',
      {
        kind: 'APIGroupDiscoveryList',
        apiVersion: 'apidiscovery.k8s.io/v2',
        items: [{ versions: [{ version: 'v1', resources: [{ resource: 'x' }] }] }],
      },
      /scope/,
    ],
    ['not JSON object', 'ok', /not an aggregated discovery document/],
  ];
  for (const [name, doc, message] of refused)
    test(`refused: ${name}`, () => {
      const r = parseAggregatedDiscovery(doc);
      assert.ok('error' in r);
      assert.match(r.error, message);
    });

  test('a Stale version is reported, its resources kept', () => {
    const doc = {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      items: [
        {
          metadata: { name: 'metrics.k8s.io' },
          versions: [
            {
              version: 'v1beta1',
              freshness: 'Stale',
              resources: [{ resource: 'pods', scope: 'Namespaced', responseKind: { kind: 'PodMetrics' } }],
            },
          ],
        },
      ],
    };
    const r = parsed(doc);
    assert.deepEqual(r.stale, ['metrics.k8s.io/v1beta1']);
    // No singularResource: the kind lowercased, as the RESTMapper derives it.
    assert.equal(r.types[0]?.singular, 'podmetrics');
  });
});

describe('parseVersion (/version)', () => {
  test('gitVersion of a real answer', () => {
    assert.equal(parseVersion({ major: '1', minor: '36', gitVersion: 'v1.36.3', platform: 'linux/amd64' }), 'v1.36.3');
  });
  test('an answer without gitVersion is an error', () => {
    assert.ok(typeof parseVersion({ major: '1' }) === 'object');
  });
});

describe('the resolver with the discovered table', () => {
  const discovered = [...parsed(CORE).types, ...parsed(GROUPS).types];
  const cases: [string, string, string][] = [
    ['widget', 'widgets', 'example.com'],
    ['wd', 'widgets', 'example.com'],
    ['Widget', 'widgets', 'example.com'],
    ['widgets', 'widgets', 'example.com'],
    ['widget.example.com', 'widgets', 'example.com'],
    ['wd.v1.example.com', 'widgets', 'example.com'],
    // Built-ins keep their meaning.
    ['sa', 'serviceaccounts', ''],
    ['po', 'pods', ''],
  ];
  for (const [given, resource, group] of cases)
    test(`${given} → ${resource} in "${group}", without a warning`, () => {
      const r = resolveRequest({ verb: 'get', resource: given, namespace: 'a' }, { discovered });
      assert.ok(!('error' in r));
      assert.deepEqual(
        [r.request.kind === 'resource' && r.request.resource, r.request.kind === 'resource' && r.request.group],
        [resource, group],
      );
      assert.deepEqual(r.warnings, []);
    });
});

/** A transport that serves documents from a table, counting requests and honouring ETags. */
function documents(served: Record<string, { body: unknown; etag?: string } | Error>) {
  const asked: string[] = [];
  const transport: Transport = {
    server: 'https://fake',
    list: async () => ({ resourceVersion: '1' }),
    watch: (_p, _q, _e, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    async document(p, accept, _signal, etag): Promise<FetchedDocument> {
      asked.push(`${p}${etag ? ' if-none-match' : ''}`);
      if (p !== '/version') assert.equal(accept, AGGREGATED_DISCOVERY_ACCEPT);
      const doc = served[p];
      if (!doc) throw new Error(`404 ${p}`);
      if (doc instanceof Error) throw doc;
      if (etag && etag === doc.etag) return { unchanged: true };
      return {
        unchanged: false,
        body: doc.body,
        contentType: p === '/version' ? 'application/json' : V2,
        ...(doc.etag && { etag: doc.etag }),
      };
    },
  };
  return { transport, asked };
}

const withDocument = (t: Transport) => ({ document: t.document!.bind(t) });

describe('DiscoveryReader', () => {
  test('reads /version and both roots; a re-read of unchanged documents sends their ETags and changes nothing', async () => {
    const { transport, asked } = documents({
      '/version': { body: { gitVersion: 'v1.36.3' } },
      '/api': { body: CORE, etag: '"a"' },
      '/apis': { body: GROUPS, etag: '"b"' },
    });
    let changes = 0;
    const reader = new DiscoveryReader(withDocument(transport), () => changes++, { intervalMs: 10 });
    await reader.start();
    assert.equal(reader.current().version, 'v1.36.3');
    assert.ok(reader.current().resourceTypes?.some((t) => t.plural === 'widgets'));
    assert.deepEqual(reader.current().problems, []);
    await new Promise((r) => setTimeout(r, 50));
    reader.stop();
    assert.equal(asked.filter((a) => a === '/version').length, 1, 'version once per connection');
    assert.ok(asked.includes('/apis if-none-match'));
    assert.equal(changes, 0);
  });

  test('forbidden discovery is a warning, and the version still read', async () => {
    const { transport } = documents({
      '/version': { body: { gitVersion: 'v1.35.4' } },
      '/api': new Error('forbidden: User "x" cannot get path "/api"'),
      '/apis': { body: GROUPS },
    });
    const reader = new DiscoveryReader(withDocument(transport), () => {}, { once: true });
    await reader.start();
    assert.equal(reader.current().version, 'v1.35.4');
    assert.equal(reader.current().resourceTypes, undefined);
    assert.match(reader.current().problems.join('\n'), /cannot read this cluster's discovery.*forbidden/);
  });

  test('a ClusterCache publishes what discovery read with its first model, and its failures as warnings', async () => {
    const { transport } = documents({
      '/version': new Error('timeout'),
      '/api': { body: CORE },
      '/apis': { body: GROUPS },
    });
    const cache = new ClusterCache(transport, 'fake cluster', { once: true });
    cache.start();
    const snapshot = await cache.settled();
    cache.stop();
    assert.ok(snapshot.cluster?.resourceTypes?.some((t) => t.plural === 'widgets'));
    assert.equal(snapshot.cluster?.version, undefined);
    const warnings = snapshot.issues.filter((i) => i.severity === 'warning').map((i) => i.message);
    assert.match(warnings.join('\n'), /cannot read the Kubernetes version \(GET \/version\): timeout/);
    assert.deepEqual(snapshot.model.missing, []);
  });

  test('a change of discovery publishes a new snapshot', async () => {
    const apis = {
      body: { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: [] } as unknown,
      etag: '"1"',
    };
    const { transport } = documents({
      '/version': { body: { gitVersion: 'v1.36.3' } },
      '/api': { body: CORE },
      '/apis': apis,
    });
    const cache = new ClusterCache(transport, 'fake cluster', { discoveryMs: 10, batchMs: { min: 1, max: 5 } });
    cache.start();
    const first = await cache.settled();
    assert.ok(!first.cluster?.resourceTypes?.some((t) => t.plural === 'widgets'));
    apis.body = GROUPS;
    apis.etag = '"2"';
    const next = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 2000);
      cache.subscribe((b) => {
        if (b.snapshot.cluster?.resourceTypes?.some((t) => t.plural === 'widgets')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    cache.stop();
    assert.ok(next, 'a snapshot with widgets.example.com');
  });
});
