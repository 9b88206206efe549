// npm run bench:scale: synthetic clusters of 1k, 3k and 10k namespaces (scripts/bench/synthetic-cluster.ts)
// in one run, each against a bare JSON.parse of the same file (the baseline, same run), through the
// production server (after `npm run build`) and the CLI. Prints one table. Figures, not pass/fail:
// the issue's goals are printed beside them. SCALE_SIZES=1000,3000 picks other sizes.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { risksComputed, startApp, type AppServer } from '@/e2e/fixtures/app-server';
import { auditLogSection } from './audit-bench.mjs';
import { usageRows } from './usage-bench.mjs';
import { median, memory, pct, runNode, type Run } from './proc';
import { writeSyntheticCluster } from './synthetic-cluster';

const ROOT = process.cwd();
const SIZES = (process.env.SCALE_SIZES ?? '1000,3000,10000').split(',').map(Number);

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t, bytes: body.byteLength, status: res.status };
}

/** Every page and API route in the README, on a namespace, subject and role of the synthetic cluster. */
function routes(): [string, string][] {
  return [
    ['/', '/'],
    ['/?page=', '/?sort=pods&order=desc&page=3'],
    ['/?q=', '/?q=ns-42'],
    ['/namespaces/X', '/namespaces/ns-5'],
    ['/namespaces/X?node=', '/namespaces/ns-5?node=subject%3AServiceAccount%3Ans-5%2Fsa-1'],
    ['/subjects/serviceaccount', '/subjects/serviceaccount/ns-5/sa-1'],
    ['/subjects/user', '/subjects/user/dev-5@example.com'],
    ['/subjects/group (all)', '/subjects/group/system:authenticated'],
    ['/subjects/group (team)', '/subjects/group/team-5'],
    ['/roles/clusterrole', '/roles/clusterrole/edit'],
    ['/who-can /healthz', '/who-can?verb=get&path=/healthz'],
    ['/who-can secrets', '/who-can?verb=get&resource=secrets&namespace=ns-5'],
    ['/api/who-can /healthz', '/api/who-can?verb=get&path=/healthz'],
    ['/api/who-can csv', '/api/who-can?verb=list&resource=pods&format=csv'],
    ['/api/can-i', '/api/can-i?verb=get&resource=pods&namespace=ns-5&user=system:serviceaccount:ns-5:sa-1'],
    ['/api/graph', '/api/graph?namespace=ns-5'],
    ['/api/subjects', '/api/subjects/group/system:authenticated'],
    ['/api/namespaces', '/api/namespaces?filter=ns-9&limit=20'],
    ['/api/readyz', '/api/readyz'],
    ['/api/paths?from=', '/api/paths?from=system:serviceaccount:ns-5:sa-1'],
    ['/risks', '/risks'],
    ['/roles', '/roles'],
    ['/roles?sort=danger', '/roles?sort=danger&order=desc&builtin=show'],
    ['/bindings', '/bindings?filter=rb-1'],
    ['/bindings/rolebinding', '/bindings/rolebinding/ns-5/rb-1'],
    ['/subjects', '/subjects?sort=bindings&order=desc'],
    ['/who-can builtin=show', '/who-can?verb=get&resource=secrets&namespace=ns-5&builtin=show'],
    ['/api/subjects (list)', '/api/subjects?limit=500'],
  ];
}

async function warmRoutes(app: AppServer) {
  const rows: { route: string; p95: number; bytes: number; status: number }[] = [];
  for (const [name, url] of routes()) {
    await timed(app.baseURL + url);
    const runs: { ms: number; bytes: number; status: number }[] = [];
    for (let i = 0; i < 10; i++) runs.push(await timed(app.baseURL + url));
    rows.push({
      route: name,
      p95: pct(
        runs.map((r) => r.ms),
        95,
      ),
      bytes: runs[0]!.bytes,
      status: runs[0]!.status,
    });
  }
  return rows;
}

