// The pieces of token mode that need no server: reading the Authorization header, the sign-in's
// return path, the session store and its cookie, the review cache, the viewer header.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TokenReviewAnswer } from '@/lib/k8s/auth/reviews';
import { decodeViewer, encodeViewer } from '../viewer-header';
import { bearerToken } from './bearer';
import { safeNext } from './next-path';
import { forgetReviews, keptReviews, MAX_ENTRIES, reviewedToken } from './review-cache';
import {
  clearedCookie,
  endSession,
  MAX_SESSIONS,
  overHttps,
  SESSION_SECONDS,
  sessionCookie,
  MAX_SESSIONS_PER_IDENTITY,
  sessionCount,
  sessionToken,
  startSession,
} from './sessions';

describe('bearerToken', () => {
  test('the token after a case-insensitive Bearer; no header or another scheme is none', () => {
    assert.deepEqual(bearerToken('Bearer abc.def.ghi'), { token: 'abc.def.ghi' });
    assert.deepEqual(bearerToken('  bearer   abc  '), { token: 'abc' });
    for (const h of [null, undefined, '', '   ', 'Basic dXNlcjpwYXNz', 'Bearerabc', 'Token abc'])
      assert.equal(bearerToken(h), undefined, String(h));
  });

  test('a Bearer header without one token is a problem that never quotes it', () => {
    const cases: [string, RegExp][] = [
      ['Bearer', /holds no token/],
      ['Bearer    ', /holds no token/],
      ['Bearer abc def', /more than one word/],
      ['Bearer tök\u00e9n-secret', /non-ASCII/],
      [`Bearer ${'x'.repeat(20_000)}`, /longer than 16 KiB/],
      ['Bearer abc\u0001secret', /control characters/],
    ];
    for (const [header, problem] of cases) {
      const got = bearerToken(header);
      assert.ok(got && 'problem' in got, header.slice(0, 30));
      assert.match(got.problem, problem);
      assert.ok(!got.problem.includes('secret') && !got.problem.includes('xxxx'));
    }
  });
});

describe('safeNext', () => {
  test('a path of this site goes through; anything else is /', () => {
    assert.equal(safeNext('/namespaces/team-a?tab=roles'), '/namespaces/team-a?tab=roles');
    for (const bad of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/a\\b',
      'javascript:alert(1)',
      '/x\ny',
      '/sign-in',
      '/sign-in?next=/x',
      `/${'a'.repeat(2001)}`,
    ])
      assert.equal(safeNext(bad), '/', String(bad));
  });
});

