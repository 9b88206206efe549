// A live cluster as an admin lives with it: changes show within seconds, partial credentials give
// answers that say they are partial (API, pages, CLI), an API server that stops answering leaves
// the last data on screen marked stale, a removed kubeconfig is an error, and every context of a
// kubeconfig is one click (and one URL) away.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminFetch, startControlPlane, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { startRelay } from './fixtures/relay';
import { expect, test } from './fixtures/test';

const CLI = path.join(import.meta.dirname, '..', 'bin', 'rbac-atlas.js');
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

interface WhoCanBody {
  complete: boolean;
  missing: { kind: string; reason: string }[];
  subjects: { kind: string; name: string; namespace?: string }[];
}

function binding(name: string, user: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: 'checkout' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  };
}

test('a RoleBinding created and deleted on the API server shows in /api/who-can within seconds', async ({
  page,
  startApp,
  cluster,
}) => {
  const app = await startApp({ KUBECONFIG: cluster.cp.kubeconfigPath });
  const url = `${app.baseURL}/api/who-can?verb=list&resource=pods&namespace=checkout&limit=5000`;
  const names = async () => ((await (await page.request.get(url)).json()) as WhoCanBody).subjects.map((s) => s.name);
  expect(await names()).not.toContain('fresh-user');
  const created = await adminFetch(cluster.cp, `${RBAC}/namespaces/checkout/rolebindings`, {
    method: 'POST',
    body: binding('fresh', 'fresh-user'),
  });
  expect(created.status).toBe(201);
  await expect.poll(names, { timeout: 5000, intervals: [50] }).toContain('fresh-user');
  await adminFetch(cluster.cp, `${RBAC}/namespaces/checkout/rolebindings/fresh`, { method: 'DELETE' });
  await expect.poll(names, { timeout: 5000, intervals: [50] }).not.toContain('fresh-user');
  await page.goto(`${app.baseURL}/changes`);
  const changes = page.getByRole('list', { name: 'Changes' }).locator('> li');
  await expect(changes.first()).toContainText('deleted RoleBinding checkout/fresh');
  await expect(changes.nth(1)).toContainText('created RoleBinding checkout/fresh');
  await expect(changes.nth(1)).toContainText('gained');
  const file = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV', exact: true }).click();
  const csv = Buffer.concat(await (await (await file).createReadStream()).toArray()).toString();
  expect(csv).toMatch(/\r\n[^,]+,created RoleBinding checkout\/fresh,User,,fresh-user,gained,/);
  await page.screenshot({ path: 'e2e/screenshots/changes-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/changes-dark.png', fullPage: true });
});

test('credentials that may not list some kinds: incomplete in the API, on the page and in the CLI (exit 3)', async ({
  page,
  startApp,
  cluster,
}) => {
  const kubeconfig = await cluster.kubeconfigWithToken(await cluster.serviceAccountToken('default', 'partial-reader'));
  const app = await startApp({ KUBECONFIG: kubeconfig });
  const query = 'verb=get&resource=secrets&namespace=payments';
  const body = (await (await page.request.get(`${app.baseURL}/api/who-can?${query}`)).json()) as WhoCanBody;
  expect(body.complete).toBe(false);
  expect(body.missing.map((m) => m.kind)).toEqual(['Role']);
  expect(body.missing[0]!.reason).toContain('forbidden: these credentials may not list roles cluster-wide');

  await page.goto(`${app.baseURL}/who-can?${query}`);
  await expect(page.getByRole('alert', { name: 'Incomplete answer' })).toContainText('Role: forbidden');
  await page.goto(`${app.baseURL}/subjects/serviceaccount/payments/payments-api`);
  await expect(page.getByRole('alert', { name: 'Incomplete answer' }).first()).toBeVisible();
  // Pods are forbidden too: the pods that run as it are unknown, not none.
  await expect(page.getByRole('heading', { name: 'Pods running as it (unknown)' })).toBeVisible();

  // payments-api reads secrets through a Role these credentials cannot see: "no" is not the truth.
  const ask = ['can-i', 'get', 'secrets', '-n', 'payments', '--as', 'system:serviceaccount:payments:payments-api'];
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args, '--kubeconfig', kubeconfig], { encoding: 'utf8' });
  const no = run(...ask);
  expect(no.stdout).toBe('no\n');
  expect(no.status).toBe(3);
  expect(no.stderr).toContain('Warning: this answer is incomplete');
  expect(no.stderr).toContain('Role: forbidden');
  expect(run(...ask, '--allow-incomplete').status).toBe(1);
  const who = run('who-can', 'get', 'secrets', '-n', 'payments');
  expect(who.status).toBe(3);
  expect(run('who-can', 'get', 'secrets', '-n', 'payments', '--allow-incomplete').status).toBe(0);
  // A yes stays a yes: the ClusterRoleBinding of cluster-admin is readable.
  const yes = run('can-i', 'get', 'secrets', '-n', 'payments', '--as', 'admin', '--as-group', 'system:masters');
  expect(yes.status).toBe(0);
});

