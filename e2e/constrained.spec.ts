// Constrained impersonation as an admin meets it (the case, a snapshot of the objects the
// attack-path proof applies to the real API server): the subject page and the API say that
// payments/imp becomes payments/payments-api for listing secrets in payments only.
import path from 'node:path';
import { expect, test } from './fixtures/test';

const SNAPSHOT = path.join(import.meta.dirname, 'fixtures', 'snapshots', 'constrained-impersonation.yaml');

test('a path through constrained impersonation says what the identity reached may do', async ({ startApp, page }) => {
  const app = await startApp({ RBAC_ATLAS_SNAPSHOT: SNAPSHOT });
  const api = await fetch(
    `${app.baseURL}/api/paths?from=system:serviceaccount:payments:imp&to=system:serviceaccount:payments:payments-api`,
  ).then((r) => r.json());
  expect(api.paths).toHaveLength(1);
  expect(api.paths[0].steps.map((s: { technique: string }) => s.technique)).toEqual(['IMPERSONATE_SERVICEACCOUNT']);
  expect(api.paths[0].limitedTo).toMatchObject({
    mode: 'serviceaccount',
    rules: [{ verbs: ['list'], resources: ['secrets'], namespace: 'payments' }],
  });

  await page.goto(`${app.baseURL}/subjects/serviceaccount/payments/imp`);
  const become = page.locator('section', { has: page.getByRole('heading', { name: 'Can become' }) });
  await expect(become.getByRole('link', { name: 'ServiceAccount payments/payments-api' })).toBeVisible();
  await expect(become.getByTestId('path-limited')).toHaveText(
    'Limited: only list secrets in namespace payments (serviceaccount impersonation).',
  );
  await become.getByText('IMPERSONATE_SERVICEACCOUNT').click();
  await expect(become.getByText('As ServiceAccount payments/payments-api: only list secrets')).toBeVisible();
});
