// The watch cache through faults, over a fake API server (the proof on a real one is
// e2e/faults.spec.ts): a failure makes it stale at once and it stays stale, with one start time,
// until the server is back; while it is down only the probe knocks; a watch whose answer never
// started is not a watch; Retry-After is honoured; what the recovery brings says it was an outage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClusterCache, type CacheBatch, type CacheOptions } from './cluster-cache';
import { listPath } from '../kinds/objects';
import { ApiError, type Transport, type WatchEvent } from './transport';

/** `blackhole`: the probe gets no answer, the open watches hear nothing (but do not fail). */
type Mode = 'up' | 'down' | 'watch-hangs' | 'throttled' | 'blackhole' | 'not-ready' | 'probe-hangs';

interface Fake extends Transport {
  mode: Mode;
  attempts: { list: number; watch: number; health: number };
  /** When each watch was asked for, by path. */
  watchTimes: Map<string, number[]>;
  /** Adds a RoleBinding the next list returns (a change the watches did not see). */
  addBinding(name: string): void;
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

function fakeServer(): Fake {
  const bindings: unknown[] = [];
  const open = new Set<(e: Error) => void>();
  const fake: Fake = {
    server: 'https://fake',
    mode: 'up',
    attempts: { list: 0, watch: 0, health: 0 },
    watchTimes: new Map(),
    addBinding(name) {
      bindings.push({
        metadata: { name, namespace: 'a' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', name }],
      });
    },
    async list(path, _query, onItem) {
      fake.attempts.list++;
      if (fake.mode === 'down') throw refused();
      if (path === listPath('RoleBinding')) for (const b of bindings) onItem(b);
      return { resourceVersion: '1' };
    },
    watch(path, _query, _onEvent: (e: WatchEvent) => void, signal, onOpen) {
      fake.attempts.watch++;
      fake.watchTimes.set(path, [...(fake.watchTimes.get(path) ?? []), Date.now()]);
      if (fake.mode === 'down') return Promise.reject(refused());
      if (fake.mode === 'throttled')
        return Promise.reject(new ApiError(429, 'too many requests', 'TooManyRequests', 300));
      if (fake.mode === 'up' || fake.mode === 'not-ready') onOpen?.();
      return new Promise((resolve, reject) => {
        open.add(reject);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    async health() {
      fake.attempts.health++;
      if (fake.mode === 'probe-hangs') return new Promise<never>(() => undefined);
      if (fake.mode === 'blackhole')
        return { ok: false, reason: 'the API server at https://fake gave no data for 5 s', answered: false };
      if (fake.mode === 'down')
        return { ok: false, reason: 'cannot reach the API server at https://fake', answered: false };
      if (fake.mode === 'not-ready')
        return {
          ok: false,
          reason: 'the API server at https://fake is not ready (HTTP 500: [-]etcd failed)',
          answered: true,
        };
      return { ok: true };
    },
  };
  // Breaking the server breaks the watches it holds, as a reset connection does.
  const set = (mode: Mode) => {
    fake.mode = mode;
    if (mode !== 'down') return;
    for (const reject of open) reject(refused());
    open.clear();
  };
  return new Proxy(fake, {
    set: (target, key, value) => {
      if (key === 'mode') set(value as Mode);
      else (target as unknown as Record<string | symbol, unknown>)[key] = value;
      return true;
    },
  });
}

const FAST: CacheOptions = {
  batchMs: { min: 5, max: 20 },
  backoff: { initialMs: 20, maxMs: 200, resetMs: 60_000 },
  health: {
    quietMs: 50,
    probeTimeoutMs: 100,
    downBackoff: { initialMs: 20, maxMs: 60, resetMs: Infinity },
    retrySpacingMs: 1,
  },
  log: () => undefined,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function started(fake: Fake, opts: CacheOptions = {}): Promise<{ cache: ClusterCache; lines: string[] }> {
  const lines: string[] = [];
  const cache = new ClusterCache(fake, 'fake cluster', { ...FAST, log: (l) => lines.push(l), ...opts });
  cache.start();
  await cache.settled();
  await until('live', () => cache.status().state === 'live');
  return { cache, lines };
}

describe('the watch cache through faults', () => {
  test('down: stale at once, without flicker, one start time; only the probe knocks; live again when it answers', async () => {
    const fake = fakeServer();
    const { cache, lines } = await started(fake);
    const batches: CacheBatch[] = [];
    cache.subscribe((b) => batches.push(b));
    const before = { ...fake.attempts };
    const downAt = Date.now();
    fake.mode = 'down';
    await until('stale', () => cache.status().state === 'stale');
    const seen = new Set<number | undefined>();
    while (Date.now() - downAt < 1000) {
      const status = cache.status();
      assert.equal(status.state, 'stale', 'no flicker while down');
      seen.add(status.since);
      await sleep(5);
    }
    assert.equal(seen.size, 1, 'one start of the outage');
    const watches = fake.attempts.watch - before.watch;
    const lists = fake.attempts.list - before.list;
    // Each of the seven watches fails once as the server goes; then they wait for the probe.
    assert.ok(watches + lists <= 7 * 2, `watch and list attempts while down: ${watches + lists}`);
    const probes = fake.attempts.health - before.health;
    assert.ok(probes >= 10 && probes <= 1000 / 20 + 2, `probes in 1 s, 20 to 60 ms apart: ${probes}`);
    fake.addBinding('made-during-the-outage');
    fake.mode = 'up';
    await until('live', () => cache.status().state === 'live', 1500);
    cache.stop();
    assert.deepEqual(
      lines.map((l) => l.replace(/\d{4}-.*?Z/g, 'T').replace(/after [\d.]+ s/, 'after N s')),
      [
        'rbac-atlas: fake cluster: stale since T: cannot reach the API server at https://fake: ECONNREFUSED',
        'rbac-atlas: fake cluster: live again after N s stale (since T)',
      ],
    );
  });

  test('what the recovery brings is dated to the outage it ends', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    const batches: CacheBatch[] = [];
    cache.subscribe((b) => batches.push(b));
    fake.mode = 'down';
    await until('stale', () => cache.status().state === 'stale');
    const since = cache.status().since!;
    fake.addBinding('made-during-the-outage');
    // A watch lists again after a failure only on 410: the RoleBindings' next watch answers it once.
    const watch = fake.watch.bind(fake);
    let gone = true;
    fake.watch = (path, ...rest) => {
      if (gone && path === listPath('RoleBinding')) {
        gone = false;
        return Promise.reject(new ApiError(410, 'too old', 'Expired'));
      }
      return watch(path, ...rest);
    };
    fake.mode = 'up';
    await until('the change', () => batches.some((b) => b.changes.length > 0));
    cache.stop();
    const batch = batches.find((b) => b.changes.length > 0)!;
    assert.equal(batch.outage?.since, since);
    assert.ok(batch.outage!.until >= since);
  });

  test('a watch whose answer never started is no watch: the failure stands', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake, { health: { ...FAST.health, quietMs: 60_000 } });
    fake.mode = 'down';
    await until('stale', () => cache.status().state === 'stale');
    // The server answers its probe again, but watches hang before their answer (a half-open relay).
    fake.mode = 'watch-hangs';
    await sleep(300);
    assert.equal(cache.status().state, 'stale');
    assert.match(cache.status().reason!, /cannot reach the API server at https:\/\/fake/);
    cache.stop();
  });

  test('429 with Retry-After: a watch waits at least that long before it asks again', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    fake.watchTimes.clear();
    // The open watches break, then every new one is throttled (Retry-After: 0.3 s, backoff 20 ms).
    fake.mode = 'down';
    fake.mode = 'throttled';
    await until(
      'three throttled watches of every kind',
      () => [...fake.watchTimes.values()].filter((t) => t.length >= 3).length === 7,
    );
    cache.stop();
    for (const [path, times] of fake.watchTimes)
      for (let i = 2; i < times.length; i++)
        assert.ok(times[i]! - times[i - 1]! >= 295, `${path}: ${times[i]! - times[i - 1]!} ms after a 429`);
  });

  test('a one-shot read (the CLI) from a server that does not say it is ready is stale, with the reason', async () => {
    const fake = fakeServer();
    fake.health = async () => ({
      ok: false,
      reason: 'the API server at https://fake is not ready (HTTP 500: [-]etcd failed)',
      answered: true,
    });
    const cache = new ClusterCache(fake, 'fake cluster', { ...FAST, once: true });
    cache.start();
    await cache.settled();
    const status = cache.status();
    cache.stop();
    assert.deepEqual(
      [status.state, status.reason],
      ['stale', 'the API server at https://fake is not ready (HTTP 500: [-]etcd failed)'],
    );
  });

  test('after an outage, a watch the server refuses inside its answer (ERROR 410): stale until the list again is done', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    fake.mode = 'down';
    await until('stale', () => cache.status().state === 'stale');
    const list = fake.list.bind(fake);
    let listed = false;
    fake.list = async (path, ...rest) => {
      await sleep(path === listPath('Pod') ? 800 : 0);
      const page = await list(path, ...rest);
      if (path === listPath('Pod')) listed = true;
      return page;
    };
    const watch = fake.watch.bind(fake);
    fake.watch = (path, query, onEvent, signal, onOpen) => {
      if (path !== listPath('Pod') || listed) return watch(path, query, onEvent, signal, onOpen);
      onOpen?.();
      try {
        onEvent({ type: 'ERROR', object: { code: 410, reason: 'Expired', message: 'too old resource version' } });
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve();
    };
    fake.mode = 'up';
    const states: string[] = [];
    while (!listed) {
      states.push(cache.status().state);
      await sleep(10);
    }
    await until('live', () => cache.status().state === 'live', 1500);
    cache.stop();
    assert.deepEqual([...new Set(states)], ['stale'], 'stale while the pods are listed again');
  });

  test('when the server answers again, the watches that heard nothing since the outage began start again', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    const before = fake.attempts.watch;
    fake.mode = 'blackhole';
    await until('stale', () => cache.status().state === 'stale');
    assert.equal(fake.attempts.watch, before, 'the black hole breaks no watch by itself');
    fake.mode = 'up';
    await until('live', () => cache.status().state === 'live', 1500);
    await until('every watch asked again', () => fake.attempts.watch - before === 7, 1500);
    cache.stop();
  });

  test('while the server answers "not ready", failed watches keep their own backoff: they are not held', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    fake.mode = 'not-ready';
    await until('stale', () => cache.status().state === 'stale');
    // Break the open watches: they must try again on their own, not wait for /readyz.
    const before = fake.attempts.watch;
    fake.mode = 'down';
    fake.mode = 'not-ready';
    await until('the watches tried again', () => fake.attempts.watch - before >= 7, 1500);
    assert.equal(cache.status().state, 'stale');
    cache.stop();
  });

  test('a probe that never settles (an exec credential plugin that hangs) times out', async () => {
    const fake = fakeServer();
    const { cache } = await started(fake);
    fake.mode = 'probe-hangs';
    await until('stale', () => cache.status().state === 'stale', 2000);
    assert.match(cache.status().reason!, /no answer to \/readyz within 0.1 s/);
    cache.stop();
  });

  test("a reason is one printable line of at most 300 characters (a plugin's stderr can be anything)", async () => {
    const fake = fakeServer();
    fake.health = async () => ({
      ok: false,
      reason: `line one\nline two\u001b[31m ${'x'.repeat(1000)}`,
      answered: false,
    });
    const cache = new ClusterCache(fake, 'fake cluster', { ...FAST, once: true });
    cache.start();
    await cache.settled();
    const { reason } = cache.status();
    cache.stop();
    assert.equal(reason!.length, 300);
    assert.match(reason!, /^line one line two \[31m x+\.\.\.$/);
  });
});