/** 10 clients open uncached namespace views while a probe asks /api/healthz every 25 ms. */
async function healthUnderLoad(app: AppServer, namespaces: number) {
  let stop = false;
  let next = 100;
  const clients = Array.from({ length: 10 }, async () => {
    let views = 0;
    while (!stop) {
      const ns = `ns-${next++ % namespaces}`;
      await timed(`${app.baseURL}/namespaces/${ns}?mode=${next % 2 ? 'access' : 'structure'}`);
      views++;
    }
    return views;
  });
  const probes: number[] = [];
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    probes.push((await timed(`${app.baseURL}/api/healthz`)).ms);
    await new Promise((r) => setTimeout(r, 25));
  }
  stop = true;
  const views = (await Promise.all(clients)).reduce((a, b) => a + b, 0);
  return { p99: pct(probes, 99), probes: probes.length, views };
}

/**
 * 50 clients at once for 20 s, each opening uncached namespace views, the inventories and who-can;
 * then 5 s idle. What the chart's memory limit must hold.
 */
async function fiftyClients(app: AppServer, namespaces: number) {
  let stop = false;
  let next = 5_000;
  const pages = ['/roles?sort=danger', '/bindings', '/subjects', '/who-can?verb=get&resource=secrets', '/risks'];
  let failure: string | undefined;
  const clients = Array.from({ length: 50 }, async (_, i) => {
    let views = 0;
    while (!stop) {
      const path = i % 2 ? `/namespaces/ns-${next++ % namespaces}?mode=access` : pages[next++ % pages.length]!;
      try {
        await timed(app.baseURL + path);
      } catch (e) {
        // The server went away (a heap limit it could not stay under): say so, do not crash the run.
        failure ??= `${path}: ${(e as Error).message}`;
        stop = true;
      }
      views++;
    }
    return views;
  });
  // Sampled while it runs: a server that dies takes its /proc entry with it. RssAnon is what a
  // container's memory limit holds against it (mapped files are reclaimed first).
  let peak = 0;
  let peakAnon = 0;
  const sampler = setInterval(
    () =>
      memory(app.pid).then(
        (m) => {
          peak = Math.max(peak, m.peak);
          peakAnon = Math.max(peakAnon, m.anon);
        },
        () => undefined,
      ),
    250,
  );
  await Promise.race([new Promise((r) => setTimeout(r, 20_000)), Promise.all(clients)]);
  stop = true;
  const views = (await Promise.all(clients)).reduce((a, b) => a + b, 0);
  clearInterval(sampler);
  if (failure) return { views, failure, peak, peakAnon, settled: NaN };
  const loaded = await memory(app.pid);
  await new Promise((r) => setTimeout(r, 5_000));
  return { views, peak: loaded.peak, peakAnon, settled: (await memory(app.pid)).rss };
}

function loadLine(what: string, load: Awaited<ReturnType<typeof fiftyClients>>): string {
  if ('failure' in load && load.failure)
    return `${what}: the server stopped answering after ${load.views} views, peak RSS ${load.peak.toFixed(0)} MiB (${load.failure})`;
  return `${what}: ${load.views} views, peak RSS ${load.peak.toFixed(0)} MiB (anonymous ${load.peakAnon.toFixed(0)}), ${load.settled.toFixed(0)} MiB 5 s later`;
}

/**
 * Who effectively can, once the attack graph is built (/api/paths before): one namespace's secrets
 * and a cluster-wide request, each asked once, then 5 times warm.
 */
async function effectiveWhoCan(app: AppServer) {
  const asks: [string, string][] = [
    ['get secrets in ns-5', 'verb=get&resource=secrets&namespace=ns-5'],
    ['create clusterrolebindings', 'verb=create&resource=clusterrolebindings&group=rbac.authorization.k8s.io'],
  ];
  const rows = [];
  for (const [what, query] of asks) {
    const url = `${app.baseURL}/api/who-can?${query}&effective=1&limit=50`;
    const first = await timed(url);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push((await timed(url)).ms);
    const body = (await (await fetch(url)).json()) as { total: number; indirect: { subjects: unknown[] }[] };
    const indirect = body.indirect.reduce((n, g) => n + g.subjects.length, 0);
    rows.push({
      what,
      firstMs: first.ms,
      p95: pct(runs, 95),
      bytes: first.bytes,
      status: first.status,
      indirect,
      direct: body.total,
    });
  }
  return rows;
}

