// The usage rows of `npm run bench:scale`, per world size (also runnable alone: `tsx
// scripts/bench/usage-bench.mts NAMESPACES`): a synthetic audit log of the world
// (synthetic-audit.ts, BENCH_USAGE_EVENTS lines, default 1M), then
//  - right-sizing every service account, in its own process (rightsize-all.mts: the load and the
//    log read timed apart from the right-sizing itself, so no cost hides in an earlier step);
//  - the production server on the snapshot and the log (RBAC_ATLAS_AUDIT_LOG): the log's first
//    read, then /usage and its lists, the API, a subject's page and a right-sizing page, first
//    request and warm (p95 of 10).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type AppServer } from '@/e2e/fixtures/app-server';
import { pct, runNode } from './proc';
import { writeSyntheticAuditLog } from './synthetic-audit';
import { writeSyntheticCluster } from './synthetic-cluster';

const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 1_000_000);
const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function timed(url: string): Promise<{ ms: number; status: number; body: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { ms: performance.now() - t, status: res.status, body };
}

interface RightsizeAll {
  loadMs: number;
  readMs: number;
  events: number;
  rightsizeMs: number;
  reviewMs: number;
  reviewed: number;
  accounts: number;
  checked: number;
  failures: number;
}

async function rightsizeAll(line: (s: string) => void, snapshot: string, log: string) {
  const run = await runNode(['--import', 'tsx', 'scripts/bench/rightsize-all.mts', snapshot, log]);
  const r = JSON.parse(run.stdout) as RightsizeAll;
  line(
    `right-size every service account (${r.accounts}): ${fmt(r.rightsizeMs)} ms (after load ${fmt(r.loadMs)} ms and log read ${fmt(r.readMs)} ms of ${r.events} requests, timed apart); ${r.checked} requests re-checked after, ${r.failures} failures; change review ${fmt(r.reviewMs / r.reviewed, 1)} ms per proposal (${r.reviewed} sampled); peak ${fmt(run.maxRssMiB)} MiB   [goal ≤ 10000 ms]`,
  );
}

/**
 * Until the server's first read of the log is done (/api/usage's `reading` turns false; requests
 * still in flight at the log's end, watches, are counted only when their last stage is written).
 */
async function usageRead(app: AppServer): Promise<{ ms: number; events: number }> {
  const t = performance.now();
  for (;;) {
    const r = await timed(`${app.baseURL}/api/usage?limit=1`);
    if (r.status === 200) {
      const head = JSON.parse(r.body) as { reading: boolean; window: { events: number } };
      if (!head.reading) return { ms: performance.now() - t, events: head.window.events };
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function firstIdentity(app: AppServer): Promise<string> {
  const r = await timed(`${app.baseURL}/api/usage?list=identities&limit=1`);
  // The subject as the CLI's --subject writes it (subjectText): system:serviceaccount:NS:NAME, user:NAME…
  const items = (JSON.parse(r.body) as { items: { subject: string }[] }).items;
  return items[0]?.subject ?? 'system:serviceaccount:ns-5:sa-1';
}

async function usageRoutes(app: AppServer, line: (s: string) => void) {
  const user = await firstIdentity(app);
  const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(user);
  const subjectPage = sa
    ? `/subjects/serviceaccount/${sa[1]}/${sa[2]}`
    : `/subjects/${user.replace(':', '/').replace(/[^/]+$/, encodeURIComponent)}`;
  const routes: [string, string][] = [
    ['/usage', '/usage'],
    ['/usage?list=identities', '/usage?list=identities'],
    ['/usage?list=denied', '/usage?list=denied'],
    ['/usage?list=roles', '/usage?list=roles'],
    ['/api/usage', '/api/usage?list=bindings&limit=100'],
    ['subject page (with use)', subjectPage],
    ['/usage/rightsize?subject=', `/usage/rightsize?subject=${encodeURIComponent(user)}`],
    ['/api/usage/rightsize', `/api/usage/rightsize?subject=${encodeURIComponent(user)}`],
  ];
  line(`usage pages (first request; then p95 of 10 warm) [goal: /usage warm ≤ 300 ms]:`);
  for (const [name, url] of routes) {
    const first = await timed(app.baseURL + url);
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) warm.push((await timed(app.baseURL + url)).ms);
    line(
      `  ${name.padEnd(32)} first ${fmt(first.ms).padStart(6)} ms, warm p95 ${fmt(pct(warm, 95)).padStart(6)} ms  ${first.status}`,
    );
  }
}

/** The rows for one world: its snapshot already written at `snapshot`. */
export async function usageRows(line: (s: string) => void, dir: string, namespaces: number, snapshot: string) {
  const log = path.join(dir, `usage-audit-${namespaces}.log`);
  const counts = await writeSyntheticAuditLog(log, { namespaces, events: EVENTS });
  line(`usage from a synthetic audit log of ${counts.lines} lines (${counts.requests} requests):`);
  try {
    await rightsizeAll(line, snapshot, log);
    const app = await startApp({ RBAC_ATLAS_SNAPSHOT: snapshot, RBAC_ATLAS_AUDIT_LOG: log });
    try {
      const read = await usageRead(app);
      line(
        `server: the log's first read done ${fmt(read.ms)} ms after the server answered (${read.events} requests; the rest still in flight at the log's end)`,
      );
      await usageRoutes(app, line);
    } finally {
      await app.stop();
    }
  } finally {
    await rm(log, { force: true });
  }
}

if (process.argv[1]?.endsWith('usage-bench.mts')) {
  const n = Number(process.argv[2] ?? 1000);
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-usage-bench-'));
  try {
    const snapshot = path.join(dir, `cluster-${n}.json`);
    await writeSyntheticCluster(snapshot, n);
    await usageRows((s) => console.log(s), dir, n, snapshot);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
