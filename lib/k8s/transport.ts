// The two requests a watch cache makes, list and watch, over the kubeconfig's connection settings
// (client-node applies the TLS material, tokens and exec credential plugins to every request). A
// list body is never held whole: its items stream through the same scanner as snapshot files, each
// parsed on its own; watch events arrive one JSON object per line.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { scanJsonItems } from './json-items';

/** An HTTP status from the API server, with its Status reason ("Forbidden", "Expired", …). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

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
  /** Resolves when the server ends the watch; rejects on an HTTP error or a broken connection. */
  watch(
    path: string,
    query: Record<string, string>,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /**
   * One small JSON document (discovery, /version) with `accept` as the Accept header; with `etag`,
   * `unchanged` when the server says it has not changed (304). Absent from transports that only list.
   */
  document?(path: string, accept: string, signal: AbortSignal, etag?: string): Promise<FetchedDocument>;
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

async function apiError(res: http.IncomingMessage): Promise<ApiError> {
  const status = res.statusCode ?? 0;
  let body: Status = {};
  try {
    body = JSON.parse(await readBody(res)) as Status;
  } catch {
    // Not a Status object (a proxy's HTML page, say): the HTTP status says enough.
  }
  return new ApiError(status, body.message || `HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trim(), body.reason);
}

/**
 * `background`: the connections must not keep the process alive (a server shuts down when its
 * HTTP server closes; a one-shot CLI read, which awaits its lists, leaves it false).
 */
export function kubeTransport(kc: KubeConfig, background = false): Transport {
  const server = kc.getCurrentCluster()?.server ?? '';
  let agent: http.Agent | undefined;

  async function get(
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
    headers: Record<string, string> = { accept: 'application/json' },
  ) {
    const url = new URL(server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // Applied per request: tokens from exec plugins and token files can change while we run.
    const opts: https.RequestOptions = { headers };
    await kc.applyToHTTPSOptions(opts);
    agent ??= opts.agent as http.Agent;
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = send(url, { ...opts, agent, method: 'GET', signal }, resolve);
      if (background) req.on('socket', (socket) => socket.unref());
      req.on('error', reject);
      req.end();
    });
  }

  return {
    server,
    async list(path, query, onItem, signal) {
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
    },
    async document(path, accept, signal, etag) {
      const res = await get(path, {}, signal, { accept, ...(etag && { 'if-none-match': etag }) });
      if (res.statusCode === 304) {
        res.resume();
        return { unchanged: true };
      }
      if (res.statusCode !== 200) throw await apiError(res);
      const body: unknown = JSON.parse(await readBody(res));
      const tag = res.headers.etag;
      return { unchanged: false, body, contentType: res.headers['content-type'] ?? '', ...(tag && { etag: tag }) };
    },
    async watch(path, query, onEvent, signal) {
      const res = await get(path, { ...query, watch: 'true' }, signal);
      if (res.statusCode !== 200) throw await apiError(res);
      res.socket.setKeepAlive(true, 30_000);
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          if (line.trim() === '') continue;
          onEvent(JSON.parse(line) as WatchEvent);
        }
      } finally {
        res.destroy();
      }
    },
  };
}
