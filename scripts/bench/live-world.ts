// The live benchmark's world: a stand-in list/watch server holding the synthetic cluster of N
// namespaces (or a snapshot file's objects), and the production server (`main.mjs`) watching it,
// timed from start to /api/readyz 200. The app is seen from outside only: HTTP, /proc, and the
// heap figure the preloaded heap-probe.mjs writes.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type AppServer } from '@/e2e/fixtures/app-server';
import { KNOWN_KINDS, listPath } from '@/lib/k8s/kinds/objects';
import { startStandIn, type StandIn } from './stand-in-server';
import { syntheticObjects } from './synthetic-cluster';

const HEAP_PROBE = path.join(import.meta.dirname, 'heap-probe.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LiveWorld {
  standIn: StandIn;
  app: AppServer;
  /** Server start to /api/readyz 200. */
  syncMs: number;
  /** A bare client listing every page of every kind (fetch and JSON.parse, nothing kept). */
  bareListMs: number;
  /** The app's main-thread V8 heap, MiB, as the probe last wrote it (NaN when it wrote nothing). */
  heapUsed(): Promise<number>;
  stop(): Promise<void>;
}

/** Every page of every kind fetched and parsed, as a bare client would, in parallel: the baseline. */
async function bareList(url: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    KNOWN_KINDS.map(async (kind) => {
      let token = '';
      do {
        const res = await fetch(`${url}${listPath(kind)}?limit=500${token ? `&continue=${token}` : ''}`);
        const body = (await res.json()) as { metadata: { continue?: string } };
        token = body.metadata.continue ?? '';
      } while (token);
    }),
  );
  return performance.now() - t0;
}

async function untilReady(app: AppServer, started: number): Promise<number> {
  let status = 0;
  while ((status = (await fetch(`${app.baseURL}/api/readyz`)).status) !== 200) {
    if (performance.now() - started > 600_000) throw new Error(`not synced after 600 s (readyz ${status})`);
    await sleep(100);
  }
  return performance.now() - started;
}

/**
 * `snapshot`: serve that file's objects instead of the synthetic world (say /tmp/c10k.json).
 * `nodeOptions`: more NODE_OPTIONS for the app (say --max-old-space-size=400).
 */
export async function startLiveWorld(
  namespaces: number,
  { snapshot, nodeOptions = '' }: { snapshot?: string; nodeOptions?: string } = {},
): Promise<LiveWorld> {
  const standIn = await startStandIn(snapshot && existsSync(snapshot) ? snapshot : syntheticObjects(namespaces));
  const bareListMs = await bareList(standIn.url);
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-live-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const heapFile = path.join(dir, 'heap.json');
  await writeFile(kubeconfig, standIn.kubeconfig());
  const started = performance.now();
  const app = await startApp({
    KUBECONFIG: kubeconfig,
    NODE_OPTIONS: `--import=${HEAP_PROBE} ${nodeOptions}`.trim(),
    BENCH_HEAP_FILE: heapFile,
  });
  const syncMs = await untilReady(app, started);
  const heapUsed = () =>
    readFile(heapFile, 'utf8').then(
      (text) => (JSON.parse(text) as { heapUsed: number }).heapUsed / 2 ** 20,
      () => NaN,
    );
  const stop = async () => {
    await app.stop();
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { standIn, app, syncMs, bareListMs, heapUsed, stop };
}
