// npm run bench (part 2): freshness on the real local control plane. 50 RoleBinding events
// (create, change, delete, in turn), each timed from just before the write until /api/who-can of
// the production server answers with it; the baseline is a bare watch on the same API server in
// this process (when the event itself arrives). Needs `npm run build` and the control-plane binaries.
import { request } from 'node:https';
import { createInterface } from 'node:readline';
import { startApp } from '@/e2e/fixtures/app-server';
import { adminFetch } from '@/scripts/control-plane/control-plane';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import { median, pct } from './proc';

const EVENTS = 50;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cp = await startDemoCluster({ log: (l) => console.log(l) });
const app = await startApp({ KUBECONFIG: cp.kubeconfigPath });
while ((await fetch(`${app.baseURL}/api/readyz`)).status !== 200) await sleep(50);

// The baseline: when each event reaches a plain watch client.
const arrived = new Map<string, number>();
const watch = request(new URL(`${RBAC}/namespaces/checkout/rolebindings?watch=true`, cp.server), {
  ca: cp.caPem,
  headers: { authorization: `Bearer ${cp.adminToken}` },
});
// Destroyed at the end on purpose: that is not an error.
watch.on('error', () => undefined);
watch.on('response', (res) => {
  res.on('error', () => undefined);
  const lines = createInterface({ input: res });
  lines.on('error', () => undefined);
  lines.on('line', (line) => {
    const e = JSON.parse(line) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
    arrived.set(`${e.type} ${e.object.metadata.name}`, performance.now());
  });
});
watch.end();
await sleep(500);

const body = (name: string, user: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace: 'checkout' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
});
const subjects = async () =>
  new Set(
    (
      (await (
        await fetch(`${app.baseURL}/api/who-can?verb=list&resource=pods&namespace=checkout&limit=5000`)
      ).json()) as { subjects: { name: string }[] }
    ).subjects.map((s) => s.name),
  );

const app_ms: number[] = [];
const watch_ms: number[] = [];
for (let i = 0; i < EVENTS; i++) {
  const k = Math.floor(i / 3);
  const name = `fresh-${k}`;
  const step = i % 3;
  const [type, method, path, payload, shows] =
    step === 0
      ? ([
          'ADDED',
          'POST',
          `${RBAC}/namespaces/checkout/rolebindings`,
          body(name, `u${k}`),
          (s: Set<string>) => s.has(`u${k}`),
        ] as const)
      : step === 1
        ? ([
            'MODIFIED',
            'PUT',
            `${RBAC}/namespaces/checkout/rolebindings/${name}`,
            body(name, `v${k}`),
            (s: Set<string>) => s.has(`v${k}`) && !s.has(`u${k}`),
          ] as const)
        : ([
            'DELETED',
            'DELETE',
            `${RBAC}/namespaces/checkout/rolebindings/${name}`,
            undefined,
            (s: Set<string>) => !s.has(`v${k}`),
          ] as const);
  const t0 = performance.now();
  const res = await adminFetch(cp, path, { method, ...(payload && { body: payload }) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status}`);
  while (!shows(await subjects())) await sleep(10);
  app_ms.push(performance.now() - t0);
  while (!arrived.has(`${type} ${name}`)) await sleep(5);
  watch_ms.push(arrived.get(`${type} ${name}`)! - t0);
}
watch.destroy();
await app.stop();
await cp.stop();

const row = (label: string, xs: number[]) =>
  `| ${label} | ${median(xs).toFixed(0)} ms | ${pct(xs, 95).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms |`;
console.log(`
| freshness, ${EVENTS} RoleBinding events on kube-apiserver | p50 | p95 | max |
|---|---|---|---|
${row('baseline: the event reaches a bare watch client', watch_ms)}
${row('the change shows in /api/who-can (polled every 10 ms)', app_ms)}
| ratio (p50) | ${(median(app_ms) / Math.max(1, median(watch_ms))).toFixed(1)}x | | goal ≤ 2,000 ms p95 |
`);
