// Usage on the dashboard, from the audit log the real API server wrote for the demo manifests
// (lib/k8s/demo/audit.log): /usage lists what no request used and what was denied, under the window
// read; a subject's grants are marked used or unused, a binding says who used it; right-sizing
// offers YAML that downloads and parses; the exports parse; and a log that grows while the server
// runs shows its new requests without a restart.
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { risksComputed } from './fixtures/app-server';
import { expect, test } from './fixtures/test';

const DEMO_LOG = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'audit.log');

test('/usage: the window, a binding no request used, a denied request; the exports parse', async ({
  page,
  startApp,
}) => {
  const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
  await page.goto(`${app.baseURL}/usage`);
  await expect(page.getByRole('region', { name: 'Window read' })).toContainText(
    /Window: 2026-\S+ to 2026-\S+ \(\d+ events, 1 file\)/,
  );
  // payments/legacy-audit binds a role the demo's workloads never use.
  const table = page.getByRole('table', { name: 'Bindings never used' });
  await expect(table.getByRole('link', { name: 'payments/legacy-audit', exact: true })).toBeVisible();
  // payments-api reads its secret through payments-api-secrets: used, so not listed.
  await expect(table.getByRole('link', { name: 'payments/payments-api-secrets', exact: true })).toHaveCount(0);

  await page.getByRole('link', { name: /^Denied requests/ }).click();
  await expect(page).toHaveURL(/list=denied/);
  const denied = page.getByRole('table', { name: 'Denied requests' });
  await expect(
    denied
      .getByRole('row')
      .filter({ hasText: 'dana@example.com' })
      .filter({ hasText: 'list secrets in namespace payments' }),
  ).toHaveCount(1);

  const json = (await (await page.request.get(`${app.baseURL}/api/usage?list=denied`)).json()) as {
    window: { events: number; files: string[] };
    attribution: { disagreements: number };
    items: { user: string; request: string }[];
  };
  expect(json.window.events).toBeGreaterThan(0);
  expect(json.attribution.disagreements).toBe(0);
  expect(json.items).toContainEqual(
    expect.objectContaining({ user: 'dana@example.com', request: 'list secrets in namespace payments' }),
  );
  const csv = await (await page.request.get(`${app.baseURL}/api/usage?format=csv`)).text();
  const [header, ...rows] = csv.trim().split('\r\n');
  expect(header).toBe('binding,kind,builtin');
  expect(rows).toContain('payments/legacy-audit,RoleBinding,false');
  expect((await page.request.get(`${app.baseURL}/api/usage?list=nope`)).status()).toBe(400);
});

test("a subject's grants marked used and unused; a binding's use", async ({ page, startApp }) => {
  const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
  await page.goto(`${app.baseURL}/subjects/serviceaccount/monitoring/grafana`);
  const grants = page.getByRole('table', { name: 'Grants and their use' });
  // Grafana lists pods in its namespace through `view` (used) and never reads namespaces (unused).
  const row = (text: string) => grants.getByRole('row').filter({ hasText: text }).first();
  await expect(
    row('resources=[configmaps,endpoints,persistentvolumeclaims').getByText('used', { exact: true }),
  ).toBeVisible();
  await expect(row('resources=[namespaces]').getByText('unused', { exact: true })).toBeVisible();
  await expect(row('resources=[namespaces]')).toContainText('never used in the window');
  await expect(page.getByRole('table', { name: 'Its requests' })).toContainText('list pods in namespace monitoring');

  await page.goto(`${app.baseURL}/bindings/rolebinding/payments/payments-config`);
  const use = page.getByRole('region', { name: 'Use in the audit log' });
  await expect(use.getByRole('status')).toContainText('used it, last used 2026-12-05T');
  await expect(use.getByRole('link', { name: 'system:serviceaccount:payments:payments-api' })).toBeVisible();
  await page.goto(`${app.baseURL}/bindings/rolebinding/payments/legacy-audit`);
  await expect(page.getByRole('region', { name: 'Use in the audit log' }).getByRole('status')).toContainText(
    'No allowed request used it in the window.',
  );
});

