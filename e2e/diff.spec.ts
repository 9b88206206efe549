// The change review in the dashboard: two snapshots of a folder compared, and a namespace's graph
// drawn as a diff. Monday is the demo; Tuesday adds a binding that lets payments/default impersonate
// ci/deployer, a cluster-admin.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures/test';

const PR = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: sa-impersonator}
rules: [{verbs: [impersonate], apiGroups: [""], resources: [serviceaccounts]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-impersonates, namespace: payments}
roleRef: {kind: ClusterRole, name: sa-impersonator, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: default, namespace: payments}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: web-impersonates}
roleRef: {kind: ClusterRole, name: sa-impersonator, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: default, namespace: payments}]
`;

async function snapshotDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-diff-'));
  const demo = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'cluster.json');
  await copyFile(demo, path.join(dir, 'monday.yaml'));
  await mkdir(path.join(dir, 'tuesday'));
  await copyFile(demo, path.join(dir, 'tuesday', 'cluster.json'));
  await writeFile(path.join(dir, 'tuesday', 'pr.yaml'), PR);
  await writeFile(path.join(dir, 'notes.txt'), 'not a snapshot');
  return dir;
}

test('/diff: two snapshots compared — figures, the path opened, who gains what; names only from the folder', async ({
  page,
  startApp,
}) => {
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT_DIR: await snapshotDir() });
  await page.goto(`${app.baseURL}/diff`);
  const before = page.getByLabel('Before');
  await expect(before.locator('option')).toHaveText(['choose…', 'the current source, now', 'monday.yaml', 'tuesday']);
  await before.selectOption('monday.yaml');
  await page.getByLabel('After').selectOption('tuesday');
  await expect(page).toHaveURL(/\/diff\?from=monday\.yaml&to=tuesday$/);
  const figures = page.getByRole('region', { name: 'Differences' });
  await expect(figures.getByText('new paths to cluster-admin')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Paths opened' }).getByRole('listitem').first()).toContainText(
    'ServiceAccount payments/default',
  );
  const subject = page.getByRole('list', { name: 'Subjects' }).getByRole('listitem').first();
  await expect(subject).toContainText('payments/default');
  await expect(subject).toContainText('new path to cluster-admin');
  await expect(subject).toContainText('impersonate on serviceaccounts cluster-wide');
  await page.screenshot({ path: 'e2e/screenshots/diff-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/diff-dark.png', fullPage: true });

  // The same answer as JSON; a name outside the folder's listing is refused, never read.
  const api = await (await fetch(`${app.baseURL}/api/diff?from=monday.yaml&to=tuesday`)).json();
  expect(api.paths.opened.map((p: { from: { name: string } }) => p.from.name)).toContain('default');
  expect(api.subjects[0]).toMatchObject({ kind: 'ServiceAccount', namespace: 'payments', name: 'default' });
  for (const name of ['../monday.yaml', '/etc/passwd', 'notes.txt']) {
    const res = await fetch(`${app.baseURL}/api/diff?from=monday.yaml&to=${encodeURIComponent(name)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`no snapshot named`);
  }
  await page.goto(`${app.baseURL}/diff?from=monday.yaml&to=..%2Fmonday.yaml`);
  await expect(page.getByRole('alert').filter({ hasText: 'no snapshot named' })).toContainText(
    'no snapshot named "../monday.yaml"',
  );

  // Against the current source (the demo): Tuesday's change is what the demo lacks.
  await page.goto(`${app.baseURL}/diff?from=tuesday&to=current`);
  await expect(page.getByRole('region', { name: 'Differences' })).toContainText('Paths to cluster-admin closed');
});

test('a namespace graph drawn as a diff: gained dashed green, lost dashed red, in the graph and its list', async ({
  page,
  startApp,
}) => {
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT_DIR: await snapshotDir() });
  await page.goto(`${app.baseURL}/diff?from=monday.yaml&to=tuesday`);
  await page
    .getByRole('list', { name: 'Subjects' })
    .getByRole('link', { name: 'payments', exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(/\/namespaces\/payments\?from=monday\.yaml&to=tuesday$/);
  const banner = page.getByRole('status', { name: 'Diff' });
  await expect(banner).toContainText('snapshot');
  await expect(banner).toContainText('Gained: dashed green');
  await expect(page.locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/namespace-diff-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/namespace-diff-dark.png' });
  await page.goto(`${app.baseURL}/namespaces/payments?from=monday.yaml&to=tuesday&view=list`);
  const edges = page.getByRole('list', { name: 'Edges' });
  await expect(edges.getByRole('listitem').filter({ hasText: /^gained: / })).toHaveText([
    'gained: ServiceAccount payments/default → RoleBinding payments/web-impersonates (subject-of)',
    'gained: RoleBinding payments/web-impersonates → ClusterRole sa-impersonator (binds) — dangerous',
    'gained: ClusterRole sa-impersonator → Resource serviceaccounts (grants: impersonate) — dangerous',
    'gained: ServiceAccount payments/default → ClusterRoleBinding web-impersonates (subject-of)',
    'gained: ClusterRoleBinding web-impersonates → ClusterRole sa-impersonator (binds) — dangerous',
  ]);
  await expect(edges.getByRole('listitem').filter({ hasText: /^lost: / })).toHaveCount(0);
  // Back to the state alone.
  await banner.getByRole('link', { name: 'Show the current state only' }).click();
  await expect(page.getByRole('status', { name: 'Diff' })).toHaveCount(0);
});

test('/diff without a snapshot folder says how to give one', async ({ page, startApp }) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/diff`);
  const status = page.getByRole('status').filter({ hasText: 'No snapshot folder' });
  await expect(status).toContainText('RBAC_ATLAS_SNAPSHOT_DIR');
  // Not a dead end: two snapshots can be uploaded now.
  await expect(status.getByRole('link', { name: 'Upload two snapshots in What-if' })).toHaveAttribute(
    'href',
    '/what-if#snapshots',
  );
});
