// A stand-in for kube-apiserver's list and watch, for benchmarks at a scale the local control plane
// cannot hold: the seven kinds served from memory over plain HTTP, lists paged with limit/continue
// and a resourceVersion, watches from a resourceVersion (410 Gone when older than the event log
// keeps), bookmarks, and changes pushed by the benchmark. Correctness is proven against the real
// API server; this is for scale only.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scanJsonItems } from '@/lib/k8s/files/json-items';
import { apiVersionOf, KNOWN_KINDS, listPath, type KnownKind } from '@/lib/k8s/kinds/objects';

interface Stored {
  namespace?: string;
  name: string;
  /** The object as JSON, with its metadata.resourceVersion. */
  json: string;
}

interface Watcher {
  kind: KnownKind;
  res: ServerResponse;
}

const LOG_SIZE = 50_000;
const HEALTH_PATHS = new Set(['/readyz', '/livez', '/healthz']);

export interface StandIn {
  url: string;
  /** Objects per kind. */
  counts(): Record<string, number>;
  /** The first `n` objects of a kind, as stored (parsed afresh). */
  sample(kind: KnownKind, n: number): Record<string, unknown>[];
  /** Adds or replaces (`MODIFIED` when it existed), or deletes, one object; watchers see it at once. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>): void;
  kubeconfig(): string;
  close(): Promise<void>;
}

function kindOfPath(pathname: string): KnownKind | undefined {
  return KNOWN_KINDS.find((k) => listPath(k) === pathname);
}

const keyOf = (meta: { namespace?: string; name: string }) =>
  meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;

/** The objects by kind, the resourceVersion, the event log a watch replays from, and the open watches. */
class Store {
  readonly byKind = new Map<KnownKind, Map<string, Stored>>(KNOWN_KINDS.map((k) => [k, new Map()]));
  private rv = 1;
  private readonly log: { rv: number; kind: KnownKind; line: string }[] = [];
  readonly watchers = new Set<Watcher>();

  put(object: Record<string, unknown>): { kind: KnownKind; stored: Stored } | undefined {
    const kind = object.kind as KnownKind;
    if (!this.byKind.has(kind)) return undefined;
    const meta = object.metadata as { namespace?: string; name: string; resourceVersion?: string };
    meta.resourceVersion = String(++this.rv);
    const stored = {
      ...(meta.namespace && { namespace: meta.namespace }),
      name: meta.name,
      json: JSON.stringify(object),
    };
    this.byKind.get(kind)!.set(keyOf(meta), stored);
    return { kind, stored };
  }

  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>): void {
    let kind: KnownKind;
    let json: string;
    if (type === 'DELETED') {
      kind = object.kind as KnownKind;
      const meta = object.metadata as { namespace?: string; name: string; resourceVersion?: string };
      this.byKind.get(kind)?.delete(keyOf(meta));
      meta.resourceVersion = String(++this.rv);
      json = JSON.stringify(object);
    } else {
      const put = this.put(object);
      if (!put) return;
      kind = put.kind;
      json = put.stored.json;
    }
    const line = `{"type":"${type}","object":${json}}\n`;
    this.log.push({ rv: this.rv, kind, line });
    if (this.log.length > LOG_SIZE) this.log.shift();
    for (const w of this.watchers) if (w.kind === kind) w.res.write(line);
  }

  list(kind: KnownKind, query: URLSearchParams, res: ServerResponse): void {
    const limit = Number(query.get('limit') ?? '0') || Infinity;
    const offset = Number(query.get('continue') ?? '0') || 0;
    const all = [...this.byKind.get(kind)!.values()];
    const page = all.slice(offset, offset + limit);
    const next = offset + page.length < all.length ? String(offset + page.length) : '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      `{"kind":"${kind}List","apiVersion":"${apiVersionOf(kind)}","metadata":{"resourceVersion":"${this.rv}"${next ? `,"continue":"${next}"` : ''}},"items":[${page.map((s) => s.json).join(',')}]}`,
    );
  }

  /** Replays the log after the asked resourceVersion (410 when the log no longer reaches it), then follows. */
  watch(kind: KnownKind, query: URLSearchParams, res: ServerResponse): void {
    const from = Number(query.get('resourceVersion') ?? '0');
    const oldest = this.log[0]?.rv ?? this.rv;
    if (from > 0 && from < oldest - 1) {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const e of this.log) if (e.kind === kind && e.rv > from) res.write(e.line);
    const watcher = { kind, res };
    this.watchers.add(watcher);
    const bookmark = setInterval(() => {
      const object = { kind, apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } };
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
    }, 30_000);
    const seconds = Number(query.get('timeoutSeconds') ?? '300');
    const end = setTimeout(() => res.end(), seconds * 1000);
    res.on('close', () => {
      clearInterval(bookmark);
      clearTimeout(end);
      this.watchers.delete(watcher);
    });
  }
}

/**
 * Serves a snapshot file's objects, or the objects given (the synthetic generator's, with no file in
 * between: a 10,000-namespace world is 228 MB of JSON to write and read back).
 */
export async function startStandIn(world: string | AsyncIterable<Record<string, unknown>>): Promise<StandIn> {
  const store = new Store();
  if (typeof world === 'string')
    await scanJsonItems(world, (item) => {
      if ('text' in item) store.put(JSON.parse(item.text) as Record<string, unknown>);
    });
  else for await (const object of world) store.put(object);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    // The app asks /readyz when its watches go quiet; answered as kube-apiserver does, not by a 404.
    if (HEALTH_PATHS.has(url.pathname)) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const kind = kindOfPath(url.pathname);
    if (!kind) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: `no route ${url.pathname}` }));
      return;
    }
    if (url.searchParams.get('watch') === 'true') store.watch(kind, url.searchParams, res);
    else store.list(kind, url.searchParams, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    counts: () => Object.fromEntries([...store.byKind].map(([k, m]) => [k, m.size])),
    sample: (kind, n) =>
      [...store.byKind.get(kind)!.values()].slice(0, n).map((s) => JSON.parse(s.json) as Record<string, unknown>),
    apply: (type, object) => store.apply(type, object),
    kubeconfig: () => standInKubeconfig(url),
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of store.watchers) w.res.destroy();
        server.close(() => resolve());
      }),
  };
}

function standInKubeconfig(url: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: stand-in
  cluster: {server: "${url}", insecure-skip-tls-verify: true}
users:
- name: bench
  user: {token: bench}
contexts:
- name: stand-in
  context: {cluster: stand-in, user: bench}
current-context: stand-in
`;
}
