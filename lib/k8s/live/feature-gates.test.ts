// The feature gates the live source reads from /metrics (kubernetes_feature_enabled, as
// k8s.io/component-base featuregate registers it), and the version it then models: from /version
// and /metrics when they answer, the version's defaults when /metrics is refused, re-read after
// the server was unreachable. Over a fake transport; the real server is in discovery.live.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClusterCache } from './cluster-cache';
import { DiscoveryReader } from './discovery';
import { featureLine, FeatureGateLines, readFeatureGates } from './feature-gates';
import { ApiError, type FetchedDocument, type Transport } from './transport';

// As kube-apiserver v1.36.3 writes them: alphabetical families, HELP and TYPE first.
const METRICS = [
  '# HELP apiserver_request_total [STABLE] Counter of apiserver requests.',
  '# TYPE apiserver_request_total counter',
  'apiserver_request_total{code="200",verb="GET"} 12',
  '# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.',
  '# TYPE kubernetes_feature_enabled gauge',
  'kubernetes_feature_enabled{name="AllAlpha",stage="ALPHA"} 0',
  'kubernetes_feature_enabled{name="AuthorizePodWebsocketUpgradeCreatePermission",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="ConstrainedImpersonation",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="WatchList",stage="BETA"} 1',
  '# HELP kubernetes_healthcheck [STABLE] This metric records the result of a single healthcheck.',
  'kubernetes_healthcheck{name="etcd",type="readyz"} 1',
];

describe('featureLine', () => {
  const cases: [string, string, unknown][] = [
    ['a gate on', METRICS[7]!, { gate: 'ConstrainedImpersonation', enabled: true }],
    ['a gate off', METRICS[5]!, { gate: 'AllAlpha', enabled: false }],
    [
      'labels in another order',
      'kubernetes_feature_enabled{stage="ALPHA",name="ConstrainedImpersonation"} 0',
      { gate: 'ConstrainedImpersonation', enabled: false },
    ],
    ['another metric', METRICS[2]!, undefined],
    ['a comment', METRICS[3]!, undefined],
    ['no name label', 'kubernetes_feature_enabled{stage="BETA"} 1', undefined],
  ];
  for (const [name, line, expected] of cases) test(name, () => assert.deepEqual(featureLine(line), expected));
});

describe('FeatureGateLines', () => {
  const cases: { name: string; lines: string[]; gates: object; seen: boolean; doneAt?: number }[] = [
    {
      name: 'the gates modelled, others ignored; done at the next family',
      lines: METRICS,
      gates: { AuthorizePodWebsocketUpgradeCreatePermission: true, ConstrainedImpersonation: true },
      seen: true,
      doneAt: 9,
    },
    {
      name: 'a gate off',
      lines: ['kubernetes_feature_enabled{name="ConstrainedImpersonation",stage="ALPHA"} 0'],
      gates: { ConstrainedImpersonation: false },
      seen: true,
    },
    { name: 'no such metric (an older server)', lines: METRICS.slice(0, 3), gates: {}, seen: false },
  ];
  for (const c of cases)
    test(c.name, () => {
      const f = new FeatureGateLines();
      let doneAt: number | undefined;
      c.lines.forEach((l, i) => {
        f.add(l);
        if (f.done && doneAt === undefined) doneAt = i;
      });
      assert.deepEqual(f.gates, c.gates);
      assert.equal(f.seen, c.seen);
      assert.equal(doneAt, c.doneAt);
    });
});

/** A transport serving /version, the discovery roots (empty) and /metrics, as told. */
function fake(served: { version: () => string | Error; metrics: () => string[] | Error }) {
  const asked: string[] = [];
  const transport: Transport = {
    server: 'https://fake',
    list: async () => ({ resourceVersion: '1' }),
    watch: (_p, _q, _e, signal) =>
      new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    async document(p): Promise<FetchedDocument> {
      asked.push(p);
      if (p === '/version') {
        const v = served.version();
        if (v instanceof Error) throw v;
        return { unchanged: false, body: { gitVersion: v }, contentType: 'application/json' };
      }
      const body = { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: [] };
      return {
        unchanged: false,
        body,
        contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      };
    },
    async lines(p, _accept, _signal, onLine) {
      asked.push(p);
      const m = served.metrics();
      if (m instanceof Error) throw m;
      for (const l of m) if (!onLine(l)) return;
    },
  };
  return { transport, asked };
}

const forbidden = () => new ApiError(403, 'forbidden: User "x" cannot get path "/metrics"', 'Forbidden');

