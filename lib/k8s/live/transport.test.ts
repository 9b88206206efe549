// The transport's bounds against a local HTTP server that misbehaves as a hung or black-holed API
// server does: a started answer that goes quiet, and a connection that never answers.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterCache } from './cluster-cache';
import { kubeTransport, TransportTimeout, type Transport } from './transport';

let server: Server;
const METRICS_BODY =
  Array.from({ length: 50_000 }, (_, i) => `a_metric{n="${i}"} 1\n`).join('') +
  'kubernetes_feature_enabled{name="ConstrainedImpersonation",stage="BETA"} 1\n';
let transport: Transport;
/** The same server with idle bounds far above a loaded machine's stalls: for tests not about timeouts. */
let patient: Transport;
/** Whether requests other than watches get no answer at all. */
let hung = true;
/** /readyz's failed checks, when any (a 500 then). */
let failing: string[] = [];

/** A review's POST: echoes what arrived (method, type, body) with 201, or refuses with a Status. */
function answerPost(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/post-forbidden') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","message":"tokenreviews.authentication.k8s.io is forbidden","reason":"Forbidden"}');
      return;
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    const sent = { method: req.method, type: req.headers['content-type'], body: Buffer.concat(chunks).toString() };
    res.end(JSON.stringify(sent));
  });
}

before(async () => {
  server = createServer((req, res) => {
    // A watch whose answer starts, sends one event, then goes quiet; anything else never answers.
    if (req.url?.startsWith('/post-')) return answerPost(req, res);
    if (req.url === '/metrics') {
      // A /metrics body a line at a time, far longer than the reader needs.
      // One write: the server shares the test's event loop, and 50,000 writes would stall it past the idle bound.
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(METRICS_BODY);
    } else if (req.url === '/metrics-forbidden') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        '{"kind":"Status","message":"forbidden: cannot get path \\"/metrics\\"","reason":"Forbidden","code":403}',
      );
    } else if (req.url?.includes('watch=true')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"2"}}}\n');
    } else if (!hung && req.url === '/readyz' && failing.length > 0) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`[+]ping ok\n${failing.map((c) => `[-]${c} failed: reason withheld\n`).join('')}readyz check failed\n`);
    } else if (!hung) {
      res.writeHead(200, { 'content-type': req.url === '/readyz' ? 'text/plain' : 'application/json' });
      res.end(req.url === '/readyz' ? 'ok' : '{"metadata":{"resourceVersion":"1"},"items":[]}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  transport = kubeTransport(kc, true, { connectMs: 1000, idleMs: 200, watchIdleMs: 300 });
  patient = kubeTransport(kc, true, { connectMs: 5000, idleMs: 5000, watchIdleMs: 5000 });
});

after(() => {
  server.closeAllConnections();
  server.close();
});

