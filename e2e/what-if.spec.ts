// What-if in the browser: manifests pasted on the demo reviewed as /diff reviews two states, bad input
// named where it is, two snapshot files uploaded and compared; the one POST refused to other sites,
// other content types and oversized bodies; /diff offering the snapshots beside the one shown, and
// /changes pointing to both.
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const DEMO = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'cluster.json');

// cluster-admin's rules in namespace ci, where the service account ci/deployer (a cluster-admin) lives.
const INTERN_ADMIN = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: intern-admin, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: intern}]
`;

const BROKEN = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: broken
  namespace: ci
`;

async function review(page: Page, text: string) {
  await page.getByLabel(/^Apply/).fill(text);
  await page.getByRole('button', { name: 'Review the change' }).click();
  return page.getByRole('region', { name: 'What-if review' });
}

test('/what-if: a pasted RoleBinding of cluster-admin — the subject gains everything there, a path opens, the CLI line', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${app.baseURL}/what-if`);
  const result = await review(page, INTERN_ADMIN);
  await expect(result.getByText('new paths to cluster-admin')).toBeVisible();
  await expect(result.getByRole('list', { name: 'Paths opened' }).getByRole('listitem').first()).toContainText(
    'intern',
  );
  const subject = result.getByRole('list', { name: 'Subjects' }).getByRole('listitem').first();
  await expect(subject).toContainText('intern');
  await expect(subject).toContainText('gained * on * in ci');
  await expect(subject.getByRole('link', { name: 'intern' })).toHaveAttribute('href', /\/subjects\/user\/intern/);
  await expect(result.getByText('rbac-atlas diff --from demo --apply apply.yaml', { exact: true })).toBeVisible();
  for (const [width, scheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [1920, 'light'],
    [1920, 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/what-if-${width}-${scheme}.png`, fullPage: true });
  }
});

test('/what-if: bad YAML is named by document and line; the rest is applied and the review says partial', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/what-if`);
  const result = await review(page, `${INTERN_ADMIN}---\n${BROKEN}`);
  const problems = result.getByRole('alert');
  await expect(problems).toContainText('Partial review: 1 problem(s) in the input');
  await expect(problems).toContainText('apply.yaml, document 2: invalid YAML at line 9');
  await expect(result.getByRole('list', { name: 'Subjects' })).toContainText('intern');
  await expect(result.getByText(/--lenient$/)).toBeVisible();
});

test('/what-if: two snapshot files uploaded are compared', async ({ page, startApp }) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/what-if`);
  const demo = await readFile(DEMO);
  await page.getByLabel('Before').setInputFiles({ name: 'monday.yaml', mimeType: 'text/yaml', buffer: demo });
  await page.getByLabel('After').setInputFiles({
    name: 'tuesday.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.concat([demo, Buffer.from(`\n---\n${INTERN_ADMIN}`)]),
  });
  await page.getByRole('button', { name: 'Compare the snapshots' }).click();
  const result = page.getByRole('region', { name: 'What-if review' });
  await expect(result).toContainText('snapshot monday.yaml → snapshot tuesday.yaml');
  await expect(result.getByRole('list', { name: 'Subjects' }).locator('> li')).toHaveCount(1);
  await expect(result.getByRole('list', { name: 'Subjects' })).toContainText('intern');
  await expect(result.getByText('rbac-atlas diff --from monday.yaml --to tuesday.yaml')).toBeVisible();
});

test('POST /api/what-if: other sites, other content types, large bodies and other methods are refused', async ({
  request,
  startApp,
}) => {
  const app = await startApp({});
  const url = `${app.baseURL}/api/what-if`;
  const body = JSON.stringify({ apply: [{ name: 'a.yaml', text: INTERN_ADMIN }] });
  const json = { 'content-type': 'application/json' };
  const cases = [
    { name: 'same origin', headers: { ...json, origin: app.baseURL, 'sec-fetch-site': 'same-origin' }, status: 200 },
    { name: 'another Origin', headers: { ...json, origin: 'https://evil.example' }, status: 403 },
    { name: 'Sec-Fetch-Site cross-site', headers: { ...json, 'sec-fetch-site': 'cross-site' }, status: 403 },
    { name: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, status: 415 },
  ];
  for (const c of cases) {
    const res = await request.post(url, { headers: c.headers, data: body });
    expect(res.status(), c.name).toBe(c.status);
  }
  const large = await request.post(url, { headers: json, data: 'x'.repeat(5 * 1024 * 1024 + 1) });
  expect(large.status()).toBe(413);
  expect(((await large.json()) as { error: string }).error).toContain('5 MiB');
  const get = await request.get(url);
  expect(get.status()).toBe(405);
  expect(get.headers().allow).toBe('POST');
  const elsewhere = await request.post(`${app.baseURL}/api/diff`, { headers: json, data: body });
  expect(elsewhere.status()).toBe(405);
  const bad = await request.post(url, { headers: json, data: '{"apply": 1}' });
  expect(bad.status()).toBe(400);
});

test('/diff offers the snapshot files beside the one shown, with no restart; /changes links to Diff and What-if', async ({
  page,
  startApp,
}) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-what-if-'));
  await copyFile(DEMO, path.join(dir, 'monday.yaml'));
  await writeFile(path.join(dir, 'tuesday.yaml'), `${await readFile(DEMO, 'utf8')}\n---\n${INTERN_ADMIN}`);
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT: path.join(dir, 'monday.yaml') });
  await page.goto(`${app.baseURL}/diff`);
  await expect(page.getByLabel('Before').locator('option')).toHaveText([
    'choose…',
    'the current source, now',
    'monday.yaml',
    'tuesday.yaml',
  ]);
  await page.goto(`${app.baseURL}/diff?from=current&to=tuesday.yaml`);
  await expect(page.getByRole('list', { name: 'Subjects' })).toContainText('intern');
  await page.goto(`${app.baseURL}/changes`);
  const empty = page.getByRole('status');
  await expect(empty.getByRole('link', { name: 'compare snapshots in Diff' })).toHaveAttribute('href', '/diff');
  await expect(empty.getByRole('link', { name: /What-if/ })).toHaveAttribute('href', '/what-if');
});
