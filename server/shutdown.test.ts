// The drain on a real Node HTTP server closed the way Next.js closes it (server.close(), then exit
// once it calls back); only the signal is an emitter here, so the test process itself is not stopped.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { drainOnStop } from './shutdown';

async function listening(handler: http.RequestListener, drainMs: number) {
  const server = http.createServer(handler);
  const signals = new EventEmitter();
  drainOnStop(server, signals, drainMs);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const open = () =>
    new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', () => {});
    });
  /** Sends the signal, closes as Next.js does, and resolves with how long close took. */
  const stop = async () => {
    const start = performance.now();
    signals.emit('SIGTERM');
    await new Promise<void>((r) => server.close(() => r()));
    return performance.now() - start;
  };
  return { open, stop };
}

test('a connection that never sent a request (a browser preconnect) does not hold the server open', async () => {
  const { open, stop } = await listening((_req, res) => res.end('ok'), 10_000);
  const socket = await open();
  const closed = new Promise((r) => socket.once('close', r));
  const took = await stop();
  await closed;
  assert.ok(took < 1_000, `close took ${took} ms`);
});

test('a request under way finishes inside the drain', async () => {
  const { open, stop } = await listening((_req, res) => setTimeout(() => res.end('finished'), 300), 5_000);
  const socket = await open();
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await new Promise((r) => setTimeout(r, 50));
  const took = await stop();
  assert.match(answer, /finished$/);
  assert.ok(took >= 250 && took < 2_000, `close took ${took} ms`);
});

test('a request that never ends is cut when the drain is over', async () => {
  const { open, stop } = await listening(() => {}, 400);
  const socket = await open();
  socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
  await new Promise((r) => setTimeout(r, 50));
  const took = await stop();
  assert.ok(took >= 350 && took < 3_000, `close took ${took} ms`);
  assert.ok(socket.destroyed || (await new Promise((r) => socket.once('close', () => r(true)))));
});
