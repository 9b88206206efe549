// What ships, on the real control plane: the manifests and the chart apply; the app's service
// account may list what it reads and nothing else; the standalone server runs in-cluster with that
// account's token; it answers only GET/HEAD, only to allowed hosts, with its security headers; and
// it stops at once on SIGTERM.
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serviceAccountIdentity } from '@/lib/rbac';
import { createObjects, parseManifests } from '@/scripts/control-plane/apply';
import { Reviewer } from './conformance/reviews';
import { raw } from './fixtures/raw-http';
import { inClusterEnv, renderChart } from './fixtures/in-cluster';
import { expect, test, type ClusterFixture } from './fixtures/test';

test.describe.configure({ mode: 'serial' });

const ROOT = path.join(import.meta.dirname, '..');
const render = renderChart;

test('the plain manifests and the chart (cluster-wide and namespaced) apply to the API server', async ({ cluster }) => {
  await createObjects(
    cluster.cp,
    parseManifests(await readFile(path.join(ROOT, 'deploy/manifests/rbac-atlas.yaml'), 'utf8')),
  );
  const wide = parseManifests(render('atlas-helm'));
  expect(wide.map((o) => o.kind).sort()).toEqual([
    'ClusterRole',
    'ClusterRoleBinding',
    'Deployment',
    'Namespace',
    'NetworkPolicy',
    'Service',
    'ServiceAccount',
  ]);
  // No pod may reach the app: an empty ingress list on its own pods (port-forward bypasses it).
  const policy = wide.find((o) => o.kind === 'NetworkPolicy') as unknown as {
    spec: { podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; ingress: unknown[] };
  };
  const deployment = wide.find((o) => o.kind === 'Deployment') as unknown as {
    spec: { template: { metadata: { labels: Record<string, string> } }; [k: string]: unknown };
  };
  expect(policy.spec).toEqual({
    podSelector: { matchLabels: expect.any(Object) },
    policyTypes: ['Ingress'],
    ingress: [],
  });
  expect(deployment.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
  expect(JSON.stringify(deployment)).toContain(
    '"name":"NODE_OPTIONS","value":"--max-old-space-size=307 --max-semi-space-size=16"',
  );
  const opened = parseManifests(
    render(
      'atlas-open',
      'networkPolicy.ingressFrom[0].namespaceSelector.matchLabels.team=edge',
      'resources.limits.memory=1Gi',
    ),
  );
  expect((opened.find((o) => o.kind === 'NetworkPolicy') as unknown as typeof policy).spec.ingress).toEqual([
    { from: [{ namespaceSelector: { matchLabels: { team: 'edge' } } }], ports: [{ port: 'http' }] },
  ]);
  expect(JSON.stringify(opened)).toContain('--max-old-space-size=614 --max-semi-space-size=16');
  const plain = parseManifests(await readFile(path.join(ROOT, 'deploy/manifests/rbac-atlas.yaml'), 'utf8'));
  expect(plain.map((o) => o.kind).sort()).toEqual(wide.map((o) => o.kind).sort());
  await createObjects(cluster.cp, wide);
  const scoped = parseManifests(render('atlas-scoped', 'rbac.namespaces={payments,checkout}'));
  expect(scoped.filter((o) => o.kind === 'Role').map((o) => o.metadata.namespace)).toEqual(['payments', 'checkout']);
  // Only role definitions cluster-wide: ClusterRoles, get/list/watch; and get on /metrics (the feature gates).
  const metrics = { nonResourceURLs: ['/metrics'], verbs: ['get'] };
  expect(scoped.filter((o) => o.kind === 'ClusterRole').map((o) => (o as { rules?: unknown }).rules)).toEqual([
    [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['get', 'list', 'watch'] },
      metrics,
    ],
  ]);
  const wideRules = (wide.find((o) => o.kind === 'ClusterRole') as { rules?: unknown[] }).rules;
  expect(wideRules?.at(-1)).toEqual(metrics);
  const noMetrics = parseManifests(render('atlas-nometrics', 'rbac.metrics=false'));
  expect(JSON.stringify(noMetrics.filter((o) => o.kind === 'ClusterRole'))).not.toContain('/metrics');
  await createObjects(cluster.cp, scoped);
  for (const [ns, name] of [
    ['rbac-atlas', 'rbac-atlas'],
    ['atlas-helm', 'atlas-helm'],
    ['atlas-scoped', 'atlas-scoped'],
  ]) {
    const { status } = await import('@/scripts/control-plane/control-plane').then((m) =>
      m.adminFetch(cluster.cp, `/apis/apps/v1/namespaces/${ns}/deployments/${name}`),
    );
    expect(status, `${ns}/${name}`).toBe(200);
  }
});