test('an API server that stops answering: the last data stays, marked stale on every page; then it recovers', async ({
  page,
  startApp,
  cluster,
}) => {
  test.setTimeout(120_000);
  const link = await startRelay(new URL(cluster.cp.server));
  const kubeconfig = await cluster.kubeconfigWithToken(cluster.cp.adminToken, `https://127.0.0.1:${link.port}`);
  const app = await startApp({ KUBECONFIG: kubeconfig });
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'payments', exact: true })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Stale data' })).toHaveCount(0);
  await link.set('refuse');
  // A page left open learns it too: the header asks /api/readyz every 15 s.
  await expect(page.getByRole('alert', { name: 'Stale data' })).toBeVisible({ timeout: 45_000 });
  const readyz = async () => (await page.request.get(`${app.baseURL}/api/readyz`)).status();
  await expect.poll(readyz, { timeout: 20_000 }).toBe(503);
  for (const view of ['/', '/namespaces/payments', '/who-can?verb=get&resource=pods', '/changes']) {
    await page.goto(`${app.baseURL}${view}`);
    await expect(page.getByRole('alert', { name: 'Stale data' }), view).toContainText(
      /Stale since \d\d:\d\d:\d\d UTC, reconnecting/,
    );
  }
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'payments', exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/stale-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/stale-dark.png' });
  const body = (await (await page.request.get(`${app.baseURL}/api/readyz`)).json()) as {
    status: string;
    reason: string;
  };
  expect(body.status).toBe('stale');
  expect(body.reason).toContain(`127.0.0.1:${link.port}`);
  await link.set('pass');
  await expect.poll(readyz, { timeout: 60_000 }).toBe(200);
  await page.reload();
  await expect(page.getByRole('alert', { name: 'Stale data' })).toHaveCount(0);
  await app.stop();
  await link.stop();
});

