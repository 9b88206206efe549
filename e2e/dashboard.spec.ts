// The dashboard as a cluster admin uses it, on the real local control plane seeded with the demo's RBAC.
import { expect, test } from './fixtures/test';
import { Reviewer } from './conformance/reviews';
import { impersonatedIdentity, serviceAccountIdentity, type Identity } from '@/lib/rbac';

test.describe.configure({ mode: 'serial' });

let baseURL = '';

test.beforeEach(async ({ startApp, cluster }) => {
  baseURL = (await startApp({ KUBECONFIG: cluster.cp.kubeconfigPath })).baseURL;
});

test('open a namespace, find its nodes in the list, select a service account and see its permissions', async ({
  page,
}) => {
  await page.goto(baseURL);
  await page.getByRole('link', { name: 'default', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'default' })).toBeVisible();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();

  const list = page.getByRole('region', { name: 'Graph as a list' });
  await expect(
    list
      .getByRole('list', { name: 'ServiceAccount nodes' })
      .getByRole('link', { name: 'ServiceAccount default/demo-sa' }),
  ).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'RoleBinding default/read-pods' })).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'Role default/pod-reader' })).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'Pod default/demo-app' })).toHaveCount(1);
  await expect(list.getByRole('list', { name: 'Edges' })).toContainText(
    'ServiceAccount default/demo-sa → RoleBinding default/read-pods (subject-of)',
  );
  await expect(list.getByRole('list', { name: 'Edges' })).toContainText(
    'Role default/pod-reader → Resource pods (grants: get, list)',
  );

  // The list is also a view of its own (keyboard and screen-reader path): switch to it and select.
  // Filters apply as they change: no button to press.
  await page.getByRole('combobox', { name: 'View' }).selectOption('list');
  await expect(page).toHaveURL(/view=list/);
  await list.getByRole('link', { name: 'ServiceAccount default/demo-sa' }).click();
  await expect(page).toHaveURL(/node=subject%3AServiceAccount%3Adefault%2Fdemo-sa/);
  const panel = page.getByRole('complementary', { name: 'demo-sa' });
  await expect(panel).toBeVisible();
  const matrix = panel.getByRole('table', { name: /Permissions of default\/demo-sa in namespace default/ });
  await expect(matrix.getByRole('row', { name: /^pods\b/ }).getByLabel('get pods: yes; show why')).toBeVisible();
  await expect(matrix.getByLabel(/^create pods: yes/)).toHaveCount(0);
  // Built-in grants (discovery, self-reviews) are folded as the graph folds built-in bindings.
  await expect(panel.getByText(/\d+ built-in grants? .*hidden, as in the graph/)).toBeVisible();
  await matrix.getByLabel('list pods: yes; show why').click();
  const why = page.getByRole('dialog', { name: 'Why list pods' });
  await expect(why).toContainText('RoleBinding read-pods → Role default/pod-reader, rule 0');
  await why.getByRole('button', { name: 'Close' }).click();
  await expect(why).toBeHidden();

  // A copied link reopens the exact view, selection included.
  const link = page.url();
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByRole('complementary', { name: 'demo-sa' })).toBeVisible();
  await expect(other.getByRole('radio', { name: 'Structure' })).toBeChecked();
  await expect(other.getByRole('combobox', { name: 'View' })).toHaveValue('list');
  await other.close();

  // The picture can be exported.
  const png = page.waitForEvent('download');
  await page.getByRole('combobox', { name: 'View' }).selectOption('graph');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const file = await png;
  expect(file.suggestedFilename()).toBe('rbac-atlas-default.png');
  expect(
    Buffer.concat(await (await file.createReadStream()).toArray())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  // Back to the graph, the selection stays; Esc clears it.
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'demo-sa' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/namespace-default-selected.png' });
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/node=/);
});

