// The live source through the faults a cluster's network and control plane give, on a control plane
// of its own (kube-apiserver and etcd are frozen here): a relay between the app and kube-apiserver
// that black-holes, closes, refuses, resets or delays, and SIGSTOP on kube-apiserver and on etcd.
// In each: /api/readyz says stale with the reason within 15 s and stays stale without flicker,
// with one start time; API answers carry `stale`; the connections the app makes stay within the
// backoff's bound; the server logs each move once; within 5 s of the fault's end it is live again,
// and its answers equal SubjectAccessReview, changes made during the outage included.
import { adminFetch, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { kubeconfigYaml } from '@/scripts/control-plane/control-plane';
import { startApp, type AppServer } from './fixtures/app-server';
import { startRelay, type Relay, type RelayMode } from './fixtures/relay';
import { expect, test } from './fixtures/test';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const NAMESPACE = 'checkout';
/** Detection, recovery: what the issue asks and README promises. */
const DETECT_MS = 15_000;
const RECOVER_MS = 5_000;

interface Fault {
  name: string;
  begin(): Promise<void>;
  end(): Promise<void>;
  /** How long the fault lasts. */
  holdMs: number;
  /** The API server takes writes meanwhile (the fault is between the app and it). */
  writable: boolean;
  /** The fault is one the app must see (a delay is not). */
  stale: boolean;
}

interface Sample {
  at: number;
  status: number;
  staleSince?: string;
  reason?: string;
}

let cp: ControlPlane;
let relay: Relay;
let app: AppServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  cp = await startDemoCluster({ log: (l) => console.log(l) });
  relay = await startRelay(new URL(cp.server));
  const kubeconfig = path.join(cp.dir, 'through-relay.kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml(`https://127.0.0.1:${relay.port}`, cp.caPem, cp.adminToken));
  app = await startApp({ KUBECONFIG: kubeconfig });
  await expect.poll(() => readyz().then((s) => s.status), { timeout: 60_000 }).toBe(200);
});

test.afterAll(async () => {
  await app?.stop();
  await relay?.stop();
  await cp?.stop();
});

async function readyz(): Promise<Sample> {
  const res = await fetch(`${app.baseURL}/api/readyz`);
  const body = (await res.json()) as { staleSince?: string; reason?: string };
  const { staleSince, reason } = body;
  return { at: Date.now(), status: res.status, ...(staleSince && { staleSince }), ...(reason && { reason }) };
}

/** /api/readyz every 200 ms until stopped. */
function sampler(): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await readyz());
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

function viewBinding(name: string, user: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: NAMESPACE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  };
}

async function admin(method: string, pathname: string, body?: unknown): Promise<void> {
  const res = await adminFetch(cp, pathname, { method, ...(body !== undefined && { body }) });
  expect(res.status, `${method} ${pathname}`).toBeLessThan(300);
}

/** Requests asked of each user: what `view` grants, what it does not, in and out of the namespace. */
const REQUESTS: Record<string, string>[] = [
  { verb: 'list', resource: 'pods', namespace: NAMESPACE },
  { verb: 'get', resource: 'configmaps', namespace: NAMESPACE },
  { verb: 'get', resource: 'secrets', namespace: NAMESPACE },
  { verb: 'create', resource: 'deployments', group: 'apps', namespace: NAMESPACE },
  { verb: 'list', resource: 'pods', namespace: 'payments' },
];
type Request = Record<string, string>;

/** What the API server says of `user` making the request. */
async function review(user: string, r: Request): Promise<boolean> {
  const res = await adminFetch(cp, '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    method: 'POST',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user, resourceAttributes: r },
    },
  });
  return (res.body as { status: { allowed: boolean } }).status.allowed;
}

async function appSays(user: string, r: Request = REQUESTS[0]!): Promise<boolean> {
  const res = await fetch(`${app.baseURL}/api/can-i?${new URLSearchParams({ user, ...r })}`);
  return ((await res.json()) as { allowed: boolean }).allowed;
}

/** The user and request of every answer that disagrees with SubjectAccessReview (none, once caught up). */
async function disagreements(users: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const u of users)
    for (const r of REQUESTS)
      if ((await review(u, r)) !== (await appSays(u, r))) out.push(`${u} ${r.verb} ${r.resource}`);
  return out;
}

function relayFault(mode: RelayMode, holdMs: number, delayMs = 0): Fault {
  return {
    name: `relay ${mode}`,
    begin: () => relay.set(mode, delayMs),
    end: () => relay.set('pass'),
    holdMs,
    writable: true,
    stale: mode !== 'delay',
  };
}

function frozen(component: 'etcd' | 'kube-apiserver', holdMs: number): Fault {
  return {
    name: `${component} frozen (SIGSTOP)`,
    begin: async () => cp.freeze(component, true),
    end: async () => cp.freeze(component, false),
    holdMs,
    writable: false,
    stale: true,
  };
}

const FAULTS: Fault[] = [
  relayFault('delay', 15_000, 300),
  relayFault('blackhole', 25_000),
  relayFault('refuse', 20_000),
  relayFault('close', 20_000),
  relayFault('reset', 40_000),
  frozen('kube-apiserver', 25_000),
  frozen('etcd', 25_000),
];

