// Two lists paged on one page: a pager's link moves its own list and keeps the other's page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  API_DEFAULT_LIMIT,
  API_MAX_LIMIT,
  apiPaging,
  continueToken,
  SERVER_RUN,
  expiredContinue,
  optionalApiPaging,
  pageFields,
  pageOffset,
  pairedPageHrefs,
} from './paging';

const cases: { name: string; first: number; second: number; link: 'first' | 'second'; n: number; href: string }[] = [
  { name: 'both on page 1: the next of the first', first: 0, second: 0, link: 'first', n: 2, href: '/b?page=2' },
  {
    name: 'the next rules page keeps page 3 of the first',
    first: 200,
    second: 0,
    link: 'second',
    n: 2,
    href: '/b?page=3&rules=2',
  },
  {
    name: 'back to page 1 of the first drops it, keeps the rules',
    first: 100,
    second: 400,
    link: 'first',
    n: 1,
    href: '/b?rules=5',
  },
];

for (const c of cases)
  test(c.name, () => {
    const hrefs = pairedPageHrefs('/b', { offset: c.first, size: 100 }, { offset: c.second, size: 100 });
    assert.equal(hrefs[c.link](c.n), c.href);
  });

const OFFSETS: { name: string; query: string | Record<string, string | string[]>; key?: string; offset: number }[] = [
  { name: 'no page: the first', query: '', offset: 0 },
  { name: 'page 3 of 25', query: 'page=3', offset: 50 },
  { name: 'page 1', query: 'page=1', offset: 0 },
  { name: 'zero, negative, fractional and words are page 1', query: 'page=0', offset: 0 },
  { name: 'a negative page', query: 'page=-2', offset: 0 },
  { name: 'a fraction', query: 'page=2.5', offset: 0 },
  { name: 'a word', query: 'page=two', offset: 0 },
  { name: 'the first of two', query: 'page=2&page=5', offset: 25 },
  { name: 'a page query with a list', query: { page: ['4', '9'] }, offset: 75 },
  { name: 'another key', query: 'rules=2&page=9', key: 'rules', offset: 25 },
];

for (const c of OFFSETS)
  test(`pageOffset: ${c.name}`, () => {
    const q = typeof c.query === 'string' ? new URLSearchParams(c.query) : c.query;
    assert.equal(pageOffset(q, 25, c.key), c.offset);
  });

const API: { name: string; query: string; paging: ReturnType<typeof apiPaging> | RegExp }[] = [
  { name: 'defaults', query: '', paging: { ok: true, offset: 0, limit: API_DEFAULT_LIMIT } },
  { name: 'a limit', query: 'limit=10', paging: { ok: true, offset: 0, limit: 10 } },
  { name: 'the largest limit', query: `limit=${API_MAX_LIMIT}`, paging: { ok: true, offset: 0, limit: API_MAX_LIMIT } },
  { name: 'past the largest', query: `limit=${API_MAX_LIMIT + 1}`, paging: /limit must be a whole number from 1/ },
  { name: 'zero', query: 'limit=0', paging: /limit must be/ },
  {
    name: 'a continue token given out',
    query: `continue=${continueToken(500)}`,
    paging: { ok: true, offset: 500, limit: API_DEFAULT_LIMIT },
  },
  { name: 'a token not given out', query: 'continue=../../etc', paging: /continue: not a token this API gave out/ },
  {
    name: "a risk list's token: its version too",
    query: `continue=${continueToken(500, 41)}`,
    paging: { ok: true, offset: 500, limit: API_DEFAULT_LIMIT, version: 41, run: SERVER_RUN },
  },
  {
    name: 'a version with no offset is not a token',
    query: `continue=${Buffer.from('41.', 'utf8').toString('base64url')}`,
    paging: /continue: not a token/,
  },
  {
    name: 'a negative offset is not a token',
    query: `continue=${Buffer.from('-5', 'utf8').toString('base64url')}`,
    paging: /continue: not a token/,
  },
];

for (const c of API)
  test(`apiPaging: ${c.name}`, () => {
    const r = apiPaging(new URLSearchParams(c.query));
    if (c.paging instanceof RegExp) assert.match(r.ok ? '' : r.error, c.paging);
    else assert.deepEqual(r, c.paging);
  });