describe('sessions', () => {
  test('a session holds the token under a random 256-bit id until it ends or expires', () => {
    const now = 1_000_000;
    const id = startSession('tok-1', 'alice', now);
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(startSession('tok-1', 'alice', now), id);
    assert.equal(sessionToken(id, now + 1000), 'tok-1');
    assert.equal(sessionToken(id, now + SESSION_SECONDS * 1000), undefined);
    assert.equal(sessionToken(id, now), undefined, 'an expired session is gone');
    const other = startSession('tok-2', 'bob', now);
    assert.equal(endSession(other), 'tok-2');
    assert.equal(sessionToken(other, now), undefined);
    for (const bad of [undefined, '', 'x', `${id}x`, '../../etc/passwd', 'a'.repeat(10_000)])
      assert.equal(sessionToken(bad, now), undefined);
  });

  test('bounded: past MAX_SESSIONS the oldest sign-in ends first', () => {
    const first = startSession('oldest', 'u-oldest', 0);
    for (let i = 0; i < MAX_SESSIONS; i++) startSession(`t${i}`, `u${i}`, 1);
    assert.ok(sessionCount() <= MAX_SESSIONS);
    assert.equal(sessionToken(first, 2), undefined);
  });

  test("one identity keeps at most MAX_SESSIONS_PER_IDENTITY: its own oldest ends, never anyone else's", () => {
    const others = [startSession('carol-token', 'carol', 5), startSession('dave-token', 'dave', 5)];
    const mallory = Array.from({ length: MAX_SESSIONS + 5 }, (_, i) => startSession(`m${i}`, 'mallory', 5));
    assert.deepEqual(
      others.map((id) => sessionToken(id, 6)),
      ['carol-token', 'dave-token'],
    );
    const live = mallory.filter((id) => sessionToken(id, 6) !== undefined);
    assert.deepEqual(live, mallory.slice(-MAX_SESSIONS_PER_IDENTITY), 'the newest ones are kept');
    assert.equal(endSession(live[0]), `m${MAX_SESSIONS + 5 - MAX_SESSIONS_PER_IDENTITY}`);
    startSession('m-again', 'mallory', 6);
    assert.equal(
      sessionToken(live[1], 7),
      `m${MAX_SESSIONS + 6 - MAX_SESSIONS_PER_IDENTITY}`,
      'an ended one freed a place',
    );
  });

  test('the cookie holds the id only: HttpOnly, SameSite=Strict, Path=/; over https Secure and __Host-', () => {
    assert.equal(
      sessionCookie('ID', false),
      `rbac_atlas_session=ID; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict`,
    );
    assert.equal(
      sessionCookie('ID', true),
      `__Host-rbac_atlas_session=ID; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict; Secure`,
    );
    assert.doesNotMatch(sessionCookie('ID', true), /Domain=/i);
    assert.equal(
      clearedCookie(true),
      '__Host-rbac_atlas_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    );
    assert.equal(clearedCookie(false), 'rbac_atlas_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    assert.equal(overHttps('https:', null), true);
    assert.equal(overHttps('http:', 'https, http'), true);
    assert.equal(overHttps('http:', 'http'), false);
    assert.equal(overHttps('http:', null), false);
  });
});

describe('reviewedToken', () => {
  const alice: TokenReviewAnswer = { state: 'accepted', user: { username: 'alice', groups: [] } };

  test('asks once per cache time and token; a revoked token is refused once its answer expires', async (t) => {
    forgetReviews();
    t.mock.timers.enable({ apis: ['Date'], now: 0 });
    let answer: TokenReviewAnswer = alice;
    let asked = 0;
    const review = async () => (asked++, answer);
    assert.deepEqual(await reviewedToken('t', undefined, 30, review), alice);
    t.mock.timers.setTime(29_999);
    answer = { state: 'refused', reason: 'revoked' };
    assert.deepEqual(await reviewedToken('t', undefined, 30, review), alice);
    assert.equal(asked, 1);
    t.mock.timers.setTime(30_000);
    assert.deepEqual(await reviewedToken('t', undefined, 30, review), answer);
    assert.equal(asked, 2);
    assert.equal((await reviewedToken('t', 'other-context', 30, review)).state, 'refused');
    assert.equal(asked, 3, 'another context is another question');
  });

  test('"could not ask" is never kept; concurrent requests share one review; 0 s keeps nothing', async () => {
    forgetReviews();
    let asked = 0;
    const down = async (): Promise<TokenReviewAnswer> => (asked++, { state: 'unavailable', reason: 'down' });
    await reviewedToken('t', undefined, 30, down);
    await reviewedToken('t', undefined, 30, down);
    assert.equal(asked, 2);
    let release: () => void = () => undefined;
    const slow = () => new Promise<TokenReviewAnswer>((r) => (asked++, (release = () => r(alice))));
    asked = 0;
    const both = Promise.all([reviewedToken('u', undefined, 30, slow), reviewedToken('u', undefined, 30, slow)]);
    release();
    assert.deepEqual(await both, [alice, alice]);
    assert.equal(asked, 1);
    forgetReviews();
    await reviewedToken('v', undefined, 0, async () => alice);
    assert.equal(keptReviews(), 0);
  });

  test('bounded, keyed by a hash: the token itself is not kept; forgetting a token forgets its answers', async () => {
    forgetReviews();
    for (let i = 0; i <= MAX_ENTRIES; i++) await reviewedToken(`tok-${i}`, undefined, 30, async () => alice);
    assert.equal(keptReviews(), MAX_ENTRIES);
    forgetReviews();
    await reviewedToken('secret-token', 'a', 30, async () => alice);
    await reviewedToken('secret-token', 'b', 30, async () => alice);
    assert.equal(keptReviews(), 2);
    const state = (globalThis as Record<symbol, { answers: { keys(): Iterable<string> } }>)[
      Symbol.for('rbac-atlas.token-reviews')
    ];
    assert.ok(![...state!.answers.keys()].some((k) => k.includes('secret')));
    forgetReviews('secret-token');
    assert.equal(keptReviews(), 0);
  });
});

describe('the viewer header', () => {
  test('round-trips any Unicode identity; anything else is no viewer', () => {
    const user = { username: 'jöhn@example.com', uid: 'u', groups: ['ops', 'système'], extra: { k: ['v'] } };
    const value = encodeViewer(user);
    assert.match(value, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeViewer(value), user);
    for (const bad of [null, '', 'not base64 !', encodeViewer({ username: '', groups: [] }), 'eyJ9'])
      assert.equal(decodeViewer(bad), undefined, String(bad));
    assert.equal(decodeViewer(Buffer.from('{"username":"x","groups":"admin"}').toString('base64url')), undefined);
  });
});
