import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { searchParamsOf } from '@/lib/web/search-params';
import { parseApiRequestQuery, parseRequestQuery, requestQuery } from './query';

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

describe('the query of a request as answered asks the same again', () => {
  const cases: { name: string; query: string; again: string }[] = [
    {
      name: 'a resolved name: its plural',
      query: 'verb=get&resource=secret&namespace=a',
      again: 'verb=get&resource=secrets&namespace=a',
    },
    { name: 'its group', query: 'verb=get&resource=deploy', again: 'verb=get&resource=deployments&group=apps' },
    {
      name: 'a subresource',
      query: 'verb=create&resource=po/exec&namespace=a',
      again: 'verb=create&resource=pods&subresource=exec&namespace=a',
    },
    { name: 'a URL', query: 'verb=get&path=/metrics', again: 'verb=get&path=%2Fmetrics' },
    {
      name: 'an unknown verb: literal',
      query: 'verb=gett&resource=secrets',
      again: 'verb=gett&resource=secrets&literal=true',
    },
    {
      name: 'core deployments as given: literal',
      query: 'verb=get&resource=deployments&literal=true',
      again: 'verb=get&resource=deployments&literal=true',
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const r = parseRequestQuery(new URLSearchParams(c.query));
      assert.ok(r.ok);
      const q = requestQuery(r.value.request);
      assert.equal(q.toString(), c.again);
      const again = parseRequestQuery(q);
      assert.ok(again.ok);
      assert.deepEqual(again.value.request, r.value.request);
    });
});

describe("constrained impersonation's words in the query", () => {
  const cases: [string, string][] = [
    [
      'the identity check',
      'verb=impersonate:serviceaccount&resource=serviceaccounts.authentication.k8s.io&namespace=payments',
    ],
    ['the action check', 'verb=impersonate-on:serviceaccount:list&resource=secrets&namespace=payments'],
    [
      'a user-extra key as the subresource',
      'verb=impersonate:user-info&resource=userextras.authentication.k8s.io&subresource=scopes.example.com',
    ],
    ['the same key in resource', 'verb=impersonate&resource=userextras.authentication.k8s.io/scopes.example.com'],
  ];
  for (const [name, q] of cases)
    test(`${name}: accepted, without a warning`, () => {
      const r = parseApiRequestQuery(new URLSearchParams(q));
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.value.warnings, []);
    });
  test('still refused: a verb with a slash, a subresource with capitals', () => {
    assert.ok(!parseApiRequestQuery(new URLSearchParams('verb=get/x&resource=pods')).ok);
    assert.ok(!parseApiRequestQuery(new URLSearchParams('verb=get&resource=pods&subresource=Exec')).ok);
  });
});
