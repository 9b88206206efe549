// What each viewer may see (issue #31, "Views authorized per viewer"), on the real control plane with
// the app running in-cluster in `token` mode as the chart deploys it: its service account reads the
// cluster and may create SubjectAccessReviews (system:auth-delegator). Static-token users: alice may
// list RoleBindings in payments only, bob RoleBindings and ClusterRoleBindings everywhere, carol
// nothing. Requests carry `Authorization: Bearer <token>` (what an authenticating proxy sends), so
// this proof does not depend on the sign-in page.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { request as playwrightRequest } from '@playwright/test';
import { createObjects, parseManifests } from '@/scripts/control-plane/apply';
import { adminFetch, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { startDemoCluster } from '@/scripts/control-plane/demo-cluster';
import { startApp, risksComputed, type AppServer } from './fixtures/app-server';
import { inClusterEnv, renderChart } from './fixtures/in-cluster';
import { expect, test as base } from './fixtures/test';

const USERS = ['alice', 'bob', 'carol'] as const;
type User = (typeof USERS)[number];

// Who may list what: alice RoleBindings in payments, bob both kinds everywhere, carol nothing.
const GRANTS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-list-rolebindings}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: e2e-alice, namespace: payments}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: e2e-list-rolebindings}
subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}]
---
# A RoleBinding in payments naming another namespace's account: alice sees the account, not its namespace.
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: e2e-prometheus-views-payments, namespace: payments}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: e2e-prometheus, namespace: monitoring}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-list-all-bindings}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, clusterrolebindings], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: e2e-bob}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: e2e-list-all-bindings}
subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: bob}]
`;

const test = base.extend<
  { app: AppServer; as: (user: User) => Promise<APIRequestContext> },
  { viewersCluster: ControlPlane }
>({
  viewersCluster: [
    async ({}, use) => {
      const cp = await startDemoCluster({ users: USERS.map((name) => ({ name })), log: (l) => console.log(l) });
      // The chart in token mode: its read role, and system:auth-delegator for the reviews.
      await createObjects(cp, [...parseManifests(render('auth.mode=token')), ...parseManifests(GRANTS)]);
      await use(cp);
      await cp.stop();
    },
    { scope: 'worker', timeout: 900_000 },
  ],
  app: async ({ viewersCluster }, use) => {
    const app = await startApp(await podEnv(viewersCluster));
    await risksComputed(app.baseURL, { authorization: `Bearer ${viewersCluster.userTokens.get('bob')!}` });
    await use(app);
    await app.stop();
  },
  as: async ({ app, viewersCluster }, use) => {
    const contexts: APIRequestContext[] = [];
    await use(async (user) => {
      const ctx = await playwrightRequest.newContext({
        baseURL: app.baseURL,
        extraHTTPHeaders: bearer(viewersCluster, user),
      });
      contexts.push(ctx);
      return ctx;
    });
    await Promise.all(contexts.map((c) => c.dispose()));
  },
});

test.describe.configure({ mode: 'serial' });

const RELEASE = 'atlas-viewers';

const render = (...sets: string[]) => renderChart(RELEASE, ...sets);

const bearer = (cp: ControlPlane, user: User) => ({ authorization: `Bearer ${cp.userTokens.get(user)!}` });

/** The app in a pod of the chart's release (its namespace and service account), in token mode. */
const podEnv = (cp: ControlPlane) =>
  inClusterEnv(cp, RELEASE, RELEASE, {
    RBAC_ATLAS_SOURCE: 'in-cluster',
    // As the chart sets them, the cache shorter (a permission taken away is seen within the test).
    RBAC_ATLAS_AUTH: 'token',
    RBAC_ATLAS_AUTH_CACHE_SECONDS: '2',
  });

async function viewerPage(browser: Browser, app: AppServer, cp: ControlPlane, user: User): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseURL, extraHTTPHeaders: bearer(cp, user) });
  return context.newPage();
}

/** Every link in the page's main part opens for this viewer: none answers 403. */
async function expectNoLinkTo403(page: Page): Promise<void> {
  const links = page.getByRole('main').locator('a[href^="/"]');
  const hrefs = new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!)));
  expect(hrefs.size).toBeGreaterThan(2);
  for (const href of hrefs) expect((await page.request.get(href)).status(), href).not.toBe(403);
}

interface Missing {
  kind: string;
  reason: string;
}

test('alice sees payments and nothing else: lists, graph, who-can, search and exports say what is hidden', async ({
  as,
}) => {
  const alice = await as('alice');
  const namespaces = await alice.get('/api/namespaces?limit=500');
  expect(namespaces.status()).toBe(200);
  const list = (await namespaces.json()) as { complete: boolean; missing: Missing[]; namespaces: { name: string }[] };
  expect(list.namespaces.map((n) => n.name)).toEqual(['payments']);
  expect(list.complete).toBe(false);
  expect(list.missing.map((m) => m.reason)).toContain(
    'hidden by your access: you may not list rolebindings outside payments',
  );
  expect(list.missing.map((m) => m.reason)).toContain('hidden by your access: you may not list clusterrolebindings');

  const graph = await alice.get('/api/graph?namespace=payments');
  expect(graph.status()).toBe(200);
  expect(JSON.stringify(await graph.json())).toContain('payments-api');

  const whoCan = await alice.get('/api/who-can?verb=get&resource=secrets&namespace=payments');
  expect(whoCan.status()).toBe(200);
  const answer = (await whoCan.json()) as { complete: boolean; missing: Missing[]; subjects: { name: string }[] };
  expect(answer.subjects.map((s) => s.name)).toContain('payments-api');
  expect(answer.complete).toBe(false);
  expect(answer.missing.map((m) => m.kind)).toContain('ClusterRoleBinding');

  // Search: what is in payments, nothing of checkout's.
  const found = (await (await alice.get('/api/search?q=api')).json()) as { items: { label?: string; href?: string }[] };
  expect(JSON.stringify(found.items)).toContain('payments');
  expect(JSON.stringify(found.items)).not.toContain('checkout');
  const checkout = (await (await alice.get('/api/search?q=checkout')).json()) as { totals: Record<string, number> };
  expect(Object.values(checkout.totals).reduce((a, b) => a + b, 0)).toBe(0);

  // Exports: only payments' rows, marked incomplete.
  const csv = await alice.get('/api/bindings?format=csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['x-rbac-atlas-complete']).toBe('false');
  const rows = (await csv.text()).trim().split('\n').slice(1);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toMatch(/^RoleBinding,payments,/);
  const nsCsv = await alice.get('/api/namespaces?format=csv');
  expect((await nsCsv.text()).trim().split('\n').length).toBe(2);
});

test('alice: another namespace and the cluster-wide views are 403, naming the permission', async ({ as }) => {
  const alice = await as('alice');
  const refusals: [string, string][] = [
    ['/api/graph?namespace=checkout', 'list rolebindings in namespace checkout'],
    ['/api/who-can?verb=get&resource=secrets&namespace=checkout', 'list rolebindings in namespace checkout'],
    ['/api/roles/role/checkout/x', 'list rolebindings in namespace checkout'],
    ['/api/who-can?verb=get&resource=secrets', 'list clusterrolebindings'],
    ['/api/findings', 'list clusterrolebindings'],
    ['/api/paths', 'list clusterrolebindings'],
    ['/api/bindings/clusterrolebinding/cluster-admin', 'list clusterrolebindings'],
    ['/api/changes', 'list clusterrolebindings'],
  ];
  for (const [address, permission] of refusals) {
    const res = await alice.get(address);
    expect(res.status(), address).toBe(403);
    expect(((await res.json()) as { error: string }).error, address).toContain(permission);
  }
});

test('alice in the browser: her overview, /risks and another namespace are 403 pages with the reason', async ({
  browser,
  app,
  viewersCluster,
}) => {
  // Two accessibility scans of a full page: more than the default minute on a busy runner.
  test.setTimeout(180_000);
  const page = await viewerPage(browser, app, viewersCluster, 'alice');
  const overview = await page.goto('/');
  expect(overview?.status()).toBe(200);
  await expect(
    page.getByRole('navigation', { name: 'Sections' }).locator('[data-hidden-section="/risks"]'),
  ).toBeVisible();
  // The trend and the history count every namespace: said hidden, not drawn.
  await expect(page.getByRole('region', { name: 'Trend: hidden by your access' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'What changed recently: hidden by your access' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Who can become cluster-admin: hidden by your access' })).toContainText(
    'list clusterrolebindings',
  );
  // No link on her overview answers 403: what her access does not open is marked, with why, not linked.
  const main = page.getByRole('main');
  await expect(main.locator('[data-hidden-by-access]', { hasText: 'All risks' })).toHaveAttribute(
    'title',
    /list clusterrolebindings/,
  );
  // It no longer looks like a link: no underline, not the link colour.
  const allRisks = main.locator('[data-hidden-by-access]', { hasText: 'All risks' });
  expect(await allRisks.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('none');
  await expectNoLinkTo403(page);
  // An account of another namespace that her RoleBinding names: its page opens; in the subject
  // list its namespace is marked, not a link to a 403.
  expect((await page.goto('/subjects/serviceaccount/monitoring/e2e-prometheus'))?.status()).toBe(200);
  await expectNoLinkTo403(page);
  await page.goto('/subjects');
  await expect(
    page.getByRole('main').locator('[data-hidden-by-access]', { hasText: 'monitoring' }).first(),
  ).toHaveAttribute('title', /list rolebindings in namespace monitoring/);
  await expectNoLinkTo403(page);
  await page.goto('/');
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // The marked sections and the hidden parts stay readable: no serious accessibility violation.
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/viewer-namespace-overview-${theme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  const risks = await page.goto('/risks');
  expect(risks?.status()).toBe(403);
  await expect(page.getByTestId('forbidden-reason')).toContainText('list clusterrolebindings');
  const other = await page.goto('/namespaces/checkout');
  expect(other?.status()).toBe(403);
  await expect(page.getByTestId('forbidden-reason')).toContainText('list rolebindings in namespace checkout');
  const own = await page.goto('/namespaces/payments');
  expect(own?.status()).toBe(200);
  await expect(page.getByRole('alert', { name: 'Incomplete answer' })).toContainText('hidden by your access');
  expect((await page.goto('/subjects/serviceaccount/payments/payments-api'))?.status()).toBe(200);
  await page.context().close();
});

test('bob sees everything, complete', async ({ as, browser, app, viewersCluster }) => {
  const bob = await as('bob');
  const list = (await (await bob.get('/api/namespaces?limit=500')).json()) as {
    complete: boolean;
    namespaces: { name: string }[];
  };
  expect(list.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining(['payments', 'checkout', 'kube-system']));
  expect(list.complete).toBe(true);
  expect((await bob.get('/api/findings?limit=5')).status()).toBe(200);
  const page = await viewerPage(browser, app, viewersCluster, 'bob');
  expect((await page.goto('/risks'))?.status()).toBe(200);
  await expect(page.getByRole('navigation', { name: 'Sections' }).locator('[data-hidden-section]')).toHaveCount(0);
  await expect(page.locator('[data-hidden-by-access]')).toHaveCount(0);
  await page.context().close();
});

test('carol, who may list neither, gets 403 with the reason on pages and the API', async ({
  as,
  browser,
  app,
  viewersCluster,
}) => {
  const carol = await as('carol');
  for (const address of ['/api/namespaces', '/api/search?q=a', '/api/graph?namespace=payments']) {
    const res = await carol.get(address);
    expect(res.status(), address).toBe(403);
    expect(((await res.json()) as { error: string }).error).toContain(
      'you may not list rolebindings in any namespace, nor list clusterrolebindings',
    );
  }
  const page = await viewerPage(browser, app, viewersCluster, 'carol');
  expect((await page.goto('/'))?.status()).toBe(403);
  await expect(page.getByTestId('forbidden-reason')).toContainText('list rolebindings in any namespace');
  await page.context().close();
});

test('a permission taken away stops showing its views within the cache time', async ({ as, viewersCluster }) => {
  const alice = await as('alice');
  expect((await alice.get('/api/graph?namespace=payments')).status()).toBe(200);
  const removed = await adminFetch(
    viewersCluster,
    '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/e2e-alice',
    { method: 'DELETE' },
  );
  expect(removed.status).toBe(200);
  // RBAC_ATLAS_AUTH_CACHE_SECONDS=2: the reviews are asked again, and the server now says no.
  await expect
    .poll(async () => (await alice.get('/api/graph?namespace=payments')).status(), { timeout: 20_000 })
    .toBe(403);
  const res = await alice.get('/api/namespaces');
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: string }).error).toContain('you may not list rolebindings in any namespace');
});

test('no token, or one the server does not accept: 401, never data', async ({ app }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL: app.baseURL });
  const forged = await playwrightRequest.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { authorization: 'Bearer not-a-token' },
  });
  try {
    for (const ctx of [anonymous, forged]) {
      const res = await ctx.get('/api/namespaces', { maxRedirects: 0 });
      expect(res.status()).toBe(401);
      expect(await res.text()).not.toContain('payments');
    }
  } finally {
    await Promise.all([anonymous.dispose(), forged.dispose()]);
  }
});

test('/api/readyz: only {status} without a verified token (the probe), its detail for a viewer', async ({
  app,
  as,
}) => {
  for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
    const res = await fetch(`${app.baseURL}/api/readyz?context=elsewhere`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  }
  const carol = await as('carol');
  const detail = (await (await carol.get('/api/readyz')).json()) as { status: string; source?: string };
  expect(detail.status).toBe('ok');
  expect(detail.source).toBeTruthy();
});
