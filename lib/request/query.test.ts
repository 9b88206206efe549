import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { searchParamsOf } from '@/lib/views/search-params';
import { parseRequestQuery } from './query';

describe('request query parameters', () => {
  test('a repeated parameter means its first value, for the API and pages alike', () => {
    const url = new URLSearchParams('verb=get&verb=delete&resource=pods&resource=secrets');
    const fromApi = parseRequestQuery(url);
    const fromPage = parseRequestQuery(searchParamsOf(url));
    assert.deepEqual(fromApi, fromPage);
    assert.ok(fromApi.ok);
    assert.equal(fromApi.value.request.verb, 'get');
    assert.equal(fromApi.value.request.kind === 'resource' && fromApi.value.request.resource, 'pods');
  });

  test('errors say what was missing, or what was given twice', () => {
    const error = (q: string) => {
      const r = parseRequestQuery(new URLSearchParams(q));
      return r.ok ? 'ok' : r.error;
    };
    assert.match(error('verb=get'), /^resource or path is required/);
    assert.match(error('resource=pods'), /^verb is required/);
    assert.match(error('verb=get&resource=pods&path=/healthz'), /not both/);
    assert.equal(error('verb=get&path=/healthz'), 'ok');
  });
});