test('right-sizing: the check, the paths that close, and YAML that downloads and parses', async ({
  page,
  startApp,
}) => {
  const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
  // Which paths close is compared once this version's attack paths are built.
  await risksComputed(app.baseURL);
  await page.goto(`${app.baseURL}/usage?list=identities`);
  await page
    .getByRole('row')
    .filter({ hasText: 'ServiceAccount ci/deployer' })
    .getByRole('link', { name: 'Propose roles' })
    .click();
  await expect(page).toHaveURL(/\/usage\/rightsize\?subject=system%3Aserviceaccount%3Aci%3Adeployer/);
  const effect = page.getByRole('region', { name: 'Effect' });
  await expect(effect).toContainText(
    /After check: \d+ requests? \(\d+ events?\) re-checked on the after state, 0 failures\./,
  );
  await expect(effect.getByText('Paths to cluster-admin closed:')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download' }).click();
  const file = await (await download).path();
  const docs = parseAllDocuments(await readFile(file, 'utf8')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string } },
  );
  expect(docs.length).toBeGreaterThan(0);
  for (const d of docs) expect(d.metadata.name).toMatch(/^rightsized:/);
  expect(docs.map((d) => d.kind)).toContain('RoleBinding');
  // The YAML shown is the YAML downloaded, and what `rbac-atlas rightsize -o yaml` prints (its summary as comments).
  const text = await readFile(file, 'utf8');
  expect(await page.locator('#rightsize-yaml').textContent()).toBe(text);
  expect(text).toMatch(/^# Right-sizing ServiceAccount ci\/deployer/);
  await expect(page.locator('#rightsize-delete-yaml')).toContainText('name: ci-deployer-cluster-admin');

  const api = await page.request.get(`${app.baseURL}/api/usage/rightsize?subject=system:serviceaccount:ci:deployer`);
  const body = (await api.json()) as { proposals: { check: { failures: unknown[]; requests: number } }[] };
  expect(body.proposals[0]!.check.failures).toEqual([]);
  expect(body.proposals[0]!.check.requests).toBeGreaterThan(0);
  expect((await page.request.get(`${app.baseURL}/api/usage/rightsize?subject=`)).status()).toBe(400);
});

test('a log that grows while the server runs: the new request is shown without a restart', async ({
  page,
  startApp,
}) => {
  // The real log cut before dana's first refused `list secrets` (its line 62 onwards), then the rest appended.
  const lines = (await readFile(DEMO_LOG, 'utf8')).split('\n');
  const cut = lines.findIndex((l) => l.includes('dana@example.com'));
  expect(cut).toBeGreaterThan(0);
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-audit-'));
  const log = path.join(dir, 'audit.log');
  await writeFile(log, `${lines.slice(0, cut).join('\n')}\n`);
  const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo', RBAC_ATLAS_AUDIT_LOG: log });
  await page.goto(`${app.baseURL}/usage?list=denied`);
  await expect(page.getByRole('table', { name: 'Denied requests' })).not.toContainText('dana@example.com');

  await appendFile(log, lines.slice(cut).join('\n'));
  // The server polls the file about once a second: reload until the new request is there.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('table', { name: 'Denied requests' })).toContainText('dana@example.com', {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
});

test('a snapshot with no audit log: /usage says how to get one, never an error page', async ({ page, startApp }) => {
  const app = await startApp({
    RBAC_ATLAS_SNAPSHOT: path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'cluster.json'),
  });
  await page.goto(`${app.baseURL}/usage`);
  await expect(page.getByRole('region', { name: 'No audit log' })).toContainText('RBAC_ATLAS_AUDIT_LOG');
  expect((await page.request.get(`${app.baseURL}/api/usage`)).status()).toBe(404);
});
