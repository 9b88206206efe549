// The reflector through a scripted transport and a scripted clock (no waits are waited out): as
// client-go's (k8s.io/client-go/tools/cache/reflector.go) it lists afresh on 410 Gone, resumes a
// watch from the last bookmark, backs off between failures as wait.NewExponentialBackoffManager
// (800 ms doubling to 30 s, jitter up to as much again, starting over after 2 healthy minutes), and
// where it may list but not watch, lists again every pollMs and says so.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Clock } from './backoff';
import { ClusterCache } from './cluster-cache';
import { listPath } from '../kinds/objects';
import { Reflector, type ObjectChange } from './reflector';
import { ApiError, type Health, type Transport, type WatchEvent } from './transport';

/** A listed answer, or a failure. */
type ListAnswer = { items: unknown[]; rv: string } | Error;
/**
 * One watch: the events it sends once opened, then how it ends: `end` (the server closed it),
 * `hang` (until stopped), or a failure; `advanceMs` moves the clock before it ends (time watching).
 */
interface WatchAnswer {
  events?: WatchEvent[];
  then?: 'end' | 'hang' | Error;
  opens?: boolean;
  advanceMs?: number;
}

interface Script {
  lists: ListAnswer[];
  watches: WatchAnswer[];
}

const binding = (name: string, rv = '1') => ({
  metadata: { name, namespace: 'a', resourceVersion: rv },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'User', name }],
});
const bookmark = (rv: string): WatchEvent => ({ type: 'BOOKMARK', object: { metadata: { resourceVersion: rv } } });
const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const gone = () => new ApiError(410, 'too old resource version: 5 (9)', 'Expired');

