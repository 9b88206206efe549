// How the server stops: Next.js' own SIGTERM/SIGINT handler (next/dist/server/lib/start-server.js)
// calls server.close() and exits once it calls back, which waits for every connection Node does not
// count as idle. Node counts a connection on which no request has begun yet as busy until its
// headersTimeout (60 s, checked every 30 s: node's lib/_http_server.js checkConnections), and
// Chromium opens such connections ahead of need: one browser tab kept the server up 40 s after
// SIGTERM, past what a test or a pod's grace period waits. So on the same signals, connections that
// never carried a byte are closed at once, each other one as soon as its request has been answered,
// and a request still running after DRAIN_MS is cut, so the server always exits well inside
// Kubernetes' default 30 s grace.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long requests under way may finish after the signal before their connections are closed. */
export const DRAIN_MS = 5_000;

const IDLE_CHECK_MS = 100;

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

interface Signals {
  once(signal: (typeof STOP_SIGNALS)[number], listener: () => void): unknown;
}

export function drainOnStop(server: Server, signals: Signals = process, drainMs = DRAIN_MS): void {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    // server.close() closes the connections idle when it is called; one whose request ends later
    // would stay open for its keep-alive timeout.
    const idle = setInterval(() => server.closeIdleConnections(), IDLE_CHECK_MS).unref();
    const cut = setTimeout(() => server.closeAllConnections(), drainMs).unref();
    server.once('close', () => {
      clearInterval(idle);
      clearTimeout(cut);
    });
  };
  for (const signal of STOP_SIGNALS) signals.once(signal, stop);
}