async function firstGraphs(app: AppServer) {
  const times: number[] = [];
  for (const ns of ['ns-11', 'ns-12', 'ns-13'])
    times.push((await timed(`${app.baseURL}/api/graph?namespace=${ns}`)).ms);
  return { median: median(times), max: Math.max(...times) };
}

async function serverReady(
  file: string,
  env: Record<string, string> = {},
): Promise<{ app: AppServer; readyMs: number }> {
  const t = performance.now();
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT: file, ...env });
  for (;;) {
    const r = await fetch(`${app.baseURL}/api/readyz`);
    await r.arrayBuffer();
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return { app, readyMs: performance.now() - t };
}

const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-scale-'));
const fmt = (n: number, digits = 0) => n.toFixed(digits);
const report: string[] = [];
const line = (s: string) => {
  report.push(s);
  console.log(s);
};

try {
  const cliDemo: Run[] = [];
  for (let i = 0; i < 5; i++)
    cliDemo.push(await runNode(['bin/rbac-atlas.js', 'who-can', 'get', 'secrets', '-n', 'payments', '--demo']));
  line(
    `CLI who-can on the demo: ${fmt(median(cliDemo.map((r) => r.wallMs)))} ms wall (median of 5), ${fmt(median(cliDemo.map((r) => r.maxRssMiB)))} MiB peak   [goal ≤ 300 ms, ≤ 120 MiB]`,
  );
  // SCALE_AUDIT=0 leaves the audit log section out (it writes ~1 GB of log under the run's folder).
  if (process.env.SCALE_AUDIT !== '0') await auditLogSection(line, dir);
  for (const n of SIZES) {
    const file = path.join(dir, `cluster-${n}.json`);
    const counts = await writeSyntheticCluster(file, n, ROOT);
    const size = (await stat(file)).size / 2 ** 20;
    const base = await runNode(['scripts/bench/json-parse-baseline.mjs', file]);
    const baseParse = JSON.parse(base.stdout) as { ms: number };
    line('');
    line(`== ${n} namespaces: ${counts.objects} objects, ${counts.pods} pods, ${fmt(size)} MiB JSON ==`);
    line(
      `baseline (bare JSON.parse, own process): ${fmt(base.wallMs)} ms wall (${fmt(baseParse.ms)} ms in parse), ${fmt(base.maxRssMiB)} MiB peak`,
    );

    const cli = await runNode([
      'bin/rbac-atlas.js',
      'who-can',
      'get',
      'secrets',
      '-n',
      'ns-5',
      '--snapshot',
      file,
      '-o',
      'json',
    ]);
    line(
      `CLI who-can --snapshot: ${fmt(cli.wallMs)} ms wall (${fmt(cli.wallMs / base.wallMs, 2)}x baseline), ${fmt(cli.maxRssMiB)} MiB peak (${fmt(cli.maxRssMiB / base.maxRssMiB, 2)}x)   [goal ≤ 1.3x (#29), ≤ 2x]`,
    );

    // Change review: two snapshots 100 RoleBindings apart, against loading each (who-can: load and one answer).
    const changedFile = path.join(dir, `cluster-${n}-changed.json`);
    await writeSyntheticCluster(changedFile, n, ROOT, 100);
    const loadChanged = await runNode([
      'bin/rbac-atlas.js',
      'who-can',
      'get',
      'secrets',
      '-n',
      'ns-5',
      '--snapshot',
      changedFile,
    ]);
    const review = await runNode(['bin/rbac-atlas.js', 'diff', '--from', file, '--to', changedFile, '-o', 'json']);
    const reviewed = JSON.parse(review.stdout) as {
      objects: unknown[];
      subjects: unknown[];
      paths: { opened: unknown[] };
    };
    const loads = cli.wallMs + loadChanged.wallMs;
    line(
      `CLI diff of two snapshots 100 RoleBindings apart: ${fmt(review.wallMs)} ms wall (${fmt(review.wallMs / loads, 2)}x loading both, ${fmt(loads)} ms), ${fmt(review.maxRssMiB)} MiB peak; ${reviewed.objects.length} objects, ${reviewed.subjects.length} subjects, ${reviewed.paths.opened.length} paths opened   [goal ≤ 2x]`,
    );
    await rm(changedFile);

    const { app, readyMs } = await serverReady(file);
    try {
      const mem = await memory(app.pid);
      line(
        `server ready (start to /api/readyz 200): ${fmt(readyMs)} ms (${fmt(readyMs / base.wallMs, 2)}x baseline); RSS after load ${fmt(mem.rss)} MiB, peak ${fmt(mem.peak)} MiB   [goal ≤ 1.5x, ≤ 400 (#29), ≤ 768]`,
      );
      // Attack paths and findings: built in the background after load (lib/web/risk-builds.ts); a
      // request meanwhile answers at once with `risks.state` "computing" (or the previous version's).
      const early = await timed(`${app.baseURL}/api/paths`);
      const building = performance.now();
      await risksComputed(app.baseURL);
      const builtMs = performance.now() - building + early.ms;
      const cold = await timed(`${app.baseURL}/api/paths`);
      const findings = await timed(`${app.baseURL}/api/findings`);
      line(
        `attack paths and findings, built in the background: current ${fmt(builtMs)} ms after ready (a request meanwhile: ${fmt(early.ms)} ms, "computing"); then /api/paths: ${fmt(cold.ms)} ms; /api/findings: ${fmt(findings.ms)} ms, ${fmt(findings.bytes / 1024)} KB   [goal ≤ 5000 ms]`,
      );
      const effective = await effectiveWhoCan(app);
      line(`effective who-can, /api/who-can?effective=1 (p95 of 5 warm, server round trip) [goal ≤ 1000 ms]:`);
      for (const r of effective)
        line(
          `  ${r.what.padEnd(28)} ${fmt(r.p95).padStart(6)} ms ${fmt(r.bytes / 1024).padStart(7)} KB  ${r.status}; first ${fmt(r.firstMs)} ms; ${r.indirect} indirect subjects, ${r.direct} direct`,
        );
      const first = await firstGraphs(app);
      line(
        `first (uncached) namespace graph, /api/graph: median ${fmt(first.median)} ms, max ${fmt(first.max)} ms   [goal ≤ 300 (#29)]`,
      );
      const rows = await warmRoutes(app);
      line(`warm routes (p95 of 10, server round trip) [goal ≤ 300 ms, ≤ 500 KB]:`);
      for (const r of rows)
        line(`  ${r.route.padEnd(28)} ${fmt(r.p95).padStart(6)} ms ${fmt(r.bytes / 1024).padStart(7)} KB  ${r.status}`);
      const health = await healthUnderLoad(app, n);
      line(
        `/api/healthz under 10 clients opening uncached views: p99 ${fmt(health.p99)} ms over ${health.probes} probes (${health.views} views served)   [goal ≤ 100]`,
      );
      const after = await memory(app.pid);
      line(`server memory after the run: RSS ${fmt(after.rss)} MiB, peak ${fmt(after.peak)} MiB`);
      const load = await fiftyClients(app, n);
      line(loadLine('50 clients for 20 s, no heap cap (baseline)', load));
    } finally {
      await app.stop();
    }
    // As the chart runs it, with the memory limit README gives a cluster of this size.
    const limitMiB = n > 3000 ? 1024 : 512;
    const options = `--max-old-space-size=${Math.floor((limitMiB * 3) / 5)} --max-semi-space-size=16`;
    const capped = await serverReady(file, { NODE_OPTIONS: options });
    try {
      const load = await fiftyClients(capped.app, n);
      line(
        `${loadLine(`50 clients for 20 s, NODE_OPTIONS=${options} (the chart's, for ${limitMiB}Mi)`, load)}   [goal: anonymous ≤ ${limitMiB}]`,
      );
    } finally {
      await capped.app.stop();
    }
    // SCALE_USAGE=0 leaves the usage rows out (they write a synthetic audit log of the world).
    if (process.env.SCALE_USAGE !== '0') await usageRows(line, dir, n, file);
    await rm(file);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