describe('readFeatureGates', () => {
  const cases: { name: string; metrics: () => string[] | Error; expected: unknown }[] = [
    {
      name: 'read',
      metrics: () => METRICS,
      expected: { AuthorizePodWebsocketUpgradeCreatePermission: true, ConstrainedImpersonation: true },
    },
    { name: '403: undefined (the defaults)', metrics: forbidden, expected: undefined },
    { name: 'no such metric: undefined', metrics: () => METRICS.slice(0, 3), expected: undefined },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { transport } = fake({ version: () => 'v1.36.3', metrics: c.metrics });
      const lines = transport.lines!.bind(transport);
      assert.deepEqual(await readFeatureGates({ lines }, AbortSignal.timeout(1000)), c.expected);
    });
});

describe('the version a live source models (model.kubernetes)', () => {
  const cases: { name: string; version: () => string | Error; metrics: () => string[] | Error; expected: object }[] = [
    {
      name: '/version and /metrics read: the server, its gates',
      version: () => 'v1.36.3',
      metrics: () => METRICS,
      expected: { minor: 36, from: 'server', featuresFrom: 'server', server: 'v1.36.3' },
    },
    {
      name: '/metrics refused (403): the version, its default gates, no warning',
      version: () => 'v1.35.4',
      metrics: forbidden,
      expected: {
        minor: 35,
        from: 'server',
        featuresFrom: 'defaults',
        features: { ConstrainedImpersonation: false, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: 'a gate turned on in 1.35 (alpha) is modelled on',
      version: () => 'v1.35.4',
      metrics: () => ['kubernetes_feature_enabled{name="ConstrainedImpersonation",stage="ALPHA"} 1'],
      expected: {
        minor: 35,
        featuresFrom: 'server',
        features: { ConstrainedImpersonation: true, AuthorizePodWebsocketUpgradeCreatePermission: true },
      },
    },
    {
      name: 'an older server: the nearest modelled (1.30), said',
      version: () => 'v1.28.15',
      metrics: forbidden,
      expected: { minor: 30, nearest: true, server: 'v1.28.15' },
    },
    {
      name: 'a newer server with a vendor suffix: 1.36, said',
      version: () => 'v1.38.0-eks-abc',
      metrics: forbidden,
      expected: { minor: 36, nearest: true, server: 'v1.38.0-eks-abc' },
    },
    {
      name: '/version unreadable: the default (1.36), the warning as before',
      version: () => new Error('timeout'),
      metrics: () => METRICS,
      expected: { minor: 36, from: 'default', featuresFrom: 'defaults' },
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { transport } = fake(c);
      const cache = new ClusterCache(transport, 'fake', { once: true });
      cache.start();
      const snapshot = await cache.settled();
      cache.stop();
      const k = snapshot.model.kubernetes ?? { minor: 36, from: 'default', featuresFrom: 'defaults' };
      for (const [key, value] of Object.entries(c.expected)) assert.deepEqual(k[key as keyof typeof k], value, key);
      const warnings = snapshot.issues.map((i) => i.message).join('\n');
      assert.doesNotMatch(warnings, /metrics/);
    });

  test('re-read after the server was unreachable: an upgrade is seen', async () => {
    let version = 'v1.35.4';
    const { transport, asked } = fake({ version: () => version, metrics: forbidden });
    let changes = 0;
    const reader = new DiscoveryReader(
      { document: transport.document!.bind(transport), lines: transport.lines!.bind(transport) },
      () => changes++,
      { once: true },
    );
    await reader.start();
    assert.equal(reader.current().version, 'v1.35.4');
    version = 'v1.36.3';
    reader.reconnected();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(reader.current().version, 'v1.36.3');
    assert.equal(changes, 1);
    assert.equal(asked.filter((a) => a === '/version').length, 2);
    assert.equal(asked.filter((a) => a === '/metrics').length, 2);
  });

  test('a failed re-read keeps what was known', async () => {
    let up = true;
    const { transport } = fake({ version: () => (up ? 'v1.36.3' : new Error('refused')), metrics: () => METRICS });
    const reader = new DiscoveryReader(
      { document: transport.document!.bind(transport), lines: transport.lines!.bind(transport) },
      () => {},
      { once: true },
    );
    await reader.start();
    up = false;
    reader.reconnected();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(reader.current().version, 'v1.36.3');
    assert.equal(reader.current().features?.ConstrainedImpersonation, true);
  });
});
