// The one POST's guard: every refusal a cross-site page or an oversized body meets, and what passes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_POST_BYTES,
  POST_ROUTES,
  postRefusal,
  readCappedBody,
  WHAT_IF_ROUTE,
  type PostHeaders,
} from './post-guard';

const EIGHT = { ...WHAT_IF_ROUTE, maxBytes: 8 };

const sameSite: PostHeaders = {
  contentType: 'application/json',
  contentLength: '120',
  origin: 'http://localhost:3000',
  secFetchSite: 'same-origin',
  host: 'localhost:3000',
};

describe('what-if POST guard', () => {
  const cases: { name: string; headers: Partial<PostHeaders>; status?: number }[] = [
    { name: "the app's own page", headers: {} },
    {
      name: 'a client that is not a browser (no Origin, no Sec-Fetch-Site)',
      headers: { origin: null, secFetchSite: null },
    },
    { name: 'a charset parameter', headers: { contentType: 'Application/JSON; charset=utf-8' } },
    { name: 'another site (Sec-Fetch-Site)', headers: { secFetchSite: 'cross-site' }, status: 403 },
    { name: 'a sibling subdomain (Sec-Fetch-Site same-site)', headers: { secFetchSite: 'same-site' }, status: 403 },
    { name: 'typed in the address bar (Sec-Fetch-Site none)', headers: { secFetchSite: 'none' }, status: 403 },
    { name: 'another Origin', headers: { origin: 'https://evil.example', secFetchSite: null }, status: 403 },
    { name: 'another port', headers: { origin: 'http://localhost:3001', secFetchSite: null }, status: 403 },
    { name: 'an opaque Origin (a sandboxed frame)', headers: { origin: 'null', secFetchSite: null }, status: 403 },
    { name: 'a form (urlencoded)', headers: { contentType: 'application/x-www-form-urlencoded' }, status: 415 },
    { name: 'a form (text/plain)', headers: { contentType: 'text/plain' }, status: 415 },
    { name: 'no Content-Type', headers: { contentType: null }, status: 415 },
    { name: 'JSON-looking but another type', headers: { contentType: 'application/jsonx' }, status: 415 },
    { name: 'a declared length over the cap', headers: { contentLength: String(MAX_POST_BYTES + 1) }, status: 413 },
    { name: 'a length that is not a number', headers: { contentLength: 'lots' }, status: 413 },
    { name: 'no declared length (chunked)', headers: { contentLength: null }, status: 411 },
  ];
  for (const c of cases) test(c.name, () => assert.equal(postRefusal({ ...sameSite, ...c.headers })?.status, c.status));

  test('the refusals name what to do', () => {
    assert.match(postRefusal({ ...sameSite, contentLength: '9999999999' })?.error ?? '', /at most 5 MiB/);
    assert.match(postRefusal({ ...sameSite, contentType: 'text/plain' })?.error ?? '', /application\/json/);
  });
});

const stream = (chunks: string[], hang = false) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      if (!hang) controller.close();
    },
  });

describe('the body, capped and bounded in time', () => {
  test('a body under the cap is read whole', async () =>
    assert.equal(await readCappedBody(stream(['{"a"', ':1}']), EIGHT), '{"a":1}'));
  test('a body over the cap is refused, whatever Content-Length said', async () =>
    assert.equal(((await readCappedBody(stream(['12345', '6789']), EIGHT)) as { status: number }).status, 413));
  test('a body that never ends is refused at the time bound', async () =>
    assert.equal(((await readCappedBody(stream(['{'], true), EIGHT, 50)) as { status: number }).status, 408));
  test('no body is empty text', async () => assert.equal(await readCappedBody(null), ''));
});

describe('the sign-in, sign-out and token check POSTs', () => {
  const sameSite: PostHeaders = {
    contentType: 'application/json',
    contentLength: '20',
    origin: 'http://atlas.test',
    secFetchSite: 'same-origin',
    host: 'atlas.test',
  };
  const signIn = POST_ROUTES.get('/api/session')!;
  test('take a small JSON body from this site only, in their own words', () => {
    assert.equal(postRefusal(sameSite, signIn), undefined);
    assert.deepEqual(postRefusal({ ...sameSite, contentLength: String(64 * 1024 + 1) }, signIn), {
      status: 413,
      error: "Payload Too Large: a sign-in's body is at most 64 KiB.",
    });
    assert.match(postRefusal({ ...sameSite, secFetchSite: 'cross-site' }, signIn)?.error ?? '', /a sign-in must come/);
    assert.match(postRefusal({ ...sameSite, contentType: 'text/plain' }, signIn)?.error ?? '', /send the token as/);
  });
  test('every POST address is listed, the what-if one with its 5 MiB cap', () => {
    assert.deepEqual([...POST_ROUTES.keys()], ['/api/what-if', '/api/session', '/api/session/end', '/api/token']);
    assert.equal(POST_ROUTES.get('/api/what-if')?.maxBytes, MAX_POST_BYTES);
  });
});