test("the app's service account may list what it reads, and never Secrets or a write", async ({ cluster }) => {
  const reviewer = new Reviewer(cluster.cp);
  const sa = serviceAccountIdentity('rbac-atlas', 'rbac-atlas');
  const RBAC = 'rbac.authorization.k8s.io';
  const reads: [string, string][] = [
    ['', 'namespaces'],
    ['', 'serviceaccounts'],
    ['', 'pods'],
    [RBAC, 'roles'],
    [RBAC, 'clusterroles'],
    [RBAC, 'rolebindings'],
    [RBAC, 'clusterrolebindings'],
  ];
  const ask = (verb: string, group: string, resource: string, namespace = '') =>
    reviewer.subjectAccessReview(sa, { kind: 'resource', verb, group, resource, subresource: '', name: '', namespace });
  try {
    for (const [group, resource] of reads) {
      for (const verb of ['get', 'list', 'watch'])
        expect(await ask(verb, group, resource), `${verb} ${resource}`).toBe(true);
      for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind']) {
        expect(await ask(verb, group, resource, 'default'), `${verb} ${resource}`).toBe(false);
      }
    }
    for (const verb of ['get', 'list', 'watch'])
      expect(await ask(verb, '', 'secrets', 'default'), `${verb} secrets`).toBe(false);
    expect(await ask('create', '', 'pods', 'default')).toBe(false);
    expect(await ask('create', '', 'pods/exec', 'default')).toBe(false);
    expect(await ask('impersonate', '', 'users')).toBe(false);
    // /metrics for the feature gates (read only); /version is everyone's (system:public-info-viewer).
    const url = (verb: string, path: string) => reviewer.subjectAccessReview(sa, { kind: 'nonResource', verb, path });
    expect(await url('get', '/metrics')).toBe(true);
    expect(await url('get', '/version')).toBe(true);
    expect(await url('post', '/metrics')).toBe(false);
    expect(await url('get', '/logs')).toBe(false);
  } finally {
    reviewer.close();
  }
});

test('auth.mode token adds only the auth-delegator binding: that account may create reviews, the default one may not', async ({
  cluster,
}) => {
  const none = parseManifests(render('atlas-none', 'auth.mode=none'));
  expect(JSON.stringify(none)).not.toContain('system:auth-delegator');
  expect(JSON.stringify(none)).not.toContain('RBAC_ATLAS_AUTH');
  const token = parseManifests(render('atlas-token', 'auth.mode=token', 'auth.cacheSeconds=5'));
  const added = token.filter(
    (o) => !none.some((n) => n.kind === o.kind && n.metadata.name.replace('none', 'token') === o.metadata.name),
  );
  expect(added.map((o) => [o.kind, o.metadata.name, (o as { roleRef?: { name: string } }).roleRef?.name])).toEqual([
    ['ClusterRoleBinding', 'atlas-token-auth-delegator', 'system:auth-delegator'],
  ]);
  expect(JSON.stringify(token)).toContain('{"name":"RBAC_ATLAS_AUTH","value":"token"}');
  expect(JSON.stringify(token)).toContain('{"name":"RBAC_ATLAS_AUTH_CACHE_SECONDS","value":"5"}');
  expect(() => render('atlas-bad', 'auth.mode=oidc')).toThrow(/auth.mode: none or token/);
  await createObjects(cluster.cp, token);
  const reviewer = new Reviewer(cluster.cp);
  const create = (group: string, resource: string) =>
    ({ kind: 'resource', verb: 'create', group, resource, subresource: '', name: '', namespace: '' }) as const;
  try {
    for (const [group, resource] of [
      ['authentication.k8s.io', 'tokenreviews'],
      ['authorization.k8s.io', 'subjectaccessreviews'],
    ] as const) {
      const withAuth = serviceAccountIdentity('atlas-token', 'atlas-token');
      expect(await reviewer.subjectAccessReview(withAuth, create(group, resource)), resource).toBe(true);
      const plain = serviceAccountIdentity('rbac-atlas', 'rbac-atlas');
      expect(await reviewer.subjectAccessReview(plain, create(group, resource)), resource).toBe(false);
    }
  } finally {
    reviewer.close();
  }
});

/** The environment of the app in a pod of the release `name` (its service account, in its own namespace). */
const podEnv = (cluster: ClusterFixture, name: string, env: Record<string, string>) =>
  inClusterEnv(cluster.cp, name, name, env);

