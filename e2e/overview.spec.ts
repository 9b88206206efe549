import { expect, test } from '@playwright/test';

test('with no cluster configured, the overview lists the demo namespaces under a demo banner', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('status')).toContainText('Demo data.');
  await expect(page.getByLabel('Data source')).toContainText('demo data');
  const table = page.getByRole('table');
  for (const ns of ['default', 'kube-system', 'payments', 'checkout', 'monitoring', 'ci', 'dev-sandbox']) {
    await expect(table.getByRole('rowheader', { name: ns, exact: true })).toBeVisible();
  }
  // checkout runs 12 checkout-web pods and one cart pod.
  await expect(table.getByRole('row', { name: /^checkout\b/ })).toContainText('13');
  await page.screenshot({ path: 'e2e/screenshots/overview-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/screenshots/overview-dark.png', fullPage: true });
});