describe('kubeTransport bounds', () => {
  test('a watch that goes quiet after its answer started ends with the idle timeout, not "aborted"', async () => {
    const events: string[] = [];
    let opened = false;
    const started = Date.now();
    const error = await transport
      .watch(
        '/api/v1/pods',
        {},
        (e) => events.push(e.type),
        AbortSignal.timeout(5000),
        () => (opened = true),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof TransportTimeout, `got ${String(error)}`);
    assert.equal(error.phase, 'idle');
    assert.equal(error.ms, 300);
    assert.deepEqual([opened, events], [true, ['BOOKMARK']]);
    assert.ok(Date.now() - started < 2000);
  });

  test('a list whose answer never starts ends with the idle timeout', async () => {
    await assert.rejects(
      transport.list('/api/v1/pods', {}, () => undefined, AbortSignal.timeout(5000)),
      (e: unknown) => e instanceof TransportTimeout && e.phase === 'idle' && e.message === 'no data for 0.2 s',
    );
  });

  test('the health probe of a server that never answers says so in time', async () => {
    const answer = await transport.health!(AbortSignal.timeout(5000));
    assert.deepEqual(answer, {
      ok: false,
      reason: `the API server at ${transport.server} gave no data for 0.2 s`,
      answered: false,
    });
  });

  test('watches of a quiet cluster, resumed after each silence, leave the cache live throughout', async () => {
    hung = false;
    const cache = new ClusterCache(transport, 'quiet cluster', { batchMs: { min: 5, max: 20 }, log: () => undefined });
    cache.start();
    await cache.settled();
    const states = new Set<string>();
    for (const end = Date.now() + 1500; Date.now() < end; await new Promise((r) => setTimeout(r, 10)))
      states.add(cache.status().state);
    cache.stop();
    hung = true;
    assert.deepEqual([...states], ['live']);
  });

  const readyzCases: { name: string; failing: string[]; expected: unknown }[] = [
    {
      name: 'etcd failing: not ready, with the checks',
      failing: ['etcd', 'etcd-readiness'],
      expected: {
        ok: false,
        answered: true,
        reason: 'not ready (HTTP 500: [-]etcd failed: reason withheld; [-]etcd-readiness failed: reason withheld)',
      },
    },
    {
      name: 'only shutdown failing (a server leaving gracefully, still serving): ready',
      failing: ['shutdown'],
      expected: { ok: true },
    },
    {
      name: 'shutdown and etcd failing: not ready',
      failing: ['shutdown', 'etcd'],
      expected: {
        ok: false,
        answered: true,
        reason: 'not ready (HTTP 500: [-]shutdown failed: reason withheld; [-]etcd failed: reason withheld)',
      },
    },
  ];
  for (const c of readyzCases)
    test(`/readyz: ${c.name}`, async () => {
      hung = false;
      failing = c.failing;
      const answer = await transport.health!(AbortSignal.timeout(5000));
      hung = true;
      failing = [];
      const expected = c.expected as { reason?: string };
      assert.deepEqual(
        answer,
        expected.reason
          ? { ...expected, reason: `the API server at ${transport.server} is ${expected.reason}` }
          : expected,
      );
    });
});

describe('kubeTransport lines (/metrics)', () => {
  test('each line in order, until the reader says stop', async () => {
    const seen: string[] = [];
    await patient.lines!('/metrics', 'text/plain', AbortSignal.timeout(5000), (l) => seen.push(l) < 3);
    assert.deepEqual(seen, ['a_metric{n="0"} 1', 'a_metric{n="1"} 1', 'a_metric{n="2"} 1']);
    let last = '';
    await patient.lines!('/metrics', 'text/plain', AbortSignal.timeout(5000), (l) => ((last = l), true));
    assert.match(last, /^kubernetes_feature_enabled\{name="ConstrainedImpersonation"/);
  });

  test('an HTTP error is an ApiError with the server message', async () => {
    await assert.rejects(
      patient.lines!('/metrics-forbidden', 'text/plain', AbortSignal.timeout(5000), () => true),
      (e: Error & { status?: number }) => e.status === 403 && /forbidden: cannot get path/.test(e.message),
    );
  });
});

describe('kubeTransport post (reviews)', () => {
  test('POSTs the body as JSON and resolves with the parsed answer (201 Created)', async () => {
    const answer = await patient.post!(
      '/post-echo',
      { kind: 'TokenReview', spec: { token: 'x' } },
      AbortSignal.timeout(5000),
    );
    assert.deepEqual(answer, {
      method: 'POST',
      type: 'application/json',
      body: '{"kind":"TokenReview","spec":{"token":"x"}}',
    });
  });

  test('an HTTP error is an ApiError with the status, message and reason', async () => {
    await assert.rejects(
      patient.post!('/post-forbidden', {}, AbortSignal.timeout(5000)),
      (e: Error & { status?: number; reason?: string }) =>
        e.status === 403 && e.reason === 'Forbidden' && /tokenreviews/.test(e.message),
    );
  });

  test('a server that never answers ends with the idle timeout', async () => {
    await assert.rejects(
      transport.post!('/hang', {}, AbortSignal.timeout(5000)),
      (e: unknown) => e instanceof TransportTimeout && e.phase === 'idle',
    );
  });
});
