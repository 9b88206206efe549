// Before the risk answers are built (RBAC_ATLAS_HOLD_RISKS=1 holds the build: lib/web/risk-builds.ts),
// every page and API made of them says "computing" and shows no count, never an empty answer that
// reads as "no findings" or "no path"; once built, the same pages show the findings.
import { expect, test } from './fixtures/test';

test('held: /risks, the overview, the namespaces and /api/findings say computing, with no count', async ({
  page,
  startApp,
}) => {
  const { baseURL } = await startApp({ RBAC_ATLAS_SOURCE: 'demo', RBAC_ATLAS_HOLD_RISKS: '1' });
  const api = await (await fetch(`${baseURL}/api/findings?limit=1`)).json();
  expect(api.risks).toEqual({ state: 'computing', progress: 0 });
  expect(api.findings).toEqual([]);
  const paths = await (await fetch(`${baseURL}/api/paths`)).json();
  expect(paths.risks.state).toBe('computing');
  // Subjects sorted by risk: the order is not by risk yet, and the answer says so; the CSV waits.
  const byRisk = await (await fetch(`${baseURL}/api/subjects?sort=risk&order=desc`)).json();
  expect(byRisk.risks.state).toBe('computing');
  const csv = await fetch(`${baseURL}/api/subjects?sort=risk&format=csv`);
  expect(csv.status).toBe(503);
  expect(csv.headers.get('retry-after')).toBe('5');

  await page.goto(`${baseURL}/risks`);
  await expect(page.getByRole('status', { name: 'Risks computing' })).toContainText(
    'Computing attack paths and findings (waiting for its turn)',
  );
  await expect(page.getByRole('list', { name: 'Findings by severity' })).toHaveCount(0);
  await expect(page.getByText('no finding matches')).toHaveCount(0);

  await page.goto(`${baseURL}/`);
  await expect(page.getByRole('status', { name: 'Risks computing' })).toBeVisible();
  await expect(page.getByTestId('admin-count')).toHaveCount(0);

  await page.goto(`${baseURL}/namespaces`);
  await expect(page.getByRole('status', { name: 'Risks computing' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'computing' }).first()).toBeVisible();
});

test('built: /risks lists the findings with no notice, /api/findings says current', async ({ page, startApp }) => {
  const { baseURL } = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
  const api = await (await fetch(`${baseURL}/api/findings?limit=1`)).json();
  expect(api.risks).toEqual({ state: 'current' });
  expect(api.total).toBeGreaterThan(0);
  await page.goto(`${baseURL}/risks`);
  await expect(page.getByRole('list', { name: 'Findings by severity' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Risks computing' })).toHaveCount(0);
});
