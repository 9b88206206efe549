// The two requests a watch cache makes, list and watch, over the kubeconfig's connection settings
// (client-node applies the TLS material, tokens and exec credential plugins to every request). A
// list body is never held whole: its items stream through the same scanner as snapshot files, each
// parsed on its own; watch events arrive one JSON object per line.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { TLSSocket } from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import { scanJsonItems } from '../files/json-items';

/** An HTTP status from the API server, with its Status reason ("Forbidden", "Expired", …). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
    /** The server's Retry-After (a 429 from Priority and Fairness, a 503 while it starts), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * A request that stopped getting bytes: `connect` when the TCP connection or the TLS handshake did
 * not complete within the bound, `idle` when the server sent nothing for that long (before its
 * answer started, or within a started answer).
 */
export class TransportTimeout extends Error {
  override readonly name = 'TransportTimeout';
  constructor(
    readonly phase: 'connect' | 'idle',
    readonly ms: number,
  ) {
    super(phase === 'connect' ? `no connection within ${ms / 1000} s` : `no data for ${ms / 1000} s`);
  }
}

/**
 * How long a request may wait. TCP keep-alive cannot tell: the kernel of a stopped process, and
 * any relay, answer its probes. client-go bounds the same phases (net.Dialer's Timeout,
 * TLSHandshakeTimeout, and the reflector's own watch timeout).
 */
export interface Timeouts {
  /** TCP connect and TLS handshake of a new connection. */
  connectMs: number;
  /** No byte of a list or a document (or of its start) for this long. */
  idleMs: number;
  /**
   * No byte of a watch for this long: it is resumed from where it was. The server sends a bookmark
   * about a minute apart only while the resource's resourceVersion moves (cacher.go: a bookmark not
   * newer than what the watcher saw is not sent), so a quiet kind's watch is resumed every 75 s;
   * the server itself is probed after 5 s of silence (server-health.ts).
   */
  watchIdleMs: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, idleMs: 30_000, watchIdleMs: 75_000 };

/** What /readyz says: the server answers and is ready, or why not. */
/**
 * What /readyz says: the server answers and is ready, or why not; `answered`: it sent an HTTP
 * answer (not ready), as opposed to none at all (unreachable, hung).
 */
export type Health = { ok: true; retryAfterMs?: number } | { ok: false; reason: string; answered: boolean };

