// The overview as an admin sees it, from each source: demo, a live cluster, a cluster that cannot
// be reached, credentials that may not list everything, and a snapshot with a bad object.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures/test';

const DEMO_NAMESPACES = ['default', 'kube-system', 'payments', 'checkout', 'monitoring', 'ci', 'dev-sandbox'];

test('with no cluster configured, the overview lists the demo namespaces under a demo banner', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByRole('status')).toContainText('Demo data.');
  await expect(page.getByLabel('Data source')).toContainText('demo data');
  const table = page.getByRole('table');
  for (const ns of DEMO_NAMESPACES) await expect(table.getByRole('rowheader', { name: ns, exact: true })).toBeVisible();
  // checkout runs 12 checkout-web pods and one cart pod.
  await expect(table.getByRole('row', { name: /^checkout\b/ })).toContainText('13');
  await page.screenshot({ path: 'e2e/screenshots/overview-demo-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/overview-demo-dark.png', fullPage: true });
});

test('with a kubeconfig, the overview shows the live cluster and names its context and server', async ({
  page,
  startApp,
  cluster,
}) => {
  const app = await startApp({ KUBECONFIG: cluster.cp.kubeconfigPath });
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByLabel('Data source')).toContainText(`context rbac-atlas-local (${cluster.cp.server})`);
  await expect(page.getByRole('status')).toHaveCount(0);
  const table = page.getByRole('table');
  for (const ns of DEMO_NAMESPACES) await expect(table.getByRole('rowheader', { name: ns, exact: true })).toBeVisible();
  // Live only: the controller manager gave every namespace a default service account (payments: 3 + default).
  await expect(
    table
      .getByRole('row', { name: /^payments\b/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('4');
  await page.screenshot({ path: 'e2e/screenshots/overview-live.png', fullPage: true });
});

test('an unreachable cluster is an error that names it, never the demo', async ({ page, startApp, cluster }) => {
  const kubeconfig = await cluster.kubeconfigWithToken('x', 'https://127.0.0.1:1');
  const app = await startApp({ KUBECONFIG: kubeconfig });
  expect((await page.goto(app.baseURL))?.status()).toBe(503);
  const alert = page.getByRole('alert', { name: 'The cluster could not be read' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('cannot reach the API server at https://127.0.0.1:1: ECONNREFUSED');
  await expect(page.getByText('Demo data.')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/overview-unreachable.png', fullPage: true });
  for (const view of [
    '/namespaces/default',
    '/who-can?verb=get&resource=pods',
    '/subjects/user/alice',
    '/roles/clusterrole/view',
  ]) {
    expect((await page.goto(app.baseURL + view))?.status(), view).toBe(503);
    await expect(page.getByRole('alert', { name: 'The cluster could not be read' }), view).toContainText(
      'ECONNREFUSED',
    );
  }
  const ready = await page.request.get(`${app.baseURL}/api/readyz`);
  expect(ready.status()).toBe(503);
  expect((await ready.json()).error).toMatch(/ECONNREFUSED/);
  expect((await page.request.get(`${app.baseURL}/api/healthz`)).status()).toBe(200);
});

test('a kind the credentials may not list is named with its fix, and the rest shows', async ({
  page,
  startApp,
  cluster,
}) => {
  const token = await cluster.serviceAccountToken('default', 'partial-reader');
  const app = await startApp({ KUBECONFIG: await cluster.kubeconfigWithToken(token) });
  await page.goto(`${app.baseURL}/namespaces`);
  const alert = page.getByRole('alert', { name: 'Source problems' });
  await expect(alert).toContainText('2 problems while reading the source');
  await expect(alert).toContainText('(Pod): forbidden: these credentials may not list pods cluster-wide');
  await expect(alert).toContainText('(Role): forbidden');
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'payments', exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/overview-forbidden.png', fullPage: true });
});

test('a snapshot with a malformed object shows the problem and everything else', async ({ page, startApp }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-snap-'));
  const file = path.join(dir, 'snapshot.yaml');
  await writeFile(
    file,
    `apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: broken, namespace: shop}
roleRef: {kind: Rol, name: x}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
`,
  );
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT: file });
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByLabel('Data source')).toContainText(`snapshot ${file}`);
  await expect(page.getByRole('alert', { name: 'Source problems' })).toContainText(
    'document 2 (RoleBinding shop/broken): roleRef.kind: must be Role or ClusterRole, got "Rol"',
  );
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'shop', exact: true })).toBeVisible();
  // The binding that did not read may have granted anything: ready, but incomplete, saying why.
  const ready = await page.request.get(`${app.baseURL}/api/readyz`);
  expect(ready.status()).toBe(200);
  const body = await ready.json();
  expect(body).toMatchObject({ status: 'ok', complete: false });
  expect(body.missing).toEqual([
    { kind: 'RoleBinding', reason: expect.stringContaining('document 2 (RoleBinding shop/broken): roleRef.kind') },
  ]);
});