/** Scripted clock: `now` moves only by the waits asked for (recorded), each resolved on the next turn. */
function fakeClock(random = 0): Clock & { waits: number[]; advance(ms: number): void } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    random: () => random,
    advance: (ms) => void (now += ms),
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** Answers lists and watches from the script in order; past its end, lists repeat the last answer and watches hang. */
function scripted(script: Script, clock: ReturnType<typeof fakeClock>) {
  const calls = { lists: 0, watchFrom: [] as string[] };
  const transport: Transport = {
    server: 'https://fake',
    async list(_path, _query, onItem) {
      const answer = script.lists[Math.min(calls.lists++, script.lists.length - 1)]!;
      if (answer instanceof Error) throw answer;
      for (const item of answer.items) onItem(item);
      return { resourceVersion: answer.rv };
    },
    async watch(_path, query, onEvent, signal, onOpen) {
      const answer = script.watches[calls.watchFrom.length] ?? { then: 'hang' };
      calls.watchFrom.push(query.resourceVersion ?? '');
      if (answer.opens !== false) onOpen?.();
      for (const event of answer.events ?? []) onEvent(event);
      clock.advance(answer.advanceMs ?? 0);
      if (answer.then instanceof Error) throw answer.then;
      if (answer.then === 'end') return;
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  };
  return { transport, calls };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 2000) throw new Error(`never: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function run(script: Script, random = 0) {
  const clock = fakeClock(random);
  const { transport, calls } = scripted(script, clock);
  const changes: string[] = [];
  const sink = {
    changed: (c: ObjectChange) => changes.push(`${c.before ? (c.after ? 'changed' : 'deleted') : 'added'} ${c.key}`),
    state: () => undefined,
  };
  const reflector = new Reflector('RoleBinding', undefined, transport, sink, 'fake', {
    clock,
    watchSeconds: () => 300,
  });
  reflector.start();
  running.add(reflector);
  return { reflector, clock, calls, changes };
}

/** Stopped after each test, passed or not: a scripted clock's waits do not end a loop on their own. */
const running = new Set<{ stop(): void }>();
afterEach(() => {
  for (const r of running) r.stop();
  running.clear();
});

const keys = (r: Reflector) => [...r.items.keys()].sort();

describe('Reflector: 410 Gone lists afresh', () => {
  const cases: { name: string; watch: WatchAnswer }[] = [
    { name: 'the watch is refused with 410', watch: { then: gone(), opens: false } },
    {
      name: 'the watch answers, then an ERROR event with code 410 (a resourceVersion compacted away)',
      watch: {
        events: [{ type: 'ERROR', object: { code: 410, reason: 'Expired', message: 'too old resource version' } }],
        then: 'hang',
      },
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { reflector, clock, calls, changes } = run({
        lists: [
          { items: [binding('old')], rv: '5' },
          { items: [binding('new')], rv: '9' },
        ],
        watches: [c.watch],
      });
      await until('a second watch', () => calls.watchFrom.length === 2);
      reflector.stop();
      assert.equal(calls.lists, 2, 'listed again');
      assert.deepEqual(calls.watchFrom, ['5', '9'], 'the new watch starts from the fresh list');
      assert.deepEqual(keys(reflector), ['a/new'], 'the store is the fresh list');
      assert.deepEqual(changes, ['added a/old', 'deleted a/old', 'added a/new']);
      assert.deepEqual(clock.waits, [], 'no backoff: an expired resourceVersion is not a failure');
    });
});

describe('Reflector: bookmarks advance the resourceVersion', () => {
  const cases: { name: string; watch: WatchAnswer; from: string; waits: number[] }[] = [
    {
      name: 'the server ends the watch: the next one starts from the last bookmark, at once',
      watch: {
        events: [bookmark('7'), { type: 'ADDED', object: binding('x', '8') }, bookmark('12')],
        then: 'end',
      },
      from: '12',
      waits: [],
    },
    {
      name: 'the connection breaks after a bookmark: resumed from it after a backoff, no relist',
      watch: { events: [{ type: 'ADDED', object: binding('x', '6') }, bookmark('7')], then: refused() },
      from: '7',
      waits: [800],
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { reflector, clock, calls, changes } = run({ lists: [{ items: [], rv: '5' }], watches: [c.watch] });
      await until('a second watch', () => calls.watchFrom.length === 2);
      reflector.stop();
      assert.deepEqual(calls.watchFrom, ['5', c.from]);
      assert.equal(calls.lists, 1, 'no list again');
      assert.deepEqual(changes, ['added a/x'], 'a bookmark changes no object');
      assert.deepEqual(clock.waits, c.waits);
    });
});

describe("Reflector: backoff between failures, as client-go's", () => {
  const failures = (n: number): ListAnswer[] => [...Array.from({ length: n }, refused), { items: [], rv: '5' }];
  const cases: { name: string; random: number; failures: number; waits: number[] }[] = [
    {
      name: 'no jitter: 800 ms doubling, capped at 30 s',
      random: 0,
      failures: 8,
      waits: [800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000],
    },
    {
      name: 'the most jitter: twice each step, still capped at 30 s',
      random: 1,
      failures: 6,
      waits: [1600, 3200, 6400, 12_800, 25_600, 30_000],
    },
    { name: 'half jitter', random: 0.5, failures: 3, waits: [1200, 2400, 4800] },
  ];
  for (const c of cases)
    test(c.name, async () => {
      const { reflector, clock, calls } = run({ lists: failures(c.failures), watches: [] }, c.random);
      await until('the watch after the lists', () => calls.watchFrom.length === 1);
      assert.deepEqual(clock.waits, c.waits);
      assert.equal(reflector.state.synced, true);
      assert.equal(reflector.state.error, undefined, 'the success clears the failure');
      reflector.stop();
    });

  test('a failure after two healthy minutes starts from 800 ms again; sooner, the steps go on', async () => {
    const watch = (advanceMs: number): WatchAnswer => ({ events: [bookmark('6')], then: refused(), advanceMs });
    const { reflector, clock, calls } = run({
      lists: [refused(), refused(), { items: [], rv: '5' }],
      watches: [watch(60_000), watch(121_000)],
    });
    await until('a third watch', () => calls.watchFrom.length === 3);
    reflector.stop();
    assert.deepEqual(clock.waits, [800, 1600, 3200, 800]);
  });
});

describe('Reflector: may list but not watch (403 on watch)', () => {
  test('listed again every pollMs, in phase polling, never as a failure', async () => {
    const forbidden = () => new ApiError(403, 'rolebindings is forbidden', 'Forbidden');
    const { reflector, clock, calls } = run({
      lists: [
        { items: [binding('a')], rv: '5' },
        { items: [binding('a'), binding('b')], rv: '6' },
      ],
      watches: [
        { then: forbidden(), opens: false },
        { then: forbidden(), opens: false },
      ],
    });
    await until('listed twice and polling', () => calls.lists >= 2 && calls.watchFrom.length >= 2);
    await until('polling', () => reflector.state.phase === 'polling');
    reflector.stop();
    assert.deepEqual(clock.waits.slice(0, 2), [30_000, 30_000], 'one poll interval between lists');
    assert.deepEqual(keys(reflector), ['a/a', 'a/b'], 'what the second list brought is in');
    assert.equal(reflector.state.watchForbidden, true);
    assert.equal(reflector.state.error, undefined);
  });

  test('a 403 on list is a failure (the kind is not read), with backoff, not polling', async () => {
    const { reflector, clock } = run({
      lists: [new ApiError(403, 'forbidden', 'Forbidden'), { items: [], rv: '5' }],
      watches: [],
    });
    await until('listed', () => reflector.state.synced);
    reflector.stop();
    assert.deepEqual(clock.waits, [800]);
    assert.equal(reflector.state.watchForbidden, undefined);
  });

  test('the cache says it as a warning, and stays live', async () => {
    const clock = fakeClock();
    const transport: Transport = {
      server: 'https://fake',
      async list() {
        return { resourceVersion: '5' };
      },
      async watch(path, _query, _onEvent, signal, onOpen) {
        if (path === listPath('Role')) throw new ApiError(403, 'roles is forbidden', 'Forbidden');
        onOpen?.();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    };
    const cache = new ClusterCache(transport, 'fake cluster', { clock, batchMs: { min: 1, max: 5 }, log: () => {} });
    cache.start();
    running.add(cache);
    await cache.settled();
    const warned = () =>
      cache.current()!.issues.find((i) => i.object === 'Role' && i.message.includes('may list but not watch'));
    for (let i = 0; !warned(); i++) {
      assert.ok(i < 200, 'warned');
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(warned()!.severity, 'warning');
    assert.match(warned()!.message, /may list but not watch roles: it is listed again every 30 s; grant verb watch/);
    assert.equal(cache.status().state, 'live');
    assert.deepEqual(cache.current()!.model.missing ?? [], [], 'nothing missing: the kind is read');
  });
});

describe('ClusterCache: stale and live again as ServerHealth says', () => {
  const cases: { name: string; down: Health; reason: RegExp }[] = [
    {
      name: 'the server answers not ready',
      down: {
        ok: false,
        reason: 'the API server at https://fake is not ready (HTTP 500: [-]etcd failed)',
        answered: true,
      },
      reason: /not ready \(HTTP 500: \[-\]etcd failed\)/,
    },
    {
      name: 'the server does not answer',
      down: { ok: false, reason: 'cannot reach the API server at https://fake', answered: false },
      reason: /cannot reach/,
    },
  ];
  for (const c of cases)
    test(c.name, async () => {
      let answer: Health = { ok: true };
      const transport: Transport = {
        server: 'https://fake',
        list: async () => ({ resourceVersion: '5' }),
        async watch(_path, _query, _onEvent, signal, onOpen) {
          onOpen?.();
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        },
        health: async () => answer,
      };
      const lines: string[] = [];
      const cache = new ClusterCache(transport, 'fake cluster', {
        batchMs: { min: 1, max: 5 },
        health: { quietMs: 10, probeTimeoutMs: 100, downBackoff: { initialMs: 10, maxMs: 20, resetMs: Infinity } },
        log: (l) => lines.push(l),
      });
      cache.start();
      running.add(cache);
      await cache.settled();
      const state = () => cache.status().state;
      await untilTimed('live', () => state() === 'live');
      answer = c.down;
      await untilTimed('stale', () => state() === 'stale');
      assert.match(cache.status().reason!, c.reason);
      answer = { ok: true };
      await untilTimed('live again', () => state() === 'live');
      assert.equal(lines.length, 2, 'each move said once');
      assert.match(lines[0]!, /stale since/);
      assert.match(lines[1]!, /live again after/);
    });
});

async function untilTimed(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    assert.ok(i < 400, `within 2 s: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