/** Changes the app cannot see while the fault lasts (it must have them once it ends), and the answers meanwhile. */
async function duringTheFault(fault: Fault, tag: string, before: string, during: string[]): Promise<void> {
  if (fault.writable) {
    for (let i = 0; i < 3; i++) {
      const user = `during-${tag}-${i}`;
      await admin('POST', `${RBAC}/namespaces/${NAMESPACE}/rolebindings`, viewBinding(`during-${tag}-${i}`, user));
      during.push(user);
    }
    await admin('DELETE', `${RBAC}/namespaces/${NAMESPACE}/rolebindings/${before}`);
  }
  if (!fault.stale) return;
  await expect.poll(() => readyz().then((s) => s.status), { timeout: DETECT_MS + 5000 }).toBe(503);
  const res = await fetch(`${app.baseURL}/api/who-can?verb=list&resource=pods&namespace=${NAMESPACE}`);
  const body = (await res.json()) as { stale?: { since: string; reason: string } };
  expect(res.status).toBe(200);
  expect(body.stale?.reason, 'the answer says why it may be old').toBeTruthy();
  const csv = await fetch(`${app.baseURL}/api/who-can?verb=list&resource=pods&namespace=${NAMESPACE}&format=csv`);
  expect(csv.headers.get('x-rbac-atlas-stale')).toContain(`since=${body.stale!.since}`);
}

const logLines = (re: RegExp) =>
  app
    .output()
    .split('\n')
    .filter((l) => re.test(l)).length;

for (const fault of FAULTS) {
  test(`${fault.name}: stale within 15 s, said everywhere, no flicker, bounded retries, live within 5 s`, async () => {
    test.setTimeout(fault.holdMs + 90_000);
    const tag = fault.name.replace(/[^a-z]+/g, '-');
    const before = `before-${tag}`;
    await admin('POST', `${RBAC}/namespaces/${NAMESPACE}/rolebindings`, viewBinding(before, `${before}-user`));
    await expect.poll(() => appSays(`${before}-user`), { timeout: 10_000 }).toBe(true);
    const logged = { stale: logLines(/: stale since /), live: logLines(/: live again after /) };
    const accepted = relay.accepted;
    const sampling = sampler();
    const started = Date.now();
    let ended = 0;
    let attempts = 0;
    const during: string[] = [];
    try {
      await fault.begin();
      await duringTheFault(fault, tag, before, during);
      await new Promise((r) => setTimeout(r, Math.max(0, started + fault.holdMs - Date.now())));
    } finally {
      // A failure mid-fault must not leave the relay black-holed or a process frozen for the next test.
      attempts = relay.accepted - accepted;
      ended = Date.now();
      await fault.end();
    }
    await expect.poll(() => readyz().then((s) => s.status), { timeout: 30_000, intervals: [100] }).toBe(200);
    const recoveredMs = Date.now() - ended;
    const users = [...during, `${before}-user`, 'alice', 'nobody'];
    await expect.poll(() => disagreements(users), { timeout: 30_000, intervals: [200] }).toEqual([]);
    const agreedMs = Date.now() - ended;
    // Live it stays: no watch resumed after the outage may flip it back.
    await new Promise((r) => setTimeout(r, 3000));
    await sampling.stop();

    const { samples } = sampling;
    const firstStale = samples.find((s) => s.status === 503 && s.at > started);
    const inFault = samples.filter((s) => firstStale && s.at >= firstStale.at && s.at < ended);
    const back = samples.find((s) => s.at > ended && s.status === 200);
    const afterwards = samples.filter((s) => back && s.at >= back.at);
    const report = {
      fault: fault.name,
      detectedMs: firstStale ? firstStale.at - started : undefined,
      recoveredMs,
      agreedMs,
      // A refused connection never reaches the relay: none to count.
      attempts: fault.name === 'relay refuse' ? undefined : attempts,
      attemptsPerMinute: Math.round((attempts * 60_000) / (ended - started)),
      staleSinceValues: new Set(inFault.map((s) => s.staleSince)).size,
      flickers: inFault.filter((s) => s.status !== 503).length,
      reasons: [...new Set(samples.map((s) => s.reason).filter(Boolean))],
    };
    console.log(JSON.stringify(report));
    test.info().annotations.push({ type: 'fault', description: JSON.stringify(report) });
    expect(recoveredMs, 'live again within 5 s of the fault ending').toBeLessThanOrEqual(RECOVER_MS);
    expect(agreedMs, 'answers equal SubjectAccessReview within 5 s of the fault ending').toBeLessThanOrEqual(
      RECOVER_MS,
    );
    expect(afterwards.length, 'sampled after the recovery').toBeGreaterThan(10);
    expect(
      afterwards.filter((s) => s.status !== 200),
      'live it stays after the recovery',
    ).toEqual([]);
    if (!fault.stale) {
      expect(firstStale, 'a slow server only delays').toBeUndefined();
      return;
    }
    expect(report.detectedMs, 'stale within 15 s').toBeLessThanOrEqual(DETECT_MS);
    expect(report.flickers, 'stale without flicker until the fault ends').toBe(0);
    expect(report.staleSinceValues, 'one start of the outage').toBe(1);
    // During an outage only the probe knocks, at most every 3 s after its first retries; each of
    // the eight readers (seven kinds and discovery) may fail once as the fault starts.
    if (report.attempts !== undefined)
      expect(report.attempts).toBeLessThanOrEqual(8 + 4 + Math.ceil((ended - started) / 3000));
    expect(logLines(/: stale since /) - logged.stale, 'one log line going stale').toBe(1);
    expect(logLines(/: live again after /) - logged.live, 'one log line recovering').toBe(1);
  });
}
