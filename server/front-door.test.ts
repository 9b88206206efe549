// The front door on a real Node HTTP server, with the seam Next.js uses (http.createServer(listener)).
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { installFrontDoor } from './front-door';

function send(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('server front door', () => {
  const httpModule = { createServer: http.createServer } as typeof http;
  installFrontDoor(httpModule, new Set(['localhost']));
  let reached = 0;
  const server = httpModule.createServer((_req, res) => {
    reached++;
    res.writeHead(308, { location: '/x' });
    res.end();
  });
  let port = 0;
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  const request = (line: string, headers = 'Host: localhost') =>
    send(port, `${line}\r\n${headers}\r\nConnection: close\r\n\r\n`);

  test('what passes reaches the listener, with the security headers added', async () => {
    const out = await request('GET /ok HTTP/1.1');
    assert.match(out, /^HTTP\/1\.1 308/);
    assert.match(out, /X-Content-Type-Options: nosniff/);
    assert.match(out, /X-Frame-Options: DENY/);
    assert.equal(reached, 1);
  });

  test('TRACE, CONNECT, Upgrade, a foreign or missing Host, bad encoding and bad HTTP never reach it', async () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['TRACE / HTTP/1.1', undefined, /^HTTP\/1\.1 405/],
      ['CONNECT localhost:443 HTTP/1.1', undefined, /^HTTP\/1\.1 405/],
      ['GET / HTTP/1.1', 'Host: evil.example', /^HTTP\/1\.1 421/],
      ['GET / HTTP/1.1', 'X-No-Host: 1', /^HTTP\/1\.1 400/],
      ['GET /a/%zz HTTP/1.1', undefined, /^HTTP\/1\.1 400/],
      ['GET / HTTP/1.1', 'Host: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket', /^HTTP\/1\.1 400/],
      ['GARBAGE', undefined, /^HTTP\/1\.1 400/],
      [`GET /${'a'.repeat(20_000)} HTTP/1.1`, undefined, /^HTTP\/1\.1 431/],
    ];
    for (const [line, headers, status] of cases) {
      const out = await request(line, headers);
      assert.match(out, status, line);
      assert.match(out, /X-Frame-Options: DENY/, line);
      assert.match(out, /Content-Security-Policy: default-src 'none'/, line);
    }
    assert.equal(reached, 1);
  });
});
