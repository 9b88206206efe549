// POST /api/session and /api/session/end as the route handlers answer them, in token mode: guarded
// as /api/what-if is, the token reviewed (here from the review cache, seeded), a cookie with the
// session id only; hostile bodies answered deliberately (4xx, never 500) without echoing them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reviewedToken } from './review-cache';
import { signIn, signOut } from './session-api';
import { sessionToken } from './sessions';

const SECRET = 'tok-3f9a2c-very-secret';
const saved = { ...process.env };

before(async () => {
  process.env.RBAC_ATLAS_AUTH = 'token';
  process.env.RBAC_ATLAS_SOURCE = 'demo';
  // The API server's answers, as the cache would hold them.
  await reviewedToken(SECRET, undefined, 600, async () => ({
    state: 'accepted',
    user: { username: 'alice', groups: ['devs'] },
  }));
  await reviewedToken('revoked-token', undefined, 600, async () => ({
    state: 'refused',
    reason: 'the API server does not accept this token: token has been invalidated',
  }));
});
after(() => (process.env = saved));

function post(path: string, body: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://atlas.test${path}`, {
    method: 'POST',
    body,
    headers: {
      host: 'atlas.test',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
  });
}

const cookieId = (res: Response) => /rbac_atlas_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('sign-in', () => {
  test('an accepted token: 200 with the name, and a cookie holding only a session id', async () => {
    const res = await signIn(post('/api/session', JSON.stringify({ token: SECRET })), undefined);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { username: 'alice', groups: ['devs'] });
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.ok(!cookie.includes(SECRET));
    assert.match(cookie, /HttpOnly; SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/);
    assert.equal(sessionToken(cookieId(res)), SECRET);
    const https = await signIn(
      post('/api/session', JSON.stringify({ token: SECRET }), { 'x-forwarded-proto': 'https' }),
      undefined,
    );
    assert.match(https.headers.get('set-cookie') ?? '', /^__Host-rbac_atlas_session=[^;]+; Path=\/; .*; Secure$/);
    // Over https only the __Host- cookie names the session: signing out with it ends that session.
    const httpsId = cookieId(https)!;
    const httpsOut = await signOut(
      post('/api/session/end', '{}', {
        'x-forwarded-proto': 'https',
        cookie: `rbac_atlas_session=forged; __Host-rbac_atlas_session=${httpsId}`,
      }),
    );
    assert.match(httpsOut.headers.get('set-cookie') ?? '', /^__Host-rbac_atlas_session=; Path=\/; Max-Age=0/);
    assert.equal(sessionToken(httpsId), undefined);
  });

  test("a refused token: 401 with the server's reason; the demo cannot say: 503", async () => {
    const refused = await signIn(post('/api/session', '{"token":"revoked-token"}'), undefined);
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), {
      error: 'the API server does not accept this token: token has been invalidated',
    });
    assert.equal(refused.headers.get('set-cookie'), null);
    const unknown = await signIn(post('/api/session', '{"token":"never-seen"}'), undefined);
    assert.equal(unknown.status, 503);
    assert.match((await unknown.json()).error, /no cluster to ask: the source is the demo/);
  });

  test('hostile input: deliberate 4xx, the body never echoed', async () => {
    const cases: [Request, number][] = [
      [post('/api/session', `{"token":"${SECRET}"`), 400],
      [post('/api/session', JSON.stringify({ token: SECRET, extra: 1 })), 400],
      [post('/api/session', JSON.stringify({ token: 42 })), 400],
      [post('/api/session', JSON.stringify({ token: '' })), 401],
      [post('/api/session', JSON.stringify({ token: `${SECRET}\u0000` })), 401],
      [post('/api/session', JSON.stringify({ token: 'x'.repeat(60_000) })), 401],
      [post('/api/session', JSON.stringify({ token: 'x'.repeat(70_000) })), 413],
      [post('/api/session', JSON.stringify({ token: SECRET }), { 'content-type': 'text/plain' }), 415],
      [post('/api/session', JSON.stringify({ token: SECRET }), { 'sec-fetch-site': 'cross-site' }), 403],
      [post('/api/session', JSON.stringify({ token: SECRET }), { origin: 'https://evil.example' }), 403],
    ];
    for (const [req, status] of cases) {
      const res = await signIn(req, undefined);
      const text = await res.text();
      assert.equal(res.status, status, text);
      assert.ok(!text.includes(SECRET) && !text.includes('xxxx'), text);
      assert.equal(res.headers.get('set-cookie'), null);
    }
  });

  test('sign-out ends the session and clears the cookie; none mode has no sign-in at all', async () => {
    const res = await signIn(post('/api/session', JSON.stringify({ token: SECRET })), undefined);
    const id = cookieId(res)!;
    const out = await signOut(post('/api/session/end', '{}', { cookie: `other=1; rbac_atlas_session=${id}` }));
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /rbac_atlas_session=; Path=\/; Max-Age=0/);
    assert.equal(sessionToken(id), undefined);
    process.env.RBAC_ATLAS_AUTH = 'none';
    assert.equal((await signIn(post('/api/session', JSON.stringify({ token: SECRET })), undefined)).status, 404);
    process.env.RBAC_ATLAS_AUTH = 'token';
  });
});