export interface ListPage {
  resourceVersion: string;
  continue?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

export interface Transport {
  readonly server: string;
  /** One page of a list; each item (parsed JSON, or undefined when not an object) goes to `onItem`. */
  list(
    path: string,
    query: Record<string, string>,
    onItem: (item: unknown) => void,
    signal: AbortSignal,
  ): Promise<ListPage>;
  /**
   * Resolves when the server ends the watch; rejects on an HTTP error or a broken connection.
   * `onOpen` is called once the server has accepted it (its response started).
   */
  watch(
    path: string,
    query: Record<string, string>,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void>;
  /** Asks the server whether it is ready (/readyz), within `signal`. Absent from transports that only list. */
  health?(signal: AbortSignal): Promise<Health>;
  /**
   * One small JSON document (discovery, /version) with `accept` as the Accept header; with `etag`,
   * `unchanged` when the server says it has not changed (304). Absent from transports that only list.
   */
  document?(path: string, accept: string, signal: AbortSignal, etag?: string): Promise<FetchedDocument>;
  /**
   * A text document (/metrics) a line at a time, never held whole; `onLine` returns false to stop
   * reading (the rest is not fetched). Rejects with ApiError on an HTTP error. Absent from
   * transports that only list.
   */
  lines?(path: string, accept: string, signal: AbortSignal, onLine: (line: string) => boolean): Promise<void>;
  /**
   * POSTs `body` as JSON (a review: TokenReview, SubjectAccessReview, which the server answers
   * without storing anything) and resolves with the parsed JSON answer; rejects with ApiError on an
   * HTTP error. Absent from transports that only list.
   */
  post?(path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
}

export type FetchedDocument =
  { unchanged: true } | { unchanged: false; body: unknown; contentType: string; etag?: string };

interface Status {
  message?: string;
  reason?: string;
  code?: number;
}

async function readBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry-After in seconds (the API server never sends a date), in ms. */
function retryAfterMs(res: http.IncomingMessage): number | undefined {
  const seconds = Number(res.headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 600) * 1000 : undefined;
}

async function apiError(res: http.IncomingMessage): Promise<ApiError> {
  const status = res.statusCode ?? 0;
  let body: Status = {};
  try {
    body = JSON.parse(await readBody(res)) as Status;
  } catch {
    // Not a Status object (a proxy's HTML page, say): the HTTP status says enough.
  }
  const message = body.message || `HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trim();
  return new ApiError(status, message, body.reason, retryAfterMs(res));
}

/** /readyz's failed checks ("[-]etcd failed: reason withheld" gives "etcd failed: reason withheld"). */
function failedChecks(body: string): string[] {
  return body
    .split('\n')
    .filter((l) => l.startsWith('[-]'))
    .map((l) => l.slice(3));
}

/**
 * Why /readyz said not ready: at most three failed checks, printable and short (the text is the
 * server's, and it is shown on pages and in logs).
 */
function notReady(server: string, status: number, failed: readonly string[]): string {
  const checks = failed.slice(0, 3).map((l) => l.replace(/[^\x20-\x7e]/g, '').slice(0, 100));
  return `the API server at ${server} is not ready (HTTP ${status}${checks.length > 0 ? `: [-]${checks.join('; [-]')}` : ''})`;
}

/**
 * `background`: the connections must not keep the process alive (a server shuts down when its
 * HTTP server closes; a one-shot CLI read, which awaits its lists, leaves it false).
 */
export function kubeTransport(kc: KubeConfig, background = false, timeouts: Timeouts = DEFAULT_TIMEOUTS): Transport {
  const server = kc.getCurrentCluster()?.server ?? '';
  const get = getter(kc, server, background, timeouts);
  return {
    server,
    list: (path, query, onItem, signal) => listPage(get, path, query, onItem, signal),
    document: (path, accept, signal, etag) => fetchDocument(get, path, accept, signal, etag),
    health: (signal) => readyz(get, server, signal),
    lines: (path, accept, signal, onLine) => textLines(get, path, accept, signal, onLine),
    post: (path, body, signal) => postJson(get, path, body, signal),
    watch: (path, query, onEvent, signal, onOpen) =>
      watchLines(get, path, query, onEvent, signal, onOpen, timeouts.watchIdleMs),
  };
}

/** A request body: sent with POST (the only method besides GET this transport uses). */
interface Sent {
  contentType: string;
  data: Buffer;
}

/** A response whose start is bounded by `answerMs` and whose silences by `idleMs`. */
type Get = (
  path: string,
  query: Record<string, string>,
  signal: AbortSignal,
  headers?: Record<string, string>,
  idleMs?: number,
  sent?: Sent,
) => Promise<http.IncomingMessage>;

function getter(kc: KubeConfig, server: string, background: boolean, timeouts: Timeouts): Get {
  let agent: http.Agent | undefined;
  return async (path, query, signal, headers = { accept: 'application/json' }, idleMs = timeouts.idleMs, sent) => {
    const url = new URL(server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // Applied per request: tokens from exec plugins and token files can change while we run.
    const opts: https.RequestOptions = {
      headers: sent
        ? { ...headers, 'content-type': sent.contentType, 'content-length': String(sent.data.byteLength) }
        : headers,
    };
    await kc.applyToHTTPSOptions(opts);
    agent ??= opts.agent as http.Agent;
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      let answer: http.IncomingMessage | undefined;
      const method = sent ? 'POST' : 'GET';
      const req = send(url, { ...opts, agent, method, signal }, (res) => resolve((answer = res)));
      req.on('socket', (socket) => {
        if (background) socket.unref();
        boundConnect(req, socket, timeouts.connectMs);
      });
      // The socket's idle timer runs once it is connected, until the response ends. A started
      // answer's reader would see only "aborted" (ECONNRESET): it is given the timeout itself.
      req.setTimeout(idleMs, () => {
        const timeout = new TransportTimeout('idle', idleMs);
        answer?.destroy(timeout);
        req.destroy(timeout);
      });
      req.on('error', reject);
      req.end(sent?.data);
    });
  };
}

async function listPage(
  get: Get,
  path: string,
  query: Record<string, string>,
  onItem: (item: unknown) => void,
  signal: AbortSignal,
): Promise<ListPage> {
  const res = await get(path, query, signal);
  if (res.statusCode !== 200) throw await apiError(res);
  let scan;
  try {
    scan = await scanJsonItems(res, (item) => onItem('text' in item ? JSON.parse(item.text) : undefined));
  } finally {
    res.destroy();
  }
  const meta = (JSON.parse(scan.rest) as { metadata?: { resourceVersion?: string; continue?: string } }).metadata;
  return { resourceVersion: meta?.resourceVersion ?? '', ...(meta?.continue && { continue: meta.continue }) };
}

async function textLines(
  get: Get,
  path: string,
  accept: string,
  signal: AbortSignal,
  onLine: (line: string) => boolean,
): Promise<void> {
  const res = await get(path, {}, signal, { accept });
  if (res.statusCode !== 200) throw await apiError(res);
  const reader = createInterface({ input: res, crlfDelay: Infinity });
  try {
    for await (const line of reader) if (!onLine(line)) break;
  } finally {
    reader.close();
    res.destroy();
  }
}

async function fetchDocument(
  get: Get,
  path: string,
  accept: string,
  signal: AbortSignal,
  etag?: string,
): Promise<FetchedDocument> {
  const res = await get(path, {}, signal, { accept, ...(etag && { 'if-none-match': etag }) });
  if (res.statusCode === 304) {
    res.resume();
    return { unchanged: true };
  }
  if (res.statusCode !== 200) throw await apiError(res);
  const body: unknown = JSON.parse(await readBody(res));
  const tag = res.headers.etag;
  return { unchanged: false, body, contentType: res.headers['content-type'] ?? '', ...(tag && { etag: tag }) };
}

async function postJson(get: Get, path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
  const sent = { contentType: 'application/json', data: Buffer.from(JSON.stringify(body), 'utf8') };
  const res = await get(path, {}, signal, { accept: 'application/json' }, undefined, sent);
  // 201 Created is what a review answers (it is created and returned, never stored).
  if (res.statusCode !== 200 && res.statusCode !== 201) throw await apiError(res);
  return JSON.parse(await readBody(res)) as unknown;
}

async function readyz(get: Get, server: string, signal: AbortSignal): Promise<Health> {
  let res: http.IncomingMessage;
  try {
    res = await get('/readyz', {}, signal, { accept: 'text/plain' });
  } catch (e) {
    return { ok: false, reason: unreachable(server, e), answered: false };
  }
  const status = res.statusCode ?? 0;
  const body = await readBody(res).catch(() => '');
  if (status === 429) return { ok: true, ...optional(retryAfterMs(res)) };
  // 401, 403, 404: the server answers (a cluster may hide /readyz); the watches say the rest.
  if (status < 500) return { ok: true };
  const failed = failedChecks(body);
  // A server shutting down gracefully still serves (--shutdown-delay-duration) while its load
  // balancer moves clients to another: not an outage of the cluster.
  if (failed.length > 0 && failed.every((c) => c.startsWith('shutdown '))) return { ok: true };
  return { ok: false, reason: notReady(server, status, failed), answered: true };
}

async function watchLines(
  get: Get,
  path: string,
  query: Record<string, string>,
  onEvent: (event: WatchEvent) => void,
  signal: AbortSignal,
  onOpen: (() => void) | undefined,
  idleMs: number,
): Promise<void> {
  const res = await get(path, { ...query, watch: 'true' }, signal, undefined, idleMs);
  if (res.statusCode !== 200) throw await apiError(res);
  onOpen?.();
  const lines = createInterface({ input: res, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      onEvent(JSON.parse(line) as WatchEvent);
    }
  } finally {
    res.destroy();
  }
}

/** A new connection must connect and finish its TLS handshake within `ms`; a reused one already has. */
function boundConnect(req: http.ClientRequest, socket: Socket, ms: number): void {
  if (!socket.connecting) return;
  const timer = setTimeout(() => req.destroy(new TransportTimeout('connect', ms)), ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', done);
  socket.once('close', done);
}

function optional(retryAfterMs: number | undefined): { retryAfterMs?: number } {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}

/** Why a request never got an answer: a timeout, or the socket's error code. */
export function unreachable(server: string, e: unknown): string {
  if (e instanceof TransportTimeout) return `the API server at ${server} gave ${e.message}`;
  const err = e as Error & { code?: string; cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return `the API server at ${server} did not answer in time`;
  return `cannot reach the API server at ${server}: ${err.code ?? err.cause?.code ?? err.message}`;
}
