// Pages that lead with the answer (#28), on the demo: a role's dangers and bindings before its
// rules, who-can's why in words with every object a link, ready questions, the typeahead search
// and its totals, a user no binding names, and an empty question that says what is missing.
import { expect, test } from './fixtures/test';

let baseURL = '';

test.beforeEach(async ({ startApp }) => {
  baseURL = (await startApp({})).baseURL;
});

const top = async (locator: import('@playwright/test').Locator) => (await locator.boundingBox())?.y ?? -1;

test('a role leads with its dangers and where it is bound; rules dangerous first, filtered in the URL', async ({
  page,
}) => {
  await page.goto(`${baseURL}/roles/clusterrole/admin`);
  const dangers = page.getByRole('list', { name: 'Dangers of its rules' });
  await expect(dangers.getByRole('link', { name: /read secrets/ })).toBeVisible();
  const dangersTop = await top(page.getByRole('heading', { name: 'Dangers' }));
  const boundTop = await top(page.getByRole('heading', { name: /^Where it is bound/ }));
  const rulesTop = await top(page.getByRole('heading', { name: 'What it grants' }));
  expect(dangersTop).toBeLessThan(boundTop);
  expect(boundTop).toBeLessThan(rulesTop);
  await expect(
    page.getByRole('table', { name: 'Bindings of admin' }).getByRole('link', { name: 'alice-admin' }),
  ).toBeVisible();

  const rules = page.getByRole('table', { name: 'Rules of ClusterRole admin' });
  // Dangerous rows first: the first row has a danger, the last none.
  await expect(rules.locator('tbody tr').first().getByRole('cell').last()).not.toHaveText('—');
  await expect(rules.locator('tbody tr').last().getByRole('cell').last()).toHaveText('—');

  // Typed before the page is hydrated, a change applies nothing: typed again until it applies.
  const words = page.getByRole('searchbox', { name: 'Rows containing' });
  await expect(async () => {
    await words.fill('');
    await words.fill('secrets');
    await expect(page).toHaveURL(/[?&]filter=secrets/, { timeout: 1000 });
  }).toPass();
  await expect(rules.getByRole('row', { name: /^secrets\b/ })).toBeVisible();
  await expect(rules.getByRole('row', { name: /^configmaps\b/ })).toHaveCount(0);
  await words.fill('');
  await expect(page).not.toHaveURL(/filter=/);
  await page.getByRole('checkbox', { name: 'Dangerous only' }).check();
  await expect(page).toHaveURL(/[?&]danger=only/);
  await expect(rules.getByRole('row', { name: /^configmaps\b/ })).toHaveCount(0);
  // The link reopens the same rows.
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Dangerous only' })).toBeChecked();
  await expect(rules.getByRole('row', { name: /^configmaps\b/ })).toHaveCount(0);
});

test('who-can says why in words, each object a link that looks like one', async ({ page }) => {
  await page.goto(`${baseURL}/who-can?verb=get&resource=secrets&namespace=payments`);
  const answer = page.getByRole('region', { name: 'Who can answer' });
  const alice = answer.getByRole('row', { name: /alice@example\.com/ });
  await expect(alice).toContainText(
    /RoleBinding payments\/alice-admin → ClusterRole admin, rule \d+: get, list, watch on [^(]*\bsecrets\b/,
  );
  const binding = alice.getByRole('link', { name: 'RoleBinding payments/alice-admin' });
  await expect(binding).toHaveCSS('text-decoration-line', 'underline');
  await binding.click();
  await expect(page).toHaveURL(/\/bindings\/rolebinding\/payments\/alice-admin/);

  // The API gives the same words.
  const json = await (
    await page.request.get(`${baseURL}/api/who-can?verb=get&resource=secrets&namespace=payments`)
  ).json();
  const api = json.subjects.find((s: { name: string }) => s.name === 'alice@example.com');
  expect(
    api.why.some((w: string) => /^RoleBinding payments\/alice-admin → ClusterRole admin, rule \d+: /.test(w)),
  ).toBe(true);
});

test('a ready question is one click; an empty Ask says what is missing', async ({ page }) => {
  await page.goto(`${baseURL}/who-can`);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByRole('alert', { name: 'Nothing asked' })).toContainText('give a verb and a resource');

  await page
    .getByRole('navigation', { name: 'Ready questions' })
    .getByRole('link', { name: 'Who can read secrets?' })
    .click();
  await expect(page).toHaveURL(/verb=get&resource=secrets/);
  await expect(page.getByRole('region', { name: 'Who can answer' }).getByRole('heading', { level: 2 })).toContainText(
    'can get secrets across all namespaces',
  );
  await expect(page.getByRole('link', { name: 'Who can read secrets?' })).toHaveAttribute('aria-current', 'page');

  await page.goto(`${baseURL}/who-can?namespace=payments`);
  await page.getByRole('link', { name: 'Who can exec into pods in payments?' }).click();
  await expect(page).toHaveURL(/verb=create&resource=pods&subresource=exec&namespace=payments/);
});

test('typeahead: type, arrow, Enter lands on the object; /search counts every kind', async ({ page }) => {
  await page.goto(`${baseURL}/who-can`);
  const box = page.getByRole('combobox', { name: /Search/ });
  const options = page.getByRole('listbox', { name: 'Search suggestions' });
  // Typed before hydration, nothing is asked: typed again until the suggestions come.
  await expect(async () => {
    await box.fill('');
    await box.fill('alice');
    await expect(options.getByRole('option', { name: /alice@example\.com/ })).toBeVisible({ timeout: 2000 });
  }).toPass();
  await expect(options.getByRole('option').last()).toContainText(/All \d+ results? for “alice”/);
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /.+/);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/subjects\/user\/alice%40example\.com/);
  await expect(page.getByRole('heading', { level: 1, name: 'alice@example.com' })).toBeVisible();

  await page.goto(`${baseURL}/search?q=payments`);
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('heading', { level: 2 })).toContainText(/results? for “payments”: .*\d+ namespace/);
  await results
    .getByRole('navigation', { name: 'Result kinds' })
    .getByRole('link', { name: /bindings?$/ })
    .click();
  await expect(page).toHaveURL(/kind=Binding/);
  await expect(results.getByRole('table').locator('tbody tr').first()).toContainText('Binding');
  const api = await (await page.request.get(`${baseURL}/api/search?q=payments&limit=2`)).json();
  expect(api.items.length).toBe(2);
  expect(api.total).toBe(api.totals.Namespace + api.totals.Subject + api.totals.Role + api.totals.Binding);
  expect((await page.request.get(`${baseURL}/api/search?q=`)).status()).toBe(400);
});

test('a user no binding names shows what every authenticated user gets', async ({ page }) => {
  const res = await page.goto(`${baseURL}/subjects/user/nobody@example.com`);
  expect(res?.status()).toBe(200);
  const note = page.getByRole('note', { name: 'No binding names it' });
  await expect(note).toContainText('No binding names this user');
  await expect(note.getByRole('link', { name: 'system:authenticated' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'All permissions' })).toBeVisible();
  const group = await page.goto(`${baseURL}/subjects/group/no-such-team`);
  expect(group?.status()).toBe(200);
  await expect(page.getByRole('note', { name: 'No binding names it' })).toContainText('grants nothing of its own');
});
