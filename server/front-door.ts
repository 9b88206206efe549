// The production server's front door: every HTTP request passes lib/security's refusal() before
// Next.js sees it, static files included, and so do requests Next.js cannot represent (TRACE,
// CONNECT: the Fetch standard forbids them, and Next answers them with a 500), requests Node's
// parser rejects, and Upgrade requests (RBAC Atlas has no WebSocket endpoint). Every response,
// Next's own redirects and errors included, carries the security headers. Next.js creates
// its server inside startServer(); wrapping http.createServer before it runs is the one seam it
// leaves (next/dist/server/lib/start-server.js calls http.createServer(requestListener)).
import { STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { NO_CONTENT_POLICY, SECURITY_HEADERS } from '../lib/security/headers';
import { plainRefusal, refusal, type Refusal } from '../lib/security/front-door';
import { POST_READ_MS, POST_ROUTES, postRefusal } from '../lib/security/post-guard';

type Http = typeof http;

export function installFrontDoor(
  httpModule: Http,
  allowedHosts: ReadonlySet<string>,
  created: (server: Server) => void = () => {},
): void {
  const createServer = httpModule.createServer.bind(httpModule) as (...args: unknown[]) => Server;
  const guarded = (...args: unknown[]): Server => {
    const at = args.findIndex((a) => typeof a === 'function');
    if (at >= 0) args[at] = guard(args[at] as RequestListener, allowedHosts);
    // Node answers a request without Host itself, bare; let it through to refuse it properly.
    if (typeof args[0] !== 'object' || args[0] === null) args.unshift({});
    args[0] = { ...(args[0] as object), requireHostHeader: false };
    const server = createServer(...args);
    server.on('clientError', answerClientError);
    // Node hands CONNECT to 'connect' listeners, and closes the socket silently when there are none.
    server.on('connect', (req: IncomingMessage, socket: Duplex) => refuseUpgrade(req, socket, allowedHosts));
    // Next.js adds its own 'upgrade' listener right after creating the server: replace it.
    process.nextTick(() => {
      server.removeAllListeners('upgrade');
      server.on('upgrade', (req: IncomingMessage, socket: Duplex) => refuseUpgrade(req, socket, allowedHosts));
    });
    created(server);
    return server;
  };
  httpModule.createServer = guarded as Http['createServer'];
}

function requestLine(req: IncomingMessage) {
  return { method: req.method ?? '', target: req.url ?? '', host: req.headers.host ?? '' };
}

function guard(next: RequestListener, allowedHosts: ReadonlySet<string>): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const refused = refusal(requestLine(req), allowedHosts);
    if (!refused) {
      // Whatever Next.js answers (its own redirects and errors included) carries these; proxy.ts
      // replaces the policy with a page's own, nonce and all.
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('Content-Security-Policy', NO_CONTENT_POLICY);
      if (req.method === 'POST' && !admitPost(req, res)) return;
      return next(req, res);
    }
    res.writeHead(refused.status, refused.headers);
    res.end(req.method === 'HEAD' ? undefined : refused.message);
  };
}

function refuseUpgrade(req: IncomingMessage, socket: Duplex, allowedHosts: ReadonlySet<string>): void {
  const refused =
    refusal(requestLine(req), allowedHosts) ??
    plainRefusal(400, 'Bad Request: RBAC Atlas has no WebSocket or other Upgrade endpoint.');
  socket.end(raw(refused));
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large: the address or headers exceed 16 KiB.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout.'],
};

/** What Node's parser rejected: a deliberate answer with the usual headers, never a bare one. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request: not a valid HTTP/1.1 request.'];
  socket.end(raw(plainRefusal(status, message)));
}

/** A refusal written straight to a socket (no response object exists for these). */
function raw({ status, headers, message }: Refusal): string {
  const lines = Object.entries({
    ...headers,
    'Content-Length': String(Buffer.byteLength(message)),
    Connection: 'close',
  });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${message}`;
}

/**
 * A POST (/api/what-if, the sign-in and sign-out, the token check: POST_ROUTES), checked here before Next.js sees it: Next copies a request's body for proxy.ts
 * and waits for all of it before the route runs, so the route's own checks would come after the
 * whole upload. Refused here, its body discarded unread as it comes: another site, another type, no
 * or too large a Content-Length (Node hands on no more body than it declares). Either way the body
 * must arrive within POST_READ_MS.
 */
function admitPost(req: IncomingMessage, res: ServerResponse): boolean {
  const route = POST_ROUTES.get((req.url ?? '').split('?', 1)[0] ?? '');
  if (!route) return true;
  const one = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : null;
  };
  const refused = postRefusal(
    {
      contentType: one('content-type'),
      contentLength: one('content-length'),
      origin: one('origin'),
      secFetchSite: one('sec-fetch-site'),
      host: req.headers.host ?? '',
    },
    route,
  );
  const timer = setTimeout(() => {
    if (req.complete) return;
    answerJson(res, 408, `Request Timeout: the body did not arrive within ${POST_READ_MS / 1000} s.`);
    res.destroy();
  }, POST_READ_MS);
  res.once('close', () => clearTimeout(timer));
  if (refused) {
    // The body is discarded as it comes (never kept), so a client still sending reads the answer.
    req.resume();
    req.once('end', () => answerJson(res, refused.status, refused.error));
    return false;
  }
  return true;
}

/** A JSON refusal, as the API's own, on a connection then closed. */
function answerJson(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(JSON.stringify({ error }));
}
