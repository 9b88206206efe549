// npm run bench (part 3): the live source at 10,000 namespaces and 150,000 pods, served by a
// stand-in list/watch server. Initial sync (against a bare client listing the same pages in this
// process: fetch and JSON.parse, nothing kept), memory after sync, CPU with every watch open and
// nothing happening, then CPU under 100 changes a second and how fast a RoleBinding change shows
// in /api/who-can meanwhile. Needs `npm run build`. BENCH_IDLE_SECONDS (300) and
// BENCH_CHURN_SECONDS (30) shorten or lengthen the two CPU windows; BENCH_APP_NODE_OPTIONS is passed
// to the app (say --max-old-space-size=400, as a 512 MiB container limit would want).
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '@/e2e/fixtures/app-server';
import { KNOWN_KINDS, listPath } from '@/lib/k8s/kinds/objects';
import { cpuShare, median, memory, pct } from './proc';
import { startStandIn } from './stand-in-server';
import { writeSyntheticCluster } from './synthetic-cluster';

const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 10_000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 300);
const CHURN_SECONDS = Number(process.env.BENCH_CHURN_SECONDS ?? 30);
const RATE = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-watch-bench-'));
const file = path.join(dir, `cluster-${NAMESPACES}.json`);
if (!existsSync(file)) await writeSyntheticCluster(file, NAMESPACES);
const standIn = await startStandIn(file);
const counts = standIn.counts();
console.log(
  `stand-in: ${Object.entries(counts)
    .map(([k, n]) => `${n.toLocaleString('en')} ${k}`)
    .join(', ')}`,
);

// Baseline: every page of every kind fetched and parsed, as a bare client would, in parallel.
const t0 = performance.now();
await Promise.all(
  KNOWN_KINDS.map(async (kind) => {
    let token = '';
    do {
      const res = await fetch(`${standIn.url}${listPath(kind)}?limit=500${token ? `&continue=${token}` : ''}`);
      const body = (await res.json()) as { metadata: { continue?: string } };
      token = body.metadata.continue ?? '';
    } while (token);
  }),
);
const baselineMs = performance.now() - t0;

const kubeconfig = path.join(dir, 'kubeconfig');
await writeFile(kubeconfig, standIn.kubeconfig());
const started = performance.now();
const app = await startApp({
  KUBECONFIG: kubeconfig,
  ...(process.env.BENCH_APP_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS }),
});
let ready = 0;
while ((ready = (await fetch(`${app.baseURL}/api/readyz`)).status) !== 200) {
  if (performance.now() - started > 300_000) throw new Error(`not synced after 300 s (readyz ${ready})`);
  await sleep(100);
}
const syncMs = performance.now() - started;
const afterSync = await memory(app.pid);
console.log(
  `synced in ${(syncMs / 1000).toFixed(1)} s; RSS ${afterSync.rss.toFixed(0)} MiB, peak ${afterSync.peak.toFixed(0)} MiB`,
);

const idle = await cpuShare(app.pid, () => sleep(IDLE_SECONDS * 1000));
console.log(`idle ${IDLE_SECONDS} s: ${(idle.share * 100).toFixed(2)}% of a core`);

// Churn, the worst case: every pod change is one the model keeps (its phase), and every 20th change is a RoleBinding created for a new user, whose
// arrival in /api/who-can is timed.
const pods = standIn.sample('Pod', 5000);
const pod = (i: number, phase: string) => {
  const p = pods[i % pods.length]!;
  return { ...p, status: { ...(p.status as object), phase } };
};
const binding = (i: number) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: `churn-${i}`, namespace: 'ns-1' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `churn-${i}` }],
});
const freshness: number[] = [];
const pending = new Map<string, number>();
let stop = false;
const watcher = (async () => {
  const url = `${app.baseURL}/api/who-can?verb=list&resource=pods&namespace=ns-1&limit=5000`;
  while (!stop || pending.size > 0) {
    const body = (await (await fetch(url)).json()) as { subjects: { name: string }[] };
    const names = new Set(body.subjects.map((s) => s.name));
    for (const [user, at] of pending)
      if (names.has(user)) {
        freshness.push(performance.now() - at);
        pending.delete(user);
      }
    await sleep(20);
  }
})();

/** Calls `change(i)` RATE times a second for CHURN_SECONDS, in ticks of 100 ms. */
async function atRate(change: (i: number) => void): Promise<void> {
  const end = performance.now() + CHURN_SECONDS * 1000;
  let i = 0;
  while (performance.now() < end) {
    const tick = performance.now();
    for (let k = 0; k < RATE / 10; k++) change(i++);
    await sleep(Math.max(0, 100 - (performance.now() - tick)));
  }
}

const churn = await cpuShare(app.pid, () =>
  atRate((i) => {
    if (i % 20 === 0) {
      standIn.apply('ADDED', binding(i));
      pending.set(`churn-${i}`, performance.now());
    } else standIn.apply('MODIFIED', pod(i, i % 2 ? 'Running' : 'Pending'));
  }),
);
stop = true;
await watcher;
const afterChurn = await memory(app.pid);

// The common case on a real cluster: status updates that change nothing the model keeps
// (conditions, container statuses). The reflector drops them before any batch.
const current = standIn.sample('Pod', 5000);
const quiet = await cpuShare(app.pid, () =>
  atRate((i) => {
    const p = current[i % current.length]!;
    standIn.apply('MODIFIED', {
      ...p,
      status: { ...(p.status as object), conditions: [{ type: 'Ready', reason: `r${i}` }] },
    });
  }),
);
console.log(`churn ${RATE}/s for ${CHURN_SECONDS} s: ${(churn.share * 100).toFixed(1)}% of a core`);

console.log(`
| live source, ${NAMESPACES.toLocaleString('en')} namespaces, ${counts.Pod?.toLocaleString('en')} pods | measured | goal |
|---|---|---|
| baseline: bare client lists every page (fetch + JSON.parse) | ${(baselineMs / 1000).toFixed(1)} s | |
| initial sync (server start → /api/readyz 200) | ${(syncMs / 1000).toFixed(1)} s (${(syncMs / baselineMs).toFixed(2)}x) | ≤ 60 s |
| RSS after sync / peak | ${afterSync.rss.toFixed(0)} / ${afterSync.peak.toFixed(0)} MiB | ≤ 512 MiB |
| CPU, ${IDLE_SECONDS} s idle with watches open | ${(idle.share * 100).toFixed(2)}% of a core | < 1% |
| CPU, ${RATE} changes/s for ${CHURN_SECONDS} s | ${(churn.share * 100).toFixed(1)}% of a core | |
| RoleBinding → /api/who-can during churn, p50 / p95 (n=${freshness.length}) | ${median(freshness).toFixed(0)} / ${pct(freshness, 95).toFixed(0)} ms | ≤ 2 s p95 |
| RSS after churn / peak | ${afterChurn.rss.toFixed(0)} / ${afterChurn.peak.toFixed(0)} MiB | |
| CPU, ${RATE} pod status updates/s that change no kept field | ${(quiet.share * 100).toFixed(1)}% of a core | |
`);
await app.stop();
await standIn.close();
