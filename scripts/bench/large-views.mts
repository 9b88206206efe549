// Every view and API answer of the large-objects snapshot (large-objects.ts), one at a time, on the
// production build (`npm run build` first) with the chart's heap options: time, bytes, status, and
// the server's peak RSS after each. `tsx scripts/bench/large-views.mts [NODE_OPTIONS]`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '@/e2e/fixtures/app-server';
import { memory } from './proc';
import { largeViews } from './large-objects';
import { largeObjectsSnapshot } from './large-objects';

const CHART = '--max-old-space-size=307 --max-semi-space-size=16';

const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-large-'));
const file = path.join(dir, 'large.json');
await writeFile(file, await largeObjectsSnapshot());
const app = await startApp({ RBAC_ATLAS_SNAPSHOT: file, NODE_OPTIONS: process.argv[2] ?? CHART });
const mib = (x: number) => x.toFixed(0);
console.log(`ready, RSS ${mib((await memory(app.pid)).rss)} MiB`);
console.log('| view | status | time (s) | bytes | peak RSS (MiB) |\n|---|---|---|---|---|');
try {
  for (const url of largeViews()) {
    const t0 = performance.now();
    let status = 0;
    let bytes = 0;
    try {
      const res = await fetch(app.baseURL + url, { signal: AbortSignal.timeout(120_000) });
      status = res.status;
      bytes = (await res.arrayBuffer()).byteLength;
    } catch (e) {
      status = -1;
      console.error(url, e);
    }
    const s = ((performance.now() - t0) / 1000).toFixed(2);
    const peak = await memory(app.pid).then(
      (m) => mib(m.peak),
      () => 'exited',
    );
    console.log(`| ${url} | ${status} | ${s} | ${bytes.toLocaleString('en')} | ${peak} |`);
  }
} finally {
  await app.stop();
  await rm(dir, { recursive: true, force: true });
}