test("the standalone server runs in-cluster with the app's own token and shows the live cluster", async ({
  cluster,
  startApp,
  page,
}) => {
  const app = await startApp(await podEnv(cluster, 'rbac-atlas', { RBAC_ATLAS_SOURCE: '' }));
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByLabel('Data source')).toContainText(`in-cluster (${cluster.cp.server})`);
  await expect(page.getByRole('alert', { name: 'Source problems' })).toHaveCount(0);
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'payments', exact: true })).toBeVisible();
  // The chart's get on /metrics: the gates are the server's, not the version's defaults.
  expect(await page.getByTestId('kube-version').getAttribute('title')).toContain(
    "ConstrainedImpersonation: on (as the API server's /metrics reports them)",
  );
  expect((await page.request.get(`${app.baseURL}/api/readyz`)).status()).toBe(200);
  await page.screenshot({ path: 'e2e/screenshots/in-cluster.png' });
});

test('the namespace-scoped chart resolves RoleBindings to ClusterRoles and says what it cannot see', async ({
  cluster,
  startApp,
  page,
}) => {
  const app = await startApp(
    await podEnv(cluster, 'atlas-scoped', {
      RBAC_ATLAS_SOURCE: 'in-cluster',
      RBAC_ATLAS_NAMESPACES: 'payments,checkout',
    }),
  );
  const res = await page.request.get(`${app.baseURL}/api/who-can?verb=delete&resource=pods&namespace=payments`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as {
    complete: boolean;
    missing: { kind: string; reason: string }[];
    subjects: { kind: string; name: string }[];
  };
  // Through RoleBindings to the edit and admin ClusterRoles, read cluster-wide by the chart.
  expect(body.subjects.map((s) => `${s.kind} ${s.name}`)).toEqual(
    expect.arrayContaining(['Group payments-devs', 'User alice@example.com']),
  );
  expect(body.complete).toBe(false);
  // Not read: ClusterRoleBindings at all; service accounts elsewhere (members of groups such as
  // system:serviceaccounts, which a who-can answer lists).
  expect(body.missing.map((m) => m.kind)).toEqual(['ClusterRoleBinding', 'ServiceAccount']);
  await page.goto(`${app.baseURL}/who-can?verb=delete&resource=pods&namespace=payments`);
  const notice = page.getByRole('alert', { name: 'Incomplete answer' });
  await expect(notice).toContainText('ClusterRoleBinding');
  await expect(notice).toContainText('namespace-scoped install');
  await page.screenshot({ path: 'e2e/screenshots/who-can-incomplete-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/who-can-incomplete-dark.png', fullPage: true });
});

test('security headers, GET/HEAD only, and a Host allowlist', async ({ startApp }) => {
  const appURL = (await startApp({})).baseURL;
  const page = await raw(appURL, { path: '/' });
  expect(page.status).toBe(200);
  const csp = String(page.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  const api = await raw(appURL, { path: '/api/readyz' });
  expect(api.headers['cache-control']).toBe('no-store');
  expect(page.body).not.toMatch(/eyJhbGciOi|Bearer /); // no token in what the app serves
  expect((await raw(appURL, { method: 'HEAD', path: '/api/healthz' })).status).toBe(200);

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const r = await raw(appURL, { method, path: '/api/who-can?verb=get&resource=pods' });
    expect(r.status, method).toBe(405);
    expect(r.body).toBe('Method Not Allowed: RBAC Atlas only reads (GET, HEAD).\n');
  }
  const port = new URL(appURL).port;
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
    expect((await raw(appURL, { host, path: '/api/healthz' })).status, host).toBe(200);
  }
  for (const host of ['evil.example.com', `attacker.test:${port}`, `localhost.evil.example.com:${port}`]) {
    const r = await raw(appURL, { host, path: '/api/who-can?verb=get&resource=secrets' });
    expect(r.status, host).toBe(421);
    expect(r.body).toBe('Misdirected Request: this Host is not allowed (set RBAC_ATLAS_ALLOWED_HOSTS).\n');
  }
});

test('SIGTERM with a browser tab open: the server exits at once, as a pod within its grace period', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/namespaces`);
  // A connection opened ahead of need, as Chromium does, that never carries a request.
  const { port } = new URL(app.baseURL);
  const preconnect = connect(Number(port), '127.0.0.1');
  preconnect.on('error', () => {});
  await new Promise((r) => preconnect.once('connect', r));
  const start = Date.now();
  const exit = await app.stop();
  expect(Date.now() - start).toBeLessThan(3_000);
  // Next.js exits 128 + 15 on SIGTERM; SIGKILL (the fixture's after 10 s) would be a signal.
  expect(exit).toEqual({ code: 143, signal: null });
});