test('clicking a node on the canvas selects it', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces/default?kinds=serviceaccounts`);
  const canvas = page.getByTestId('graph-canvas');
  await expect(canvas).toBeVisible();
  // With only service accounts shown, the layout stacks them; find one by scanning the canvas.
  const box = (await canvas.boundingBox())!;
  // Each click is given time to select before the next (a click on the background would clear a
  // selection whose navigation had not landed yet).
  for (let y = box.y + 10; y < box.y + box.height && !/node=/.test(page.url()); y += 12) {
    await page.mouse.click(box.x + box.width / 2, y);
    await page.waitForURL(/node=/, { timeout: 250 }).catch(() => undefined);
  }
  await expect(page).toHaveURL(/node=subject%3AServiceAccount%3Adefault%2F/);
  await expect(page.getByRole('complementary')).toBeVisible();
});

test('access mode and filters live in the URL', async ({ page }) => {
  await page.goto(`${baseURL}/namespaces/checkout`);
  await page.getByRole('radio', { name: 'Access' }).check();
  await page.getByRole('textbox', { name: 'Verb' }).fill('create');
  await page.getByRole('textbox', { name: 'Resource' }).fill('pods/exec');
  await expect(page).toHaveURL(/resource=pods%2Fexec/);
  await expect(page).toHaveURL(/mode=access/);
  await expect(page).toHaveURL(/verb=create/);
  const edges = page.getByRole('region', { name: 'Graph as a list' }).getByRole('list', { name: 'Edges' });
  await expect(edges).toContainText('User bob@example.com → Resource pods/exec (can: create) — dangerous');
  const list = page.getByRole('region', { name: 'Graph as a list' });
  await expect(list.getByRole('link', { name: 'User bob@example.com, matches the highlight' })).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'ServiceAccount ci/deployer, matches the highlight' })).toHaveCount(1);
  await expect(list.getByRole('link', { name: 'ServiceAccount checkout/cart', exact: true })).toHaveCount(1);
  await expect(page.getByText('Structure')).toBeVisible();
  await expect(page.getByLabel('Highlight', { exact: true })).toHaveText(
    'Highlighted: who can create pods/exec in namespace checkout.',
  );
  await page.screenshot({ path: 'e2e/screenshots/namespace-checkout-access.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await page.screenshot({ path: 'e2e/screenshots/namespace-checkout-access-dark.png' });
});

test('who-can answers equal the API server’s SubjectAccessReview', async ({ page, cluster }) => {
  const reviewer = new Reviewer(cluster.cp);
  const identities: [string, Identity][] = [
    ['ServiceAccount payments/payments-api', serviceAccountIdentity('payments', 'payments-api')],
    ['ServiceAccount payments/payments-worker', serviceAccountIdentity('payments', 'payments-worker')],
    ['ServiceAccount ci/deployer', serviceAccountIdentity('ci', 'deployer')],
    ['ServiceAccount checkout/cart', serviceAccountIdentity('checkout', 'cart')],
    ['ServiceAccount default/demo-sa', serviceAccountIdentity('default', 'demo-sa')],
    ['ServiceAccount monitoring/prometheus', serviceAccountIdentity('monitoring', 'prometheus')],
    ['ServiceAccount monitoring/grafana', serviceAccountIdentity('monitoring', 'grafana')],
    ['User alice@example.com', impersonatedIdentity('alice@example.com', [])],
    ['User bob@example.com', impersonatedIdentity('bob@example.com', [])],
    ['User support-bot', impersonatedIdentity('support-bot', [])],
  ];
  const questions: Record<string, string>[] = [
    { verb: 'get', resource: 'secrets', namespace: 'payments' },
    { verb: 'list', resource: 'pods', namespace: 'checkout' },
    { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'checkout' },
    { verb: 'get', resource: 'configmaps', name: 'payments-config', namespace: 'payments' },
    { verb: 'impersonate', resource: 'serviceaccounts' },
    { verb: 'escalate', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' },
  ];
  try {
    for (const q of questions) {
      // Every subject, built-in ones too: the whole answer is what must agree.
      await page.goto(`${baseURL}/who-can?${new URLSearchParams({ ...q, builtin: 'show' })}`);
      const answer = page.getByRole('region', { name: 'Who can answer' });
      await expect(answer).toBeVisible();
      const listed = new Set(
        (await answer.getByRole('row').allInnerTexts()).map((row) => row.split('\t').slice(0, 2).join(' ').trim()),
      );
      for (const [name, identity] of identities) {
        const request = {
          kind: 'resource' as const,
          verb: q.verb!,
          group: q.group ?? '',
          resource: q.resource!,
          subresource: q.subresource ?? '',
          name: q.name ?? '',
          namespace: q.namespace ?? '',
        };
        const server = await reviewer.subjectAccessReview(identity, request);
        const groupListed = identity.groups.some((g) => listed.has(`Group ${g}`));
        expect(listed.has(name) || groupListed, `${name} ${JSON.stringify(q)}`).toBe(server);
      }
    }
    await page.screenshot({ path: 'e2e/screenshots/who-can.png', fullPage: true });
  } finally {
    reviewer.close();
  }
});

test('who-can resolves names as kubectl does and says so; an unknown verb is a warning beside the answer', async ({
  page,
  request,
}) => {
  const total = async (resource: string) =>
    (
      (await (
        await request.get(`${baseURL}/api/who-can?verb=get&resource=${resource}&namespace=payments&builtin=hide`)
      ).json()) as { total: number }
    ).total;
  await page.goto(`${baseURL}/who-can?verb=get&resource=secret&namespace=payments`);
  const answer = page.getByRole('region', { name: 'Who can answer' });
  await expect(answer.getByRole('heading', { level: 2 })).toContainText('can get secrets in namespace payments');
  await expect(answer.getByLabel('Resolved')).toHaveText('Resolved as kubectl does: secret → secrets');
  await expect(answer.getByRole('status', { name: 'Warnings' })).toHaveCount(0);
  const n = await total('secrets');
  expect(await total('secret')).toBe(n);
  await expect(answer.getByRole('row')).toHaveCount(n + 1);

  await page.goto(`${baseURL}/who-can?verb=gett&resource=secrets&namespace=payments`);
  await expect(answer.getByRole('status', { name: 'Warnings' })).toHaveText(
    'Warning: verb "gett" is not a known verb (did you mean "get"?); answered for it as given',
  );
  await expect(answer.getByRole('heading', { level: 2 })).toContainText('can gett secrets in namespace payments');
  // The export answers what the page shows: the request as given, literal.
  const exportHref = await answer.getByRole('link', { name: 'Export JSON' }).getAttribute('href');
  expect(exportHref).toContain('literal=true');

  const bad = await request.get(`${baseURL}/api/who-can?verb=gett&resource=secrets&namespace=payments`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/^verb: verb "gett" is not a known verb \(did you mean "get"\?\)/);
  const literal = await request.get(
    `${baseURL}/api/who-can?verb=gett&resource=secrets&namespace=payments&literal=true`,
  );
  expect(literal.status()).toBe(200);
  expect((await literal.json()).warnings).toHaveLength(1);
});

test('subject and role pages, search, and the not-found pages', async ({ page }) => {
  await page.goto(`${baseURL}/subjects/serviceaccount/payments/payments-api`);
  await expect(page.getByRole('heading', { level: 1, name: 'payments/payments-api' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: /in namespace payments/ }).getByLabel('get secrets: yes, dangerous; show why'),
  ).toBeVisible();
  await expect(page.getByText('payments-api-5d9c7b8f6-4mzxq')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/subject.png', fullPage: true });
  const csv = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const csvText = await (await (await csv).createReadStream()).toArray();
  expect(Buffer.concat(csvText).toString()).toContain(
    'payments,secrets,get list watch,,RoleBinding payments/payments-api-secrets,Role payments/secrets-reader,0',
  );

  await page.goto(`${baseURL}/roles/clusterrole/edit`);
  await expect(page.getByText('Aggregates:')).toContainText('payments-ledger-editor');
  await expect(
    page.getByRole('table', { name: 'Bindings of edit' }).getByRole('link', { name: 'payments-devs-edit' }),
  ).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/role.png', fullPage: true });

  await page.goto(baseURL);
  await page.getByRole('combobox', { name: /Search/ }).fill('rbac-op');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=rbac-op/);
  await expect(
    page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'platform/rbac-operator' }),
  ).toBeVisible();

  const missing = await page.goto(`${baseURL}/namespaces/no-such-namespace`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Namespace “no-such-namespace” not found' })).toBeVisible();
  // A user no binding names still has what system:authenticated grants: its page, not a 404.
  const noSubject = await page.goto(`${baseURL}/subjects/user/nobody@example.com`);
  expect(noSubject?.status()).toBe(200);
  await expect(page.getByRole('note', { name: 'No binding names it' })).toContainText('system:authenticated');
  const noAccount = await page.goto(`${baseURL}/subjects/serviceaccount/default/nobody`);
  expect(noAccount?.status()).toBe(404);
});

test('the version modelled: a badge by the source, its gates in the title; a node note where it matters', async ({
  page,
}) => {
  await page.goto(
    `${baseURL}/who-can?verb=get&resource=secrets&namespace=payments&user=system:node:n1&groups=system:nodes`,
  );
  const badge = page.getByTestId('kube-version');
  await expect(badge).toHaveText('Kubernetes 1.36');
  expect(await badge.getAttribute('title')).toMatch(
    /^Kubernetes 1\.36: read from the API server's \/version \(v1\.36\.3\)\nConstrainedImpersonation: on \(as the API server's \/metrics reports them\)/,
  );
  await expect(page.getByRole('note', { name: 'Node authorizer' })).toContainText('Node authorizer');
  await page.goto(
    `${baseURL}/who-can?verb=impersonate:serviceaccount&resource=serviceaccounts.authentication.k8s.io&namespace=payments`,
  );
  await expect(page.getByRole('alert', { name: 'Invalid question' })).toHaveCount(0);
  await expect(page.getByRole('note', { name: 'Node authorizer' })).toHaveCount(0);
});

test('API: GET only, validated input, clear errors', async ({ request }) => {
  const ok = await request.get(
    `${baseURL}/api/can-i?verb=get&resource=pods&namespace=default&user=system:serviceaccount:default:demo-sa`,
  );
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({
    // Every answer names the version it models: the control plane's own, its gates from /metrics.
    kubernetes: { version: '1.36', from: 'server', featuresFrom: 'server', server: 'v1.36.3' },
    allowed: true,
    grants: [{ binding: { kind: 'RoleBinding', name: 'read-pods' } }],
  });
  const no = await request.get(
    `${baseURL}/api/can-i?verb=create&resource=pods&namespace=default&user=system:serviceaccount:default:demo-sa`,
  );
  expect((await no.json()).allowed).toBe(false);

  const who = await request.get(`${baseURL}/api/who-can?verb=get&resource=secrets&namespace=payments`);
  const body = (await who.json()) as { subjects: { kind: string; name: string; namespace?: string }[] };
  expect(body.subjects).toContainEqual(
    expect.objectContaining({ kind: 'ServiceAccount', namespace: 'payments', name: 'payments-api' }),
  );

  const bad = await request.get(`${baseURL}/api/who-can?verb=GET&resource=pods`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/verb/);
  expect((await request.get(`${baseURL}/api/can-i?verb=get&resource=pods`)).status()).toBe(400);
  expect((await request.get(`${baseURL}/api/graph?namespace=nope`)).status()).toBe(404);
  expect((await request.get(`${baseURL}/api/graph?namespace=default&mode=sideways`)).status()).toBe(400);
  const graph = await request.get(`${baseURL}/api/graph?namespace=default`);
  expect((await graph.json()).nodes.length).toBeGreaterThan(3);
  expect((await request.get(`${baseURL}/api/subjects/group/payments-devs`)).status()).toBe(200);
  const nobody = await request.get(`${baseURL}/api/subjects/user/nobody`);
  expect(nobody.status()).toBe(200);
  expect((await nobody.json()).named).toBe(false);
  expect((await request.get(`${baseURL}/api/subjects/serviceaccount/default/nobody`)).status()).toBe(404);
  expect((await request.get(`${baseURL}/api/readyz`)).status()).toBe(200);
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const r = await request.fetch(`${baseURL}/api/who-can?verb=get&resource=pods`, { method });
    expect(r.status(), method).toBe(405);
  }
});
