// A cluster too large to list on one page, as an admin browses it: the overview pages, the namespace
// switcher searches, and who-can answers that reach everyone are summed up and paged.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { writeSyntheticCluster } from '@/scripts/bench/synthetic-cluster';

let baseURL = '';

test.beforeEach(async ({ startApp }) => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'rbac-atlas-scale-e2e-')), 'cluster.json');
  await writeSyntheticCluster(file, 120);
  baseURL = (await startApp({ RBAC_ATLAS_SNAPSHOT: file })).baseURL;
});

test('the namespace list shows a page of namespaces, sorts and filters in the URL', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces`);
  await expect(page.getByText('1–50 of 120 namespaces')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(51);
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByText('51–100 of 120 namespaces')).toBeVisible();
  await page.getByRole('link', { name: 'Pods' }).click();
  await expect(page).toHaveURL(/sort=pods&order=desc/);
  await page.getByLabel('Namespaces whose name contains').fill('ns-11');
  await expect(page).toHaveURL(/filter=ns-11/);
  // ns-11 and ns-110 … ns-119.
  await expect(page.getByRole('row')).toHaveCount(12);
});

test('the namespace switcher finds a namespace by typing, without listing them all', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces/ns-5`);
  const box = page.getByRole('combobox', { name: 'Namespace', exact: true });
  const suggestions = page.getByRole('listbox', { name: 'Namespaces' });
  await box.fill('ns-10');
  await expect(suggestions.getByRole('option')).toHaveCount(8);
  await box.fill('ns-107');
  await expect(suggestions.getByRole('option', { name: 'ns-107' })).toBeVisible();
  await box.press('Enter');
  await expect(page).toHaveURL(/\/namespaces\/ns-107$/);
  await expect(page.getByRole('heading', { name: 'ns-107' })).toBeVisible();
});

test('who-can for everyone is summed up, paged, and the API says how many', async ({ page, request }) => {
  const api = await (await request.get(`${baseURL}/api/who-can?verb=get&path=/healthz&limit=1`)).json();
  // 120 namespaces × 4 service accounts, plus the built-in ones the bindings name.
  expect(api.summary.byKind.ServiceAccount).toBeGreaterThanOrEqual(480);
  // /healthz is everyone's through Kubernetes' own bindings: shown with the built-in identities.
  await page.goto(`${baseURL}/who-can?verb=get&path=/healthz&builtin=show`);
  const summary = page.getByLabel('Summary');
  await expect(summary).toContainText(
    `${api.summary.byKind.ServiceAccount} service accounts and ${api.summary.byKind.User} users through group system:authenticated`,
  );
  await expect(page.getByText(/^1–50 of \d+ subjects$/)).toBeVisible();
  const first = await (await request.get(`${baseURL}/api/who-can?verb=get&path=/healthz&limit=200`)).json();
  expect(first.subjects).toHaveLength(200);
  expect(first.total).toBeGreaterThan(480);
  const rest = await (
    await request.get(`${baseURL}/api/who-can?verb=get&path=/healthz&limit=5000&continue=${first.continue}`)
  ).json();
  expect(rest.subjects).toHaveLength(first.total - 200);
  expect(rest.continue).toBeUndefined();
  expect((await request.get(`${baseURL}/api/who-can?verb=get&path=/healthz&continue=nope!`)).status()).toBe(400);
});