test('a kubeconfig that disappears is an error, never other data', async ({ page, startApp, cluster }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-gone-'));
  const kubeconfig = path.join(dir, 'config');
  await copyFile(cluster.cp.kubeconfigPath, kubeconfig);
  const app = await startApp({ KUBECONFIG: kubeconfig });
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'payments', exact: true })).toBeVisible();
  await rm(kubeconfig);
  await expect
    .poll(async () => (await page.request.get(`${app.baseURL}/api/readyz`)).status(), { timeout: 10_000 })
    .toBe(503);
  await page.goto(app.baseURL);
  const alert = page.getByRole('alert', { name: 'The cluster could not be read' });
  await expect(alert).toContainText(`cannot load ${kubeconfig}`);
  await expect(page.getByText('Demo data.')).toHaveCount(0);
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('a kubeconfig replaced by one for another cluster: one history per cluster, each cache started once', async ({
  startApp,
  cluster,
}) => {
  test.setTimeout(180_000);
  const other = await startControlPlane();
  try {
    const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-swap-'));
    const kubeconfig = path.join(dir, 'config');
    // An editor's atomic save: the new file written beside, then renamed over the old one.
    const swapTo = async (cp: ControlPlane) => {
      await copyFile(cp.kubeconfigPath, `${kubeconfig}.tmp`);
      await rename(`${kubeconfig}.tmp`, kubeconfig);
    };
    await swapTo(cluster.cp);
    const app = await startApp({ KUBECONFIG: kubeconfig });
    const changes = async () => {
      const res = await fetch(`${app.baseURL}/api/changes?limit=100`);
      if (res.status !== 200) return [];
      const body = (await res.json()) as { changes: { objects: { name: string }[] }[] };
      return body.changes.flatMap((c) => c.objects.map((o) => o.name));
    };
    const source = async () =>
      ((await (await fetch(`${app.baseURL}/api/readyz`)).json()) as { source?: string }).source;
    await expect.poll(source, { timeout: 30_000 }).toContain(cluster.cp.server);
    const create = (cp: ControlPlane, name: string) =>
      adminFetch(cp, `${RBAC}/namespaces/default/rolebindings`, {
        method: 'POST',
        body: { ...binding(name, name), metadata: { name, namespace: 'default' } },
      });
    expect((await create(cluster.cp, 'seen-in-first')).status).toBe(201);
    await expect.poll(changes, { timeout: 10_000 }).toEqual(['seen-in-first']);
    await swapTo(other);
    await expect.poll(source, { timeout: 30_000 }).toContain(other.server);
    expect((await create(other, 'seen-in-second')).status).toBe(201);
    await expect.poll(changes, { timeout: 10_000 }).toEqual(['seen-in-second']);
    // Back to the first: its own history, kept per cluster (#28), never the second's; what it did
    // meanwhile was not seen. The delete comes on top of the create seen before.
    await swapTo(cluster.cp);
    await expect.poll(source, { timeout: 30_000 }).toContain(cluster.cp.server);
    await expect.poll(changes, { timeout: 10_000 }).toEqual(['seen-in-first']);
    await adminFetch(cluster.cp, `${RBAC}/namespaces/default/rolebindings/seen-in-first`, { method: 'DELETE' });
    await expect.poll(changes, { timeout: 10_000 }).toEqual(['seen-in-first', 'seen-in-first']);
    // One cache per file version: three starts for three versions, never two for one rename.
    expect(app.output().match(/: watching$/gm) ?? []).toHaveLength(3);
  } finally {
    await other.stop();
  }
});

test('every context of the kubeconfig: picked in the header, kept in the URL and in every link', async ({
  page,
  startApp,
  cluster,
}) => {
  const partial = await cluster.serviceAccountToken('default', 'partial-reader');
  const ca = Buffer.from(cluster.cp.caPem).toString('base64');
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-contexts-'));
  const kubeconfig = path.join(dir, 'config');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "${cluster.cp.server}", certificate-authority-data: ${ca}}
users:
- name: admin
  user: {token: ${cluster.cp.adminToken}}
- name: partial
  user: {token: ${partial}}
contexts:
- name: admin@local
  context: {cluster: local, user: admin}
- name: partial@local
  context: {cluster: local, user: partial}
current-context: admin@local
`,
  );
  const app = await startApp({ KUBECONFIG: kubeconfig });
  await page.goto(`${app.baseURL}/namespaces`);
  const picker = page.getByLabel('Context', { exact: true });
  await expect(picker).toHaveValue('admin@local');
  await expect(page.getByLabel('Data source')).toContainText('context admin@local');
  await expect(page.getByRole('alert', { name: 'Incomplete answer' })).toHaveCount(0);
  await picker.selectOption('partial@local');
  await expect(page).toHaveURL(/\?context=partial%40local$/);
  await expect(page.getByLabel('Data source')).toContainText('context partial@local');
  await expect(page.getByRole('alert', { name: 'Incomplete answer' })).toBeVisible();
  // Links keep the context: a namespace, then the who-can page from the header.
  await page.getByRole('table').getByRole('link', { name: 'payments', exact: true }).click();
  await expect(page).toHaveURL(/\/namespaces\/payments\?context=partial%40local$/);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Who can' }).click();
  await expect(page).toHaveURL(/\/who-can\?context=partial%40local$/);
  await page.screenshot({ path: 'e2e/screenshots/contexts-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/contexts-dark.png' });
  // The API answers for the context in its URL; an unknown one is named as such.
  const ask = (ctx: string) =>
    page.request.get(`${app.baseURL}/api/who-can?verb=get&resource=secrets&namespace=payments&context=${ctx}`);
  expect(((await (await ask('partial%40local')).json()) as WhoCanBody).complete).toBe(false);
  expect(((await (await ask('admin%40local')).json()) as WhoCanBody).complete).toBe(true);
  const unknown = await ask('prod');
  expect(unknown.status()).toBe(503);
  expect(await unknown.text()).toContain(
    'context \\"prod\\" not found in the kubeconfig; it has: admin@local, partial@local',
  );
});