test('pageFields: the total, and a continue token only when there is more', () => {
  assert.deepEqual(pageFields({ items: [1], total: 1, offset: 0 }), { total: 1 });
  const more = pageFields({ items: [1], total: 3, offset: 0, next: 1 });
  assert.equal(apiPaging(new URLSearchParams({ continue: more.continue! })).ok && more.total, 3);
});

const OPTIONAL: {
  name: string;
  query: string;
  paged?: true;
  paging: ReturnType<typeof optionalApiPaging> | RegExp;
}[] = [
  { name: 'nothing asked: every item', query: '', paging: { ok: true, all: true } },
  { name: 'an empty limit: every item', query: 'limit=', paging: { ok: true, all: true } },
  { name: 'other parameters only: every item', query: 'to=cluster-admin', paging: { ok: true, all: true } },
  { name: 'a limit: one page', query: 'limit=10', paging: { ok: true, offset: 0, limit: 10 } },
  {
    name: 'a continue token alone: the next page of the default size',
    query: `continue=${continueToken(500)}`,
    paging: { ok: true, offset: 500, limit: API_DEFAULT_LIMIT },
  },
  { name: 'a bad limit is an error, not every item', query: 'limit=0', paging: /limit must be/ },
  { name: 'a bad token is an error', query: 'continue=nope!', paging: /continue: not a token/ },
  { name: 'limit=all: every item', query: 'limit=all', paging: { ok: true, all: true } },
  {
    name: 'limit=all with a token is an error',
    query: `limit=all&continue=${continueToken(5)}`,
    paging: /limit must be/,
  },
  {
    name: 'paged by default: nothing asked is the first page',
    query: '',
    paged: true,
    paging: { ok: true, offset: 0, limit: API_DEFAULT_LIMIT },
  },
  {
    name: 'paged by default: limit=all is every item',
    query: 'limit=all',
    paged: true,
    paging: { ok: true, all: true },
  },
];

for (const c of OPTIONAL)
  test(`optionalApiPaging: ${c.name}`, () => {
    const r = optionalApiPaging(new URLSearchParams(c.query), !c.paged);
    if (c.paging instanceof RegExp) assert.match(r.ok ? '' : r.error, c.paging);
    else assert.deepEqual(r, c.paging);
  });

test("pageFields: a risk list's token carries the version it was read from", () => {
  const more = pageFields({ items: [1], total: 3, offset: 0, next: 1 }, 7);
  const r = apiPaging(new URLSearchParams({ continue: more.continue! }));
  assert.deepEqual(r, { ok: true, offset: 1, limit: API_DEFAULT_LIMIT, version: 7, run: SERVER_RUN });
});

const CURRENT = { state: 'current' } as const;
const EXPIRED: {
  name: string;
  asked: { offset?: number; version?: number; run?: string };
  version: number | undefined;
  gone?: RegExp;
}[] = [
  { name: 'no token: the first page', asked: { offset: 0 }, version: 7 },
  { name: 'every item (limit=all)', asked: {}, version: 7 },
  { name: 'a token of the version served', asked: { offset: 500, version: 7, run: SERVER_RUN }, version: 7 },
  {
    name: 'a token of an older version',
    asked: { offset: 500, version: 6, run: SERVER_RUN },
    version: 7,
    gone: /version 6 .* version 7 now/,
  },
  {
    name: 'a token of a newer one (another server)',
    asked: { offset: 500, version: 8, run: SERVER_RUN },
    version: 7,
    gone: /version 8/,
  },
  {
    name: 'a token of the same version from before a restart',
    asked: { offset: 500, version: 7, run: 'earlier' },
    version: 7,
    gone: /an earlier run of the server/,
  },
  {
    name: 'a token with no version (before tokens had one)',
    asked: { offset: 500 },
    version: 7,
    gone: /an older version/,
  },
  {
    name: 'a token while none is complete',
    asked: { offset: 500, version: 7, run: SERVER_RUN },
    version: undefined,
    gone: /none is complete now/,
  },
  {
    name: 'an offset-less token while none is complete',
    asked: { offset: 500 },
    version: undefined,
    gone: /start the list again/,
  },
];

for (const c of EXPIRED)
  test(`expiredContinue: ${c.name}`, async () => {
    const res = expiredContinue(c.asked, c.version, CURRENT);
    if (!c.gone) return assert.equal(res, undefined);
    assert.equal(res?.status, 410);
    const body = (await res!.json()) as { error: string; risks: unknown };
    assert.match(body.error, c.gone);
    assert.match(body.error, /without continue/);
    assert.deepEqual(body.risks, CURRENT);
  });
