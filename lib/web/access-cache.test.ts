import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SharedFlights, TimedCache, viewerKey } from './access-cache';

describe('review cache', () => {
  test('an answer is kept for its time, then asked again', () => {
    let now = 0;
    const cache = new TimedCache<string>(30_000, 10, () => now);
    cache.set('a', 'allowed');
    now = 29_999;
    assert.equal(cache.get('a'), 'allowed');
    now = 30_000;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  test('bounded: the oldest written goes first', () => {
    const cache = new TimedCache<number>(1000, 2, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('c'), 3);
  });

  test('a time given with an answer is its own; forgetting by key leaves the rest', () => {
    let now = 0;
    const cache = new TimedCache<string>(0, 10, () => now);
    cache.set('a@x', 'kept', 5_000);
    cache.set('a@y', 'kept');
    cache.set('b@x', 'other', 5_000);
    assert.deepEqual([...cache.keys()], ['a@x', 'b@x'], 'the cache time, 0, kept nothing');
    cache.forget((key) => key.startsWith('a@'));
    assert.deepEqual([...cache.keys()], ['b@x']);
    now = 5_000;
    assert.equal(cache.get('b@x'), undefined);
    cache.set('c', 'c', 1);
    cache.forget();
    assert.equal(cache.size, 0);
  });

  test('time 0 keeps nothing', () => {
    const cache = new TimedCache<number>(0, 2);
    cache.set('a', 1);
    assert.equal(cache.get('a'), undefined);
  });

  test('one key per viewer: user, uid, groups and extra all count; their order does not', () => {
    const a = { username: 'alice', uid: '1', groups: ['x', 'y'], extra: { scopes: ['b', 'a'] } };
    assert.equal(viewerKey(a), viewerKey({ ...a, groups: ['y', 'x'], extra: { scopes: ['a', 'b'] } }));
    assert.notEqual(viewerKey(a), viewerKey({ ...a, uid: '2' }));
    assert.notEqual(viewerKey(a), viewerKey({ ...a, groups: ['x'] }));
    assert.notEqual(viewerKey(a), viewerKey({ ...a, extra: {} }));
    assert.notEqual(viewerKey(a), viewerKey({ ...a, username: 'alice2' }));
  });
});

describe('SharedFlights: scope reviews in flight are shared', () => {
  test('three callers at once (layout, header, page) make one review; a settled one is made again', async () => {
    const flights = new SharedFlights<string>();
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return `scope ${made}`;
    };
    const answers = await Promise.all([
      flights.run('alice', make),
      flights.run('alice', make),
      flights.run('alice', make),
    ]);
    assert.deepEqual(answers, ['scope 1', 'scope 1', 'scope 1']);
    assert.equal(made, 1);
    assert.equal(flights.size, 0, 'forgotten once settled');
    assert.equal(await flights.run('alice', make), 'scope 2');
    await Promise.all([flights.run('alice', make), flights.run('bob', make)]);
    assert.equal(made, 4, 'another viewer has its own');
  });

  test('a failure is shared by those waiting, then forgotten', async () => {
    const flights = new SharedFlights<string>();
    let made = 0;
    const failing = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 1));
      throw new Error('connection refused');
    };
    const results = await Promise.allSettled([flights.run('k', failing), flights.run('k', failing)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(made, 1);
    assert.equal(await flights.run('k', async () => 'ok'), 'ok');
  });
});
