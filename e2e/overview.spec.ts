// The posture overview at /: every section on the demo, its counts equal to the API's, each a link
// to the page that lists it; /namespaces in natural order and sorted by risk; and the trend of a
// folder of snapshots kept across a server restart (the store in RBAC_ATLAS_DATA_DIR).
import { mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { writeSyntheticCluster } from '@/scripts/bench/synthetic-cluster';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const SECTIONS = [
  'Findings by severity',
  'Who can become cluster-admin',
  'Namespaces with the most risk',
  'Trend',
  'Dangerous grants by kind',
  'Dangling bindings and unused roles',
  'What changed recently',
];

const tmp = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));
const section = (page: Page, name: string) => page.getByRole('region', { name });

test('the overview on the demo: every section, the API’s counts, links that go where they say', async ({
  page,
  request,
  startApp,
}) => {
  const { baseURL } = await startApp({});
  await page.goto(baseURL);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  for (const name of SECTIONS) await expect(section(page, name), name).toBeVisible();

  const findings = section(page, 'Findings by severity');
  for (const s of SEVERITIES) {
    const { total } = await (await request.get(`${baseURL}/api/findings?severity=${s}&limit=1`)).json();
    await expect(findings.getByRole('link', { name: `${total} ${s} findings` })).toBeVisible();
  }

  // Holders of every permission and subjects with a path, each once, Kubernetes' own left out.
  const admins = new Set<string>();
  for (const id of ['CLUSTER_ADMIN_BINDING', 'PATH_TO_CLUSTER_ADMIN']) {
    const body = await (await request.get(`${baseURL}/api/findings?id=${id}&limit=5000`)).json();
    for (const f of body.findings) admins.add(JSON.stringify(f.subject));
  }
  expect(admins.size).toBeGreaterThan(0);
  await expect(page.getByTestId('admin-count')).toHaveText(String(admins.size));
  const nearest = page.getByRole('list', { name: 'Nearest to cluster-admin' });
  await expect(nearest.getByRole('listitem')).toHaveCount(Math.min(admins.size, 8));
  await expect(nearest.getByRole('listitem').first()).toContainText('holds every permission');

  const dangling = await (await request.get(`${baseURL}/api/findings?id=DANGLING_BINDING&limit=1`)).json();
  await expect(section(page, 'Dangling bindings and unused roles')).toContainText(
    `${dangling.total} ${dangling.total === 1 ? 'binding names' : 'bindings name'} a role that does not exist`,
  );
  await expect(section(page, 'Trend').getByText(/The current state only/)).toBeVisible();
  await expect(section(page, 'What changed recently')).toContainText('recorded while watching a live cluster');

  // The riskiest namespace first, as /namespaces sorted by risk lists it.
  const first = await section(page, 'Namespaces with the most risk')
    .getByRole('listitem')
    .first()
    .getByRole('link')
    .first()
    .textContent();
  await section(page, 'Namespaces with the most risk').getByRole('link', { name: 'All namespaces by risk →' }).click();
  await expect(page).toHaveURL(/\/namespaces\?sort=risk&order=desc$/);
  await expect(page.getByRole('columnheader', { name: /Risks/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('row').nth(1).getByRole('rowheader')).toHaveText(first!);
  await expect(
    page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Namespaces' }),
  ).toHaveAttribute('aria-current', 'page');

  await page.goto(baseURL);
  await findings.getByRole('link', { name: /critical findings$/ }).click();
  await expect(page).toHaveURL(/\/risks\?severity=critical$/);
  await page.goto(baseURL);
  await section(page, 'Who can become cluster-admin').getByRole('link', { name: 'Paths to cluster-admin' }).click();
  await expect(page).toHaveURL(/\/risks\?id=PATH_TO_CLUSTER_ADMIN$/);
  await page.goto(baseURL);
  await section(page, 'Dangerous grants by kind')
    .getByRole('link', { name: /^Who can: read secrets/ })
    .click();
  await expect(page).toHaveURL(/\/who-can\?verb=get&resource=secrets$/);
});

test('namespaces in natural order, and sorted by risk most risky first', async ({ page, request, startApp }) => {
  const file = path.join(await tmp('rbac-atlas-ov-ns-'), 'cluster.json');
  await writeSyntheticCluster(file, 12);
  const { baseURL } = await startApp({ RBAC_ATLAS_SNAPSHOT: file });
  await page.goto(`${baseURL}/namespaces`);
  const names = (await page.getByRole('rowheader').allTextContents()).filter((n) => /^ns-\d+$/.test(n));
  expect(names).toEqual(Array.from({ length: 12 }, (_, i) => `ns-${i}`));

  await page.getByRole('table').getByRole('link', { name: 'Risks' }).click();
  await expect(page).toHaveURL(/sort=risk&order=desc/);
  const csv = await (await request.get(`${baseURL}/api/namespaces?sort=risk&order=desc&format=csv`)).text();
  const rows = csv
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .map((r) => r.split(','));
  // criticalRisks … lowRisks are the last four columns: each row at most the one before, in that order.
  const risk = (r: string[]) => r.slice(-4).map(Number);
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [risk(rows[i - 1]!), risk(rows[i]!)];
    const k = a.findIndex((x, j) => x !== b[j]);
    expect(k < 0 || a[k]! > b[k]!, `${rows[i - 1]![0]} before ${rows[i]![0]}`).toBe(true);
  }
  await expect(page.getByRole('row').nth(1).getByRole('rowheader')).toHaveText(rows[0]![0]!);
});

/** Reloads the overview until no snapshot is still being read; the trend's table rows then. */
async function trendRows(page: Page, baseURL: string) {
  await expect(async () => {
    await page.goto(baseURL);
    await expect(page.getByText(/being read/)).toHaveCount(0);
  }).toPass({ timeout: 60_000 });
  await section(page, 'Trend').getByText('The trend as a table').click();
  return page.getByRole('table', { name: 'Posture over time' }).getByRole('row');
}

test('a folder of snapshots is a trend, kept across a restart', async ({ page, startApp }) => {
  const folder = await tmp('rbac-atlas-ov-snaps-');
  const data = await tmp('rbac-atlas-ov-data-');
  for (const [name, n, day] of [
    ['monday.json', 4, 1],
    ['tuesday.json', 6, 2],
  ] as const) {
    const file = path.join(folder, name);
    await writeSyntheticCluster(file, n);
    await utimes(file, new Date(`2026-06-0${day}T10:00:00Z`), new Date(`2026-06-0${day}T10:00:00Z`));
  }
  const env = { RBAC_ATLAS_SNAPSHOT: path.join(folder, 'tuesday.json'), RBAC_ATLAS_DATA_DIR: data };
  const first = await startApp(env);
  let rows = await trendRows(page, first.baseURL);
  await expect(rows).toHaveCount(3); // the header and one row per snapshot
  await expect(rows.nth(1).getByRole('rowheader')).toHaveText('tuesday.json');
  await expect(rows.nth(2).getByRole('rowheader')).toHaveText('monday.json');
  const before = await rows.nth(2).textContent();
  await first.stop();

  // monday.json garbled, its size and time kept: only the store still knows its posture.
  const monday = path.join(folder, 'monday.json');
  const { size, mtime } = await stat(monday);
  await writeFile(monday, 'x'.repeat(size));
  await utimes(monday, mtime, mtime);
  expect((await readFile(monday, 'utf8')).length).toBe(size);

  const second = await startApp(env);
  rows = await trendRows(page, second.baseURL);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toHaveText(before!);
  await expect(page.getByRole('list', { name: 'Snapshots not read' })).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'History store' })).toHaveCount(0);
});

test('a data directory that cannot be written is said, and the overview still answers', async ({ page, startApp }) => {
  const file = path.join(await tmp('rbac-atlas-ov-ro-'), 'a-file');
  await writeFile(file, '');
  const { baseURL } = await startApp({ RBAC_ATLAS_DATA_DIR: path.join(file, 'state') });
  await page.goto(baseURL);
  const notice = page.getByRole('status', { name: 'History store' });
  await expect(notice).toContainText(`cannot write ${path.join(file, 'state')}`);
  await expect(section(page, 'Findings by severity')).toBeVisible();
  await page.goto(`${baseURL}/changes`);
  await expect(notice).toBeVisible();
});
