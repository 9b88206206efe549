// Fixes you can apply, on the demo: from /risks a finding's fix opens with its effect (what the
// subject loses, the path to cluster-admin that closes) before its YAML, and the YAML copied is
// the YAML shown; every role, binding and subject page has its raw YAML view.
import { expect, test } from './fixtures/test';

test('/fix: opened from /risks, the effect shows what is lost and the path closed; the YAML copied is the YAML shown', async ({
  page,
  context,
  startApp,
}) => {
  const app = await startApp({});
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseURL });
  await page.goto(`${app.baseURL}/risks?id=PATH_TO_CLUSTER_ADMIN`);
  // /risks is a table of subjects: support-bot's row opens onto its findings, each with its Fix link.
  await page.getByRole('link', { name: /^Open the findings of .*support-bot/ }).click();
  const finding = page.getByRole('list', { name: /^Findings of / }).locator(':scope > li');
  await finding.getByRole('link', { name: 'Fix', exact: true }).first().click();
  await expect(page).toHaveURL(/\/fix\?finding=PATH_TO_CLUSTER_ADMIN&subject=User%3Asupport-bot/);
  await expect(page.getByRole('heading', { name: 'The change' })).toBeVisible();
  const effect = page.getByRole('region', { name: 'Effect' });
  await expect(effect.getByText('After this change the finding is gone.')).toBeVisible();
  await expect(effect.getByText('Paths to cluster-admin closed:')).toBeVisible();
  await expect(effect.getByRole('link', { name: 'support-bot' }).first()).toBeVisible();
  await expect(effect.getByRole('list', { name: 'Who loses what' }).getByText('lost').first()).toBeVisible();

  const shown = (await page.locator('#fix-yaml').textContent()) ?? '';
  expect(shown).toContain('kind: ClusterRole');
  await page.getByRole('button', { name: 'Copy YAML' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' }).first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  // The API answers the same YAML and command.
  const api = await page.request.get(`${app.baseURL}/api${new URL(page.url()).pathname}${new URL(page.url()).search}`);
  expect(api.ok()).toBe(true);
  const body = (await api.json()) as { yaml: string; command: string; findingRemains: boolean };
  expect(body.yaml).toBe(shown);
  expect(body.findingRemains).toBe(false);
  expect(body.command).toBe(await page.locator('#fix-command').textContent());

  // The other choice is one link away: the binding deleted instead.
  await page.getByRole('link', { name: /Delete ClusterRoleBinding support-bot-impersonation/ }).click();
  await expect(page).toHaveURL(/choice=binding/);
  await expect(page.locator('#fix-command')).toHaveText('kubectl delete clusterrolebinding support-bot-impersonation');
});

test('the raw YAML view: a role, a binding and a subject page, collapsed, copyable and downloadable', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  const pages = [
    { path: '/roles/clusterrole/impersonator', has: ['kind: ClusterRole', 'name: impersonator'] },
    {
      path: '/bindings/clusterrolebinding/support-bot-impersonation',
      has: ['kind: ClusterRoleBinding', 'name: support-bot-impersonation'],
    },
    { path: '/subjects/user/support-bot', has: ['kind: ClusterRoleBinding', 'name: support-bot'] },
    { path: '/subjects/serviceaccount/ci/deployer', has: ['kind: ServiceAccount', 'name: deployer'] },
  ];
  for (const p of pages) {
    await page.goto(`${app.baseURL}${p.path}`);
    const view = page.locator('details').filter({ has: page.locator('#raw-yaml') });
    await expect(page.locator('#raw-yaml')).toBeHidden();
    await view.locator('summary').click();
    const yaml = (await page.locator('#raw-yaml').textContent()) ?? '';
    for (const text of p.has) expect(yaml, p.path).toContain(text);
    await expect(view.getByText('not the stored object')).toBeVisible();
    const download = await page.request.get(
      `${app.baseURL}${await view.getByRole('link', { name: 'Download' }).getAttribute('href')}`,
    );
    expect(download.headers()['content-type']).toContain('application/yaml');
    expect(await download.text()).toBe(yaml);
  }
});

test('token findings on /risks: the account links to its page, and each Fix says the change or why there is none', async ({
  page,
  startApp,
}) => {
  const app = await startApp({});
  await page.goto(`${app.baseURL}/risks?id=LEGACY_TOKEN_SECRET`);
  await page.getByRole('link', { name: /^Open the findings of .*monitoring\/prometheus/ }).click();
  const finding = page.getByRole('list', { name: /^Findings of / }).locator(':scope > li');
  await expect(finding.first()).toContainText('prometheus-token-7xk2p');
  await finding.getByRole('link', { name: 'Fix', exact: true }).first().click();
  await expect(page).toHaveURL(/\/fix\?finding=LEGACY_TOKEN_SECRET&subject=ServiceAccount%3Amonitoring%2Fprometheus/);
  await expect(
    page.getByRole('region', { name: 'Effect' }).getByText('After this change the finding is gone.'),
  ).toBeVisible();
  await expect(page.locator('#fix-command')).toContainText(
    `kubectl patch serviceaccount prometheus -n monitoring --type merge -p '{"secrets":null}'`,
  );
  await expect(page.locator('#fix-command')).toContainText(
    'kubectl delete secret -n monitoring --field-selector metadata.name=prometheus-token-7xk2p,type=kubernetes.io/service-account-token',
  );

  // The pod that mounts it: the account's page is one link away, and the fix is the workload's, in words.
  await page.goto(`${app.baseURL}/risks?id=TOKEN_SECRET_MOUNT`);
  const row = page.locator('tr[data-group]').first();
  await expect(row).toContainText('monitoring/prometheus');
  await row.getByRole('link', { name: /^Open the findings of / }).click();
  await expect(page.getByRole('list', { name: /^Findings of / })).toContainText('grafana-7c9f4d8b5-qlz8t');
  await page
    .getByRole('list', { name: /^Findings of / })
    .getByRole('link', { name: 'Fix', exact: true })
    .first()
    .click();
  await expect(page.getByText(/No change to propose: .*pod template/)).toBeVisible();
  await page.goto(`${app.baseURL}/risks?id=TOKEN_SECRET_MOUNT`);
  await page
    .locator('tr[data-group]')
    .first()
    .getByRole('link', { name: 'monitoring/prometheus', exact: true })
    .click();
  await expect(page).toHaveURL(/\/subjects\/serviceaccount\/monitoring\/prometheus/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('prometheus');
});
