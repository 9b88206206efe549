// A stand-in for kube-apiserver's list and watch, for benchmarks at a scale the local control plane
// cannot hold: the seven kinds served from memory over plain HTTP, lists paged with limit/continue
// and a resourceVersion, watches from a resourceVersion (410 Gone when older than the event log
// keeps), bookmarks, and changes pushed by the benchmark. Correctness is proven against the real
// API server; this is for scale only.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scanJsonItems } from '@/lib/k8s/files/json-items';
import { KIND_API, KNOWN_KINDS, listPath, type KnownKind } from '@/lib/k8s/kinds/objects';

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

export async function startStandIn(snapshotFile: string): Promise<StandIn> {
  const store = new Map<KnownKind, Map<string, Stored>>(KNOWN_KINDS.map((k) => [k, new Map()]));
  let rv = 1;
  const log: { rv: number; kind: KnownKind; line: string }[] = [];
  const watchers = new Set<Watcher>();

  const keyOf = (meta: { namespace?: string; name: string }) =>
    meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;

  function put(object: Record<string, unknown>): { kind: KnownKind; stored: Stored } | undefined {
    const kind = object.kind as KnownKind;
    if (!store.has(kind)) return undefined;
    const meta = object.metadata as { namespace?: string; name: string; resourceVersion?: string };
    meta.resourceVersion = String(++rv);
    const stored = {
      ...(meta.namespace && { namespace: meta.namespace }),
      name: meta.name,
      json: JSON.stringify(object),
    };
    store.get(kind)!.set(keyOf(meta), stored);
    return { kind, stored };
  }

  await scanJsonItems(snapshotFile, (item) => {
    if ('text' in item) put(JSON.parse(item.text) as Record<string, unknown>);
  });

  function list(kind: KnownKind, query: URLSearchParams, res: ServerResponse) {
    const limit = Number(query.get('limit') ?? '0') || Infinity;
    const offset = Number(query.get('continue') ?? '0') || 0;
    const all = [...store.get(kind)!.values()];
    const page = all.slice(offset, offset + limit);
    const next = offset + page.length < all.length ? String(offset + page.length) : '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      `{"kind":"${kind}List","apiVersion":"${KIND_API[kind].group ? `${KIND_API[kind].group}/` : ''}${KIND_API[kind].version}","metadata":{"resourceVersion":"${rv}"${next ? `,"continue":"${next}"` : ''}},"items":[${page.map((s) => s.json).join(',')}]}`,
    );
  }

  function watch(kind: KnownKind, query: URLSearchParams, res: ServerResponse) {
    const from = Number(query.get('resourceVersion') ?? '0');
    const oldest = log[0]?.rv ?? rv;
    if (from > 0 && from < oldest - 1) {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const e of log) if (e.kind === kind && e.rv > from) res.write(e.line);
    const watcher = { kind, res };
    watchers.add(watcher);
    const bookmark = setInterval(() => {
      res.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion: 'v1', metadata: { resourceVersion: String(rv) } } })}\n`,
      );
    }, 30_000);
    const seconds = Number(query.get('timeoutSeconds') ?? '300');
    const end = setTimeout(() => res.end(), seconds * 1000);
    res.on('close', () => {
      clearInterval(bookmark);
      clearTimeout(end);
      watchers.delete(watcher);
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const kind = kindOfPath(url.pathname);
    if (!kind) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: `no route ${url.pathname}` }));
      return;
    }
    if (url.searchParams.get('watch') === 'true') watch(kind, url.searchParams, res);
    else list(kind, url.searchParams, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    counts: () => Object.fromEntries([...store].map(([k, m]) => [k, m.size])),
    sample: (kind, n) =>
      [...store.get(kind)!.values()].slice(0, n).map((s) => JSON.parse(s.json) as Record<string, unknown>),
    apply(type, object) {
      let kind: KnownKind;
      let json: string;
      if (type === 'DELETED') {
        kind = object.kind as KnownKind;
        const meta = object.metadata as { namespace?: string; name: string; resourceVersion?: string };
        store.get(kind)?.delete(keyOf(meta));
        meta.resourceVersion = String(++rv);
        json = JSON.stringify(object);
      } else {
        const put1 = put(object);
        if (!put1) return;
        kind = put1.kind;
        json = put1.stored.json;
      }
      const line = `{"type":"${type}","object":${json}}\n`;
      log.push({ rv, kind, line });
      if (log.length > LOG_SIZE) log.shift();
      for (const w of watchers) if (w.kind === kind) w.res.write(line);
    },
    kubeconfig: () => `apiVersion: v1
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
`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of watchers) w.res.destroy();
        server.close(() => resolve());
      }),
  };
}
