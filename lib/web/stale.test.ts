import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubeVersion, kubeVersionJson } from '@/lib/rbac';
import { markStale, STALE_HEADER, stalenessOf, withFields, type Staleness } from './stale';

const stale: Staleness = {
  since: '2026-12-05T02:00:00.000Z',
  reason: 'the API server at https://x gave no data for 5 s',
};

/** A body sent in the given chunks, as a stream answer is. */
function chunked(parts: string[], type = 'application/json', status = 200): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(encoder.encode(p));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { 'content-type': type } });
}

describe('markStale', () => {
  const cases: { name: string; parts: string[]; expected: unknown }[] = [
    { name: 'one chunk', parts: ['{"a":1}'], expected: { stale, a: 1 } },
    { name: 'an empty object', parts: ['{}'], expected: { stale } },
    { name: 'the opening brace alone, then the rest', parts: ['{', '"a":[1', ',2]}'], expected: { stale, a: [1, 2] } },
    { name: 'the opening brace alone, then the close', parts: ['{', '}'], expected: { stale } },
    { name: 'an empty first chunk', parts: ['', '{"b":true}'], expected: { stale, b: true } },
  ];
  for (const { name, parts, expected } of cases)
    test(`JSON, ${name}: "stale" is the first field and the header is set`, async () => {
      const res = markStale(chunked(parts), stale);
      assert.match(res.headers.get(STALE_HEADER)!, /^since=2026-12-05T02:00:00.000Z; reason="the API server/);
      const text = await res.text();
      assert.ok(text.startsWith('{"stale":'), text);
      assert.deepEqual(JSON.parse(text), expected);
    });

  test('CSV: the header only, the body untouched', async () => {
    const res = markStale(chunked(['a,b\n1,2\n'], 'text/csv; charset=utf-8'), stale);
    assert.ok(res.headers.get(STALE_HEADER));
    assert.equal(await res.text(), 'a,b\n1,2\n');
  });

  test('an error answer, or fresh data, is left as it is', async () => {
    const error = chunked(['{"error":"bad"}'], 'application/json', 400);
    assert.equal(markStale(error, stale), error);
    const fresh = chunked(['{"a":1}']);
    assert.equal(markStale(fresh, undefined), fresh);
  });

  test('a reason the header cannot carry is made printable', () => {
    const res = markStale(chunked(['{}']), { ...stale, reason: 'naïve\nline' });
    assert.equal(res.headers.get(STALE_HEADER), 'since=2026-12-05T02:00:00.000Z; reason="na?ve\\nline"');
  });
});

describe('stalenessOf', () => {
  test('only a stale status, with the start of its outage', () => {
    assert.equal(stalenessOf(undefined), undefined);
    assert.equal(stalenessOf({ state: 'live', settled: true }), undefined);
    assert.deepEqual(stalenessOf({ state: 'stale', since: Date.parse(stale.since), reason: 'r', settled: true }), {
      since: stale.since,
      reason: 'r',
    });
  });
});

describe('withFields: every JSON answer names the Kubernetes version first (withSource)', () => {
  const kubernetes = kubeVersionJson(kubeVersion(35, 'flag'));
  const cases: { name: string; parts: string[]; expected: unknown }[] = [
    { name: 'one chunk', parts: ['{"allowed":true}'], expected: { kubernetes, allowed: true } },
    { name: 'a stream in pieces', parts: ['{', '"paths":[', ']}'], expected: { kubernetes, paths: [] } },
    { name: 'an empty object', parts: ['{}'], expected: { kubernetes } },
  ];
  for (const { name, parts, expected } of cases)
    test(name, async () => {
      const text = await withFields(chunked(parts), { kubernetes }).text();
      assert.ok(text.startsWith('{"kubernetes":{"version":"1.35","features":{'), text);
      assert.deepEqual(JSON.parse(text), expected);
    });

  test('with stale data: "stale" first, then "kubernetes" (the order of the CLI, which has no stale)', async () => {
    const text = await markStale(withFields(chunked(['{"a":1}']), { kubernetes }), stale).text();
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['stale', 'kubernetes', 'a']);
  });

  test('errors and CSV are left as they are', async () => {
    const error = chunked(['{"error":"bad"}'], 'application/json', 400);
    assert.equal(withFields(error, { kubernetes }), error);
    const csv = chunked(['a,b\n'], 'text/csv');
    assert.equal(withFields(csv, { kubernetes }), csv);
  });
});
