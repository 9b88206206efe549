// The dashboard as an admin uses it every day, on the real local control plane seeded with the
// demo's RBAC: inventory lists, binding and role pages, subject pages that lead with dangers,
// panels equal to who-can, history, theme, keyboard, exports, 404s, and no page wider than the
// screen.
import { expect, test } from './fixtures/test';
import type { Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

let baseURL = '';

test.beforeEach(async ({ startApp, cluster }) => {
  baseURL = (await startApp({ KUBECONFIG: cluster.cp.kubeconfigPath })).baseURL;
});

const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

/** Clicks an export link and reads the file it downloads. */
async function download(page: Page, name: string): Promise<string> {
  const file = page.waitForEvent('download');
  await page.getByRole('link', { name, exact: true }).click();
  return Buffer.concat(await (await (await file).createReadStream()).toArray()).toString();
}

test('roles: a sortable, filterable list that applies as it changes, every name a link', async ({ page }) => {
  await page.goto(baseURL);
  await sections(page).getByRole('link', { name: 'Roles' }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(sections(page).getByRole('link', { name: 'Roles' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Roles and ClusterRoles' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Roles and ClusterRoles' });
  // Built-in roles are hidden by default, and counted.
  await expect(table.getByRole('link', { name: 'system:discovery', exact: true })).toHaveCount(0);
  await expect(page.getByText(/\(\d+ hidden\)/)).toBeVisible();

  await page.getByRole('searchbox', { name: 'Name contains' }).fill('secret');
  await expect(page).toHaveURL(/filter=secret/);
  await expect(table.getByRole('link', { name: 'secrets-reader' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'pod-reader' })).toHaveCount(0);
  await page.goBack();
  await expect(page).not.toHaveURL(/filter=/);
  await expect(table.getByRole('link', { name: 'pod-reader' })).toBeVisible();

  await page.getByRole('checkbox', { name: 'Roles', exact: true }).uncheck();
  await expect(page).toHaveURL(/kind=ClusterRole(&|$)/);
  await expect(table.getByRole('link', { name: 'pod-reader' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Roles', exact: true }).check();
  await expect(page).not.toHaveURL(/kind=/);

  await table.getByRole('link', { name: 'Danger' }).click();
  await expect(page).toHaveURL(/sort=danger&order=desc/);
  await expect(table.getByRole('columnheader', { name: /Danger/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('row').nth(1)).toContainText('sandbox-everything');

  await page.getByRole('checkbox', { name: 'Show built-in' }).check();
  await expect(page).toHaveURL(/builtin=show/);
  await expect(table.getByRole('link', { name: 'cluster-admin', exact: true })).toBeVisible();

  const text = await download(page, 'Export CSV');
  expect(text.split('\r\n')[0]).toBe('kind,namespace,name,rules,bindings,dangers,builtin,aggregated,created');
  expect(text).toMatch(/\r\nClusterRole,,cluster-admin,\d+,\d+,wildcard[^\r]*,true,false,\d{4}-\d\d-\d\dT/);

  await table.getByRole('link', { name: 'cluster-admin', exact: true }).click();
  await expect(page).toHaveURL(/\/roles\/clusterrole\/cluster-admin/);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText('Roles›ClusterRole›cluster-admin');
});

test('a role reads like kubectl describe, and fits the screen', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${baseURL}/roles/clusterrole/admin`);
  const rules = page.getByRole('table', { name: 'Rules of ClusterRole admin' });
  const secrets = rules.getByRole('row', { name: /^secrets\b/ });
  await expect(secrets).toContainText('read secrets: service-account tokens and credentials');
  await expect(secrets).toContainText('get');
  await expect(rules.getByRole('row', { name: /^pods\/exec\b/ })).toContainText('create pods or exec into them');
  await expect(
    rules
      .getByRole('row', { name: /^configmaps\b/ })
      .getByRole('cell')
      .last(),
  ).toHaveText('—');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await expect(
    page.getByRole('table', { name: 'Bindings of admin' }).getByRole('link', { name: 'alice-admin' }),
  ).toBeVisible();

  // Each table exports what it shows.
  const rulesCsv = await download(page, 'Export rules as CSV');
  expect(rulesCsv).toMatch(/^resource,resourceNames,nonResourceURL,verbs,dangers\r\n/);
  expect(rulesCsv).toMatch(/\r\nsecrets,,,[a-z ]*get[a-z ]*,read-secrets\r\n/);
  const bindingsCsv = await download(page, 'Export bindings as CSV');
  expect(bindingsCsv).toContain('\r\nRoleBinding,payments,alice-admin,payments,,User,,alice@example.com\r\n');
  const json = await (await page.request.get(`${baseURL}/api/roles/clusterrole/admin`)).json();
  expect(json.rules.length).toBe(
    await page.getByRole('table', { name: 'Rules of ClusterRole admin' }).locator('tbody tr').count(),
  );
});

test('bindings: a page per binding with its subjects, its role, where and what it grants', async ({ page }) => {
  await page.goto(`${baseURL}/bindings?filter=payments-devs`);
  const table = page.getByRole('table', { name: 'RoleBindings and ClusterRoleBindings' });
  await table.getByRole('link', { name: 'payments-devs-edit' }).click();
  await expect(page).toHaveURL(/\/bindings\/rolebinding\/payments\/payments-devs-edit/);
  await expect(page.getByRole('heading', { level: 1, name: 'payments/payments-devs-edit' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ClusterRole edit' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'payments-devs', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'What payments/payments-devs-edit grants' })).toContainText('secrets');
  const grants = await download(page, 'Export CSV');
  expect(grants).toMatch(/\r\nGroup,,payments-devs,payments,secrets,,,[a-z ]*\bget\b[a-z ]*,read-secrets\r\n/);

  // A dangling binding says it grants nothing.
  await page.goto(`${baseURL}/bindings?filter=legacy`);
  await table.getByRole('link', { name: 'legacy-audit' }).click();
  await expect(page.getByRole('status')).toContainText('grants nothing');

  // The overview's search lands on the binding itself, not a graph where it cannot be seen.
  await page.goto(`${baseURL}/?q=payments-devs-edit`);
  await page
    .getByRole('region', { name: 'Search results' })
    .getByRole('link', { name: 'payments/payments-devs-edit' })
    .click();
  await expect(page).toHaveURL(/\/bindings\/rolebinding\/payments\/payments-devs-edit/);

  const missing = await page.goto(`${baseURL}/bindings/clusterrolebinding/nope`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'ClusterRoleBinding “nope” not found' })).toBeVisible();
});

test('a subject page leads with what could go wrong, then a filterable matrix', async ({ page }) => {
  await page.goto(`${baseURL}/subjects?kind=User`);
  await page
    .getByRole('table', { name: 'Service accounts, users and groups' })
    .getByRole('link', { name: 'alice@example.com' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'alice@example.com' })).toBeVisible();
  const dangers = page.getByRole('list', { name: 'Dangerous grants' });
  await expect(dangers.getByRole('listitem').filter({ hasText: 'read secrets' })).toContainText('in payments');
  await expect(dangers.getByRole('listitem').filter({ hasText: 'read secrets' })).toContainText('alice-admin');
  // The summary comes before the matrix.
  const summaryTop = (await page.getByRole('heading', { name: 'What could go wrong' }).boundingBox())!.y;
  const matrixTop = (await page.getByRole('heading', { name: 'All permissions' }).boundingBox())!.y;
  expect(summaryTop).toBeLessThan(matrixTop);

  const matrix = page.getByRole('table', { name: /in namespace payments/ });
  await expect(matrix.getByRole('rowheader', { name: 'configmaps' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Resource contains' }).fill('secrets');
  await expect(page).toHaveURL(/resource=secrets/);
  await expect(matrix.getByRole('rowheader', { name: 'configmaps' })).toHaveCount(0);
  await matrix.getByLabel('get secrets: yes, dangerous; show why').click();
  const why = page.getByRole('dialog', { name: 'Why get secrets' });
  await expect(why).toContainText('RoleBinding alice-admin → ClusterRole admin');
  await page.keyboard.press('Escape');
  await expect(why).toBeHidden();

  // Built-in grants are folded behind a toggle that counts them.
  await page.goto(`${baseURL}/subjects/serviceaccount/default/demo-sa`);
  await expect(page.getByText(/Show built-in grants \(\d+ hidden/)).toBeVisible();
  const size = (await (await page.request.get(`${baseURL}/subjects/user/alice%40example.com`)).body()).length;
  expect(size).toBeLessThan(400_000);
});

test('a resource panel lists exactly who-can’s answer; selections and filters walk with Back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${baseURL}/namespaces/payments`);
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-ready', 'true');
  const list = page.getByRole('region', { name: 'Graph as a list' });
  // The list beside the canvas is for keyboards and screen readers: select through it.
  await list.getByRole('link', { name: /^Resource secrets/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/node=resource%3Asecrets/);
  const panel = page.getByRole('complementary', { name: 'secrets' });
  const answer = (await (
    await page.request.get(`${baseURL}/api/who-can?verb=get&resource=secrets&namespace=payments&builtin=hide`)
  ).json()) as { total: number; subjects: { kind: string; name: string }[] };
  const listed = panel.getByRole('list', { name: 'Who can get secrets' }).locator(':scope > li');
  await expect(listed).toHaveCount(answer.total);
  for (const s of answer.subjects) await expect(listed.filter({ hasText: s.name }).first()).toBeVisible();
  await panel.getByRole('link', { name: 'list', exact: true }).click();
  await expect(page).toHaveURL(/verb=list/);
  await expect(panel.getByRole('heading', { name: /can list secrets in payments/ })).toBeVisible();

  // The panel lies over the canvas: the canvas keeps its width.
  const canvasWidth = (await page.getByTestId('graph-canvas').boundingBox())!.width;
  await page.goBack();
  await page.goBack();
  await expect(page).not.toHaveURL(/node=/);
  expect((await page.getByTestId('graph-canvas').boundingBox())!.width).toBe(canvasWidth);
  await page.goForward();
  await expect(page).toHaveURL(/node=resource%3Asecrets/);

  // A filter applies as it changes, and only what differs from the default is in the URL.
  await page.getByRole('checkbox', { name: /Kubernetes' own bindings/ }).check();
  await expect(page).toHaveURL(/builtin=show/);
  expect(page.url()).not.toMatch(/kinds=|mode=|layout=|view=/);
  await expect(panel.getByText(/built-in identit(y|ies) hidden/)).toHaveCount(0);
  await page.goBack();
  await expect(page).not.toHaveURL(/builtin=show/);
});

test('the namespace list links its counts to the inventories and exports its table', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces?sort=pods&order=desc`);
  const csv = await download(page, 'Export CSV');
  const rows = csv.trimEnd().split('\r\n');
  expect(rows[0]).toBe(
    'namespace,serviceAccounts,pods,roleBindings,subjects,criticalRisks,highRisks,mediumRisks,lowRisks',
  );
  const pods = rows.slice(1).map((r) => Number(r.split(',')[2]));
  expect(pods).toEqual([...pods].sort((a, b) => b - a));
  await page.getByRole('link', { name: /^\d+ ClusterRoles$/ }).click();
  await expect(page).toHaveURL(/\/roles\?kind=ClusterRole/);
  await expect(page.getByRole('link', { name: 'cluster-admin', exact: true })).toBeVisible();
});

test('risks: filters apply as they change, and the export holds what the page shows', async ({ page }) => {
  await page.goto(`${baseURL}/risks`);
  // A selection made before the page is hydrated changes nothing (seen once in CI under load): chosen again until it applies.
  await expect(async () => {
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('critical');
    await expect(page).toHaveURL(/severity=critical/, { timeout: 1000 });
  }).toPass();
  const rows = (await download(page, 'Export CSV')).trimEnd().split('\r\n').slice(1);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.length).toBeLessThan(25);
  expect(rows.every((r) => r.startsWith('critical,'))).toBe(true);
  // The table groups them by subject: its status counts the findings, the CSV lists each one.
  await expect(page.getByRole('status').filter({ hasText: /findings? in/ })).toContainText(
    `${rows.length} finding${rows.length === 1 ? '' : 's'} in`,
  );
});

test('a role’s and a binding’s panel read like their pages, and lead to them', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces/payments?node=clusterrole%3Aedit`);
  const rolePanel = page.getByRole('complementary', { name: 'edit' });
  const rules = rolePanel.getByRole('table', { name: 'Rules of ClusterRole edit' });
  await expect(rules.getByRole('row', { name: /^secrets\b/ })).toContainText('read secrets');
  expect(await rolePanel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await page.goto(`${baseURL}/namespaces/payments?node=rolebinding%3Apayments%2Fpayments-devs-edit`);
  const panel = page.getByRole('complementary', { name: 'payments-devs-edit' });
  await expect(panel.getByRole('link', { name: 'payments-devs', exact: true })).toBeVisible();
  await panel.getByRole('link', { name: /Its page/ }).click();
  await expect(page).toHaveURL(/\/bindings\/rolebinding\/payments\/payments-devs-edit/);
});

test('with built-ins shown, kube-system’s controllers are one chain, drawn one by one on demand', async ({ page }) => {
  const counts = async () => {
    const text = (await page.getByText(/\d+ nodes · \d+ edges/).textContent()) ?? '';
    const [nodes = 0, edges = 0] = (text.match(/\d+/g) ?? []).map(Number);
    return { nodes, edges };
  };
  await page.goto(`${baseURL}/namespaces/kube-system?system=show`);
  const list = page.getByRole('region', { name: 'Graph as a list' });
  const chain = list.getByRole('link', { name: /\d+ built-in (identities|service accounts)(, dangerous)?$/ });
  await expect(chain).toHaveCount(1);
  await expect(list.getByRole('link', { name: /\d+ built-in bindings?(, dangerous)?$/ })).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'ServiceAccount kube-system/deployment-controller' })).toHaveCount(0);
  const grouped = await counts();

  await chain.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: /built-in (identities|service accounts)/ });
  await expect(panel.getByRole('link', { name: 'kube-system/deployment-controller' })).toBeVisible();
  // The server lays out the whole chain (ELK, a few hundred nodes) before the page arrives: about
  // 2 s on an idle machine, more under CI's load. Held back 2 s more here, the link says it is
  // drawing meanwhile.
  await page.route(
    (url) => url.searchParams.has('expand'),
    async (route) => {
      // Only the navigation is held; prefetches of the drawn page's own links go on.
      if (!route.request().headers()['next-router-prefetch']) await new Promise((r) => setTimeout(r, 2_000));
      await route.continue();
    },
  );
  await panel.getByRole('link', { name: 'Draw them one by one →' }).click();
  await expect(panel.getByRole('status')).toHaveText('drawing…');
  await expect(page).toHaveURL(/expand=builtin/, { timeout: 30_000 });
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await expect(list.getByRole('link', { name: 'ServiceAccount kube-system/deployment-controller' })).toHaveCount(1);
  const expanded = await counts();
  // The chain is what keeps it legible: drawn one by one it is several times larger.
  expect(expanded.nodes).toBeGreaterThan(2 * grouped.nodes);
  expect(expanded.edges).toBeGreaterThan(2 * grouped.edges);
  // Too big to read whole: it opens zoomed in, says so, and Fit shows it all.
  const note = page.getByText(/Too big to read whole/);
  await expect(note).toBeVisible();
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(note).toBeHidden();
});

test('keyboard: / searches, arrows walk the graph, Enter selects, focus is visible', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces/default`);
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-ready', 'true');
  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: /Search namespaces/ })).toBeFocused();
  const outline = await page
    .getByRole('combobox', { name: /Search namespaces/ })
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  await page.getByTestId('graph-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/1 of \d+\. Enter selects\./)).toBeAttached();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/node=/);
  await expect(page.getByRole('complementary')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/node=/);
});

test('theme: system, light or dark, remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${baseURL}/roles`);
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  await expect(html).not.toHaveClass(/dark/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveClass(/dark/);
});

test('who-can hides built-in identities by default and suggests the cluster’s words', async ({ page }) => {
  await page.goto(`${baseURL}/who-can?verb=delete&resource=pods&namespace=payments`);
  const answer = page.getByRole('region', { name: 'Who can answer' });
  const hiddenText = await answer.getByText(/built-in identit(y|ies) hidden/).textContent();
  const hidden = Number(hiddenText?.match(/^([\d,]+)/)?.[1]?.replace(',', ''));
  expect(hidden).toBeGreaterThan(0);
  const shown = await answer.getByRole('row').count();
  await answer.getByRole('link', { name: 'Show them' }).click();
  await expect(page).toHaveURL(/builtin=show/);
  await expect(answer.getByRole('row')).toHaveCount(shown + hidden);
  await expect(answer.getByRole('link', { name: /kube-system\/.*controller/ }).first()).toBeVisible();
  await expect(page.locator('#suggest-resource option[value="secrets"]')).toHaveCount(1);
  await expect(page.locator('#suggest-verb option[value="impersonate"]')).toHaveCount(1);
  expect(await page.getByRole('combobox', { name: 'Resource', exact: true }).getAttribute('list')).toBe(
    'suggest-resource',
  );
});

test('why not: a no names its near misses and their fix; the subject page checks a request', async ({ page }) => {
  const demoSa = 'system:serviceaccount:default:demo-sa';
  await page.goto(`${baseURL}/subjects/serviceaccount/default/demo-sa`);
  const check = page.getByRole('form', { name: 'Check a request' });
  await check.getByRole('textbox', { name: 'Verb' }).fill('create');
  await check.getByRole('textbox', { name: 'Resource' }).fill('pods');
  await expect(check.getByRole('textbox', { name: 'Namespace' })).toHaveValue('default');
  await check.getByRole('button', { name: 'Check' }).click();
  await expect(page).toHaveURL(/\/who-can\?.*user=system%3Aserviceaccount%3Adefault%3Ademo-sa.*verb=create/);
  const answer = page.getByRole('region', { name: 'Can-i answer' });
  await expect(answer.getByText('no', { exact: true })).toBeVisible();
  const whyNot = answer.getByRole('region', { name: 'Why not' });
  await expect(whyNot.getByRole('heading', { name: /^Why not: / })).toBeVisible();
  await expect(whyNot).toContainText('Fix: add create to verbs of rule 0 of Role default/pod-reader.');
  await expect(whyNot.locator('code', { hasText: 'create' })).toBeVisible();
  // The same words as the API's.
  const api = await (
    await page.request.get(
      `${baseURL}/api/can-i?verb=create&resource=pods&namespace=default&user=${encodeURIComponent(demoSa)}&explain=1`,
    )
  ).json();
  for (const m of api.nearMisses as { fix: string }[])
    await expect(whyNot).toContainText(`Fix: ${m.fix.replaceAll('`', '')}.`);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await answer.screenshot({ path: `e2e/screenshots/why-not-${scheme}.png` });
  }
  // The one change as a request: asked, it is a yes.
  await whyNot.getByRole('link', { name: /^Ask get pods in namespace default/ }).click();
  await expect(answer.getByText('yes', { exact: true })).toBeVisible();
  await expect(answer.getByRole('region', { name: 'Why not' })).toHaveCount(0);
});

test('the PNG export has a margin, a title and a legend', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${baseURL}/namespaces/default`);
  const canvas = page.getByTestId('graph-canvas');
  await expect(canvas).toHaveAttribute('data-ready', 'true');
  const png = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const bytes = Buffer.concat(await (await (await png).createReadStream()).toArray());
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  // Title, time and legend bands above and below the drawing, and a margin around it (at 2×).
  expect(width).toBeGreaterThanOrEqual(720 * 2 + 2 * 64);
  expect(height).toBeGreaterThan(56 * 2 + 36 * 2 + 2 * 64);
});

test('the 404 page is designed, in both themes', async ({ page }) => {
  const backgrounds: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const res = await page.goto(`${baseURL}/no/such/page`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not in this cluster' })).toBeVisible();
    await expect(sections(page)).toBeVisible();
    await expect(page.locator('html')).toHaveClass(scheme === 'dark' ? /dark/ : /^(?!.*dark)/);
    backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
  }
  expect(backgrounds[0]).not.toBe(backgrounds[1]);

  // Each kind of object has its own 404 in the same card: what was asked for, and the way back.
  for (const [path, heading, back] of [
    ['/namespaces/nope', 'Namespace “nope” not found', 'All namespaces'],
    ['/roles/role/a/nope', 'Role “a/nope” not found', 'All roles'],
    ['/bindings/clusterrolebinding/nope', 'ClusterRoleBinding “nope” not found', 'All bindings'],
    // A user or group no binding names has a page (what system:authenticated grants); a service account is an object.
    ['/subjects/serviceaccount/default/nope', 'Subject “default/nope” not found', 'All subjects'],
  ] as const) {
    const res = await page.goto(`${baseURL}${path}`);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('link', { name: back })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search the cluster' })).toBeVisible();
  }
});

const PAGES = [
  '/',
  '/namespaces',
  '/namespaces/payments',
  '/namespaces/payments?system=show&node=resource%3Asecrets',
  '/namespaces/kube-system?system=show',
  '/namespaces/kube-system?system=show&node=builtin%3Aidentities',
  '/namespaces/payments?mode=access&node=subject%3AServiceAccount%3Apayments%2Fpayments-api',
  '/who-can?verb=get&resource=secrets&namespace=payments&builtin=show',
  '/risks',
  '/roles',
  '/roles?builtin=show',
  '/roles/clusterrole/admin',
  '/roles/clusterrole/edit',
  '/roles/clusterrole/view',
  '/bindings?builtin=show',
  '/bindings/rolebinding/payments/payments-devs-edit',
  '/subjects?builtin=show',
  '/subjects/user/alice%40example.com',
  '/subjects/group/system%3Aauthenticated?builtin=show',
  '/changes',
  '/no/such/page',
];

test('no page is wider than the screen at 1280×800', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const url of PAGES) {
    await page.goto(`${baseURL}${url}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, url).toBeLessThanOrEqual(1280);
  }
});

test('on a phone: the navigation, lists instead of the graph, and nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseURL}/namespaces/payments`);
  await expect(page.getByTestId('graph-canvas')).toBeHidden();
  await expect(
    page
      .getByRole('region', { name: 'Graph as a list' })
      .getByRole('link', { name: /^ServiceAccount payments\/payments-api/ }),
  ).toBeVisible();
  await sections(page).getByRole('link', { name: 'Subjects' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Service accounts, users and groups' })
      .getByRole('link', { name: 'alice@example.com' }),
  ).toBeVisible();
  for (const url of [
    '/',
    '/roles',
    '/subjects/user/alice%40example.com',
    '/bindings/rolebinding/payments/payments-devs-edit',
    '/who-can',
  ]) {
    await page.goto(`${baseURL}${url}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, url).toBeLessThanOrEqual(390);
  }
});
