import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { json } from './api';
import { statusOnly } from './readiness-public';

describe('statusOnly: /api/readyz for a caller without a verified viewer (token mode)', () => {
  test('keeps the status and the HTTP status, drops every detail of the cluster', async () => {
    const detail = {
      status: 'stale',
      reason: 'watch of roles failed: dial tcp 10.0.0.1:6443',
      source: 'kubeconfig context prod (https://10.0.0.1:6443)',
      kubernetes: { version: 'v1.36.3' },
      missing: [{ kind: 'Role', reason: 'forbidden' }],
      watches: [{ kind: 'Role', error: 'connection refused' }],
    };
    const res = await statusOnly(json(detail, 503));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), { status: 'stale' });
  });
  test('ready stays 200; an error body keeps only its status', async () => {
    const ok = await statusOnly(json({ status: 'ok', source: 'demo', complete: true }));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'ok' });
    const unreadable = await statusOnly(json({ status: 'unreadable', error: 'context prod: no such context' }, 503));
    assert.deepEqual([unreadable.status, await unreadable.json()], [503, { status: 'unreadable' }]);
    const text = await statusOnly(new Response('boom', { status: 500 }));
    assert.deepEqual([text.status, await text.json()], [500, { status: 'unknown' }]);
  });
});
