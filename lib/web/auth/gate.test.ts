// Who passes in token mode, and what everyone else gets: pages go to the sign-in page (back to where
// they were), API clients get 401 JSON with a Bearer challenge, a refused token 401 with the
// server's reason, a server that cannot say 503; no answer holds the token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TokenReviewAnswer } from '@/lib/k8s/auth/reviews';
import { exempt, gate, viewerOptional, type GateRequest } from './gate';

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2ln';
const alice: TokenReviewAnswer = { state: 'accepted', user: { username: 'alice', groups: ['devs'] } };
const page: GateRequest = {
  pathname: '/namespaces/team-a',
  search: '?tab=roles',
  authorization: null,
  sessionToken: undefined,
  hadSession: false,
  context: undefined,
};
const api: GateRequest = { ...page, pathname: '/api/graph', search: '?namespace=team-a' };

function reviewing(answer: TokenReviewAnswer) {
  const seen: string[] = [];
  return { seen, review: async (t: string) => (seen.push(t), answer) };
}

async function answerOf(req: GateRequest, answer: TokenReviewAnswer = alice) {
  const outcome = await gate(req, reviewing(answer).review);
  assert.equal(outcome.kind, 'answer');
  return outcome.kind === 'answer' ? outcome.answer : assert.fail();
}

describe('gate', () => {
  test('a token the server accepts, from the header or the session, names the viewer', async () => {
    for (const req of [
      { ...api, authorization: `Bearer ${SECRET}` },
      { ...page, sessionToken: SECRET, hadSession: true },
    ]) {
      const { seen, review } = reviewing(alice);
      assert.deepEqual(await gate(req, review), { kind: 'viewer', user: alice.user });
      assert.deepEqual(seen, [SECRET]);
    }
  });

  test('the header wins over the session (an authenticating proxy in front speaks for the viewer)', async () => {
    const { seen, review } = reviewing(alice);
    await gate({ ...page, authorization: 'Bearer from-proxy', sessionToken: 'from-cookie', hadSession: true }, review);
    assert.deepEqual(seen, ['from-proxy']);
  });

  test('no token: a page goes to the sign-in page and back; an API call is 401 with a challenge', async () => {
    const toSignIn = await answerOf(page);
    assert.equal(toSignIn.status, 303);
    assert.equal(toSignIn.headers.location, '/sign-in?next=%2Fnamespaces%2Fteam-a%3Ftab%3Droles');
    assert.ok(!toSignIn.endSession);
    const inContext = await answerOf({ ...page, context: 'kind-dev' });
    assert.equal(inContext.headers.location, '/sign-in?next=%2Fnamespaces%2Fteam-a%3Ftab%3Droles&context=kind-dev');
    const refused = await answerOf(api);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['www-authenticate'], 'Bearer realm="rbac-atlas"');
    assert.match(JSON.parse(refused.body).error, /no token: send Authorization: Bearer/);
  });

  test('a session that is over (unknown id, expired): back to the sign-in page, saying so, cookie cleared', async () => {
    const ended = await answerOf({ ...page, hadSession: true });
    assert.equal(ended.status, 303);
    assert.match(ended.headers.location ?? '', /&ended=1$/);
    assert.equal(ended.endSession, true);
    assert.equal((await answerOf({ ...api, hadSession: true })).endSession, true);
  });

  test("a refused token: 401 with the server's reason; a refused session's page goes to sign-in", async () => {
    const no: TokenReviewAnswer = { state: 'refused', reason: 'the API server does not accept this token: expired' };
    const viaHeader = await answerOf({ ...api, authorization: `Bearer ${SECRET}` }, no);
    assert.equal(viaHeader.status, 401);
    assert.deepEqual(JSON.parse(viaHeader.body), { error: no.reason });
    assert.equal(viaHeader.headers['www-authenticate'], 'Bearer realm="rbac-atlas", error="invalid_token"');
    const pageViaHeader = await answerOf({ ...page, authorization: `Bearer ${SECRET}` }, no);
    assert.equal(pageViaHeader.status, 401);
    assert.match(pageViaHeader.body, /^Unauthorized: the API server does not accept this token: expired\.\n$/);
    assert.equal(pageViaHeader.headers['Content-Type'], 'text/plain; charset=utf-8');
    const viaSession = await answerOf({ ...page, sessionToken: SECRET, hadSession: true }, no);
    assert.equal(viaSession.status, 303);
    assert.equal(viaSession.endSession, true);
  });

  test('the server cannot say: 503 naming why, for pages and the API', async () => {
    const down: TokenReviewAnswer = { state: 'unavailable', reason: 'the app may not create tokenreviews' };
    const a = await answerOf({ ...api, authorization: `Bearer ${SECRET}` }, down);
    assert.equal(a.status, 503);
    assert.match(JSON.parse(a.body).error, /cannot verify the token: the app may not create tokenreviews/);
    const p = await answerOf({ ...page, sessionToken: SECRET, hadSession: true }, down);
    assert.equal(p.status, 503);
    assert.ok(!p.endSession, 'a server that is down does not sign anyone out');
  });

  test('hostile headers are refused deliberately (401), never reviewed, never echoed', async () => {
    for (const authorization of [
      'Bearer',
      `Bearer ${SECRET} ${SECRET}`,
      `Bearer ${'A'.repeat(100_000)}`,
      `Bearer ${SECRET}\u0000`,
      `Bearer \u202e${SECRET}`,
    ]) {
      const { seen, review } = reviewing(alice);
      const outcome = await gate({ ...api, authorization }, review);
      assert.equal(outcome.kind, 'answer');
      const answer = outcome.kind === 'answer' ? outcome.answer : assert.fail();
      assert.equal(answer.status, 401, authorization.slice(0, 20));
      assert.ok(!answer.body.includes(SECRET) && !answer.body.includes('AAAA'));
      assert.deepEqual(seen, []);
    }
  });

  test('exempt: the sign-in, its endpoints, the probes, built assets and the icon; nothing else', () => {
    for (const p of ['/sign-in', '/api/session', '/api/session/end', '/api/healthz', '/api/readyz', '/icon.svg'])
      assert.ok(exempt(p, false), p);
    assert.ok(exempt('/_next/static/chunks/app.js', false));
    assert.ok(!exempt('/_next/image', false));
    assert.ok(exempt('/_next/webpack-hmr', true));
    for (const p of ['/', '/risks', '/api/token', '/api/graph', '/sign-in/x', '/api/session/x', '/api/healthz/x'])
      assert.ok(!exempt(p, false), p);
  });

  test('a token offered to the sign-in page or /api/readyz is verified, never required; not on the other exempt ones', () => {
    for (const p of ['/sign-in', '/api/readyz']) assert.ok(viewerOptional(p) && exempt(p, false), p);
    for (const p of ['/api/healthz', '/api/session', '/api/session/end', '/icon.svg', '/', '/api/readyz/x'])
      assert.ok(!viewerOptional(p), p);
  });
});
