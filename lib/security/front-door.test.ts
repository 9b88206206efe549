import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refusal, wellFormedTarget } from './front-door';
import { allowedHostsFromEnv, hostAllowed, hostName } from './hosts';

const hosts = allowedHostsFromEnv('atlas.example.com');
const ok = { method: 'GET', target: '/', host: 'localhost:3000' };

describe('front door', () => {
  test('only GET and HEAD, with an Allow header', () => {
    assert.equal(refusal(ok, hosts), undefined);
    assert.equal(refusal({ ...ok, method: 'HEAD' }, hosts), undefined);
    for (const method of ['POST', 'TRACE', 'CONNECT', 'OPTIONS', 'get', 'PROPFIND']) {
      const r = refusal({ ...ok, method }, hosts);
      assert.equal(r?.status, 405, method);
      assert.equal(r?.headers.allow, 'GET, HEAD');
    }
  });

  test('/api/what-if takes POST and nothing else; POST anywhere else is refused', () => {
    const whatIf = { ...ok, target: '/api/what-if' };
    assert.equal(refusal({ ...whatIf, method: 'POST' }, hosts), undefined);
    assert.equal(refusal({ ...whatIf, method: 'POST', target: '/api/what-if?x=1' }, hosts), undefined);
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'post']) {
      const r = refusal({ ...whatIf, method }, hosts);
      assert.equal(r?.status, 405, method);
      assert.equal(r?.headers.allow, 'POST');
    }
    for (const target of ['/api/what-if/', '/api/what-if/x', '/api/%77hat-if', '/what-if', '/api/diff'])
      assert.equal(refusal({ ...ok, method: 'POST', target }, hosts)?.status, 405, target);
    assert.equal(refusal({ ...whatIf, method: 'POST', host: 'evil.example' }, hosts)?.status, 421);
  });

  test('the sign-in, sign-out and token check take POST and nothing else (a GET of them is refused)', () => {
    for (const target of ['/api/session', '/api/session/end', '/api/token', '/api/session?context=x']) {
      assert.equal(refusal({ ...ok, method: 'POST', target }, hosts), undefined, target);
      for (const method of ['GET', 'DELETE', 'PUT']) {
        const r = refusal({ ...ok, method, target }, hosts);
        assert.equal(r?.status, 405, `${method} ${target}`);
        assert.equal(r?.headers.allow, 'POST');
      }
    }
    for (const target of ['/api/session/', '/api/session/x', '/sign-in', '/api/tokens'])
      assert.equal(refusal({ ...ok, method: 'POST', target }, hosts)?.status, 405, target);
  });

  test('Host names: the allowlist, a port of digits only, none at all', () => {
    for (const h of ['localhost', 'LOCALHOST:80', '127.0.0.1:3000', '[::1]:8080', 'atlas.example.com', 'localhost:'])
      assert.ok(hostAllowed(h, hosts), h);
    for (const h of ['evil.example', '127.0.0.1:80.evil.example', 'localhost:80@evil', '[::1]x', 'localhost.evil', ' '])
      assert.ok(!hostAllowed(h, hosts), h);
    assert.equal(hostName('127.0.0.1:3000'), '127.0.0.1');
    assert.equal(hostName('127.0.0.1:3000.evil.example'), undefined);
    assert.equal(refusal({ ...ok, host: 'evil.example' }, hosts)?.status, 421);
    assert.equal(refusal({ ...ok, host: '' }, hosts)?.status, 400);
    // The refusal never echoes the Host it was given.
    assert.ok(!refusal({ ...ok, host: '<b>evil</b>' }, hosts)?.message.includes('evil'));
  });

  test('malformed percent-encoding anywhere in the target is a 400', () => {
    for (const t of ['/namespaces/%zz', '/a/%C0%AF', '/a?b=%E0%A4', '/%', '/a%2', 'http://evil/'])
      assert.equal(refusal({ ...ok, target: t }, hosts)?.status, 400, t);
    for (const t of ['/', '/subjects/user/100%25', '/a%2Fb?x=%F0%9F%92%A3', '/who-can?verb=get&verb=list'])
      assert.ok(wellFormedTarget(t), t);
  });

  test('every refusal carries the security headers', () => {
    const r = refusal({ ...ok, method: 'TRACE' }, hosts);
    assert.equal(r?.headers['X-Content-Type-Options'], 'nosniff');
    assert.equal(r?.headers['X-Frame-Options'], 'DENY');
    assert.match(r?.headers['Content-Security-Policy'] ?? '', /default-src 'none'/);
  });
});
