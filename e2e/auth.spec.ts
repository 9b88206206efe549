// Token mode on the real control plane, with the app running in-cluster as the chart deploys it
// (auth.mode=token: its service account bound to system:auth-delegator): static-token users, a
// missing or bad token refused with the reason, sign-in through the page and sign-out, API calls
// with an Authorization header, and a token revoked on the server refused once the cache time has
// passed. Screenshots of the sign-in page, light and dark.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { createObjects, parseManifests } from '@/scripts/control-plane/apply';
import {
  adminFetch,
  serviceAccountToken,
  startControlPlane,
  type ControlPlane,
} from '@/scripts/control-plane/control-plane';
import { startApp, type AppServer } from './fixtures/app-server';
import { inClusterEnv, renderChart } from './fixtures/in-cluster';

const RELEASE = 'atlas-auth';
/** Short, so that a revoked token is refused within the test (plus the API server's own 10 s). */
const CACHE_SECONDS = 2;

/** Lets every authenticated identity list both kinds of binding everywhere: every view shown. */
const SEE_EVERYTHING = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-see-everything}
rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, clusterrolebindings], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: e2e-see-everything}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: e2e-see-everything}
subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: 'system:authenticated'}]
`;

const test = base.extend<object, { cp: ControlPlane; app: AppServer }>({
  cp: [
    async ({}, use) => {
      const cp = await startControlPlane({
        users: [{ name: 'alice', groups: ['team-a-readers'] }, { name: 'bob' }, { name: 'carol' }],
        log: (l) => console.log(l),
      });
      await use(cp);
      await cp.stop();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  app: [
    async ({ cp }, use) => {
      await createObjects(cp, parseManifests(render(`auth.mode=token`, `auth.cacheSeconds=${CACHE_SECONDS}`)));
      // Every signed-in viewer may see everything here (what each one sees is e2e/viewers.spec.ts's).
      await createObjects(cp, parseManifests(SEE_EVERYTHING));
      const app = await startApp({ ...(await podEnv(cp)), RBAC_ATLAS_SOURCE: '' });
      await use(app);
      await app.stop();
    },
    { scope: 'worker', timeout: 300_000 },
  ],
});

test.describe.configure({ mode: 'serial' });

/** The app's environment in a pod of the release, as the chart sets it in token mode. */
const podEnv = (cp: ControlPlane) =>
  inClusterEnv(cp, RELEASE, RELEASE, {
    RBAC_ATLAS_AUTH: 'token',
    RBAC_ATLAS_AUTH_CACHE_SECONDS: String(CACHE_SECONDS),
  });
const render = (...sets: string[]) => renderChart(RELEASE, ...sets);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('no token: pages go to the sign-in page, the API answers 401 with a Bearer challenge', async ({ app, page }) => {
  const res = await fetch(`${app.baseURL}/risks?severity=critical`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/sign-in?next=%2Frisks%3Fseverity%3Dcritical');
  const api = await fetch(`${app.baseURL}/api/namespaces`);
  expect(api.status).toBe(401);
  expect(api.headers.get('www-authenticate')).toBe('Bearer realm="rbac-atlas"');
  expect(((await api.json()) as { error: string }).error).toMatch(/^no token: send Authorization: Bearer/);
  // The probes and the sign-in page need none; the sign-in page shows nothing of the cluster.
  for (const open of ['/api/healthz', '/sign-in']) expect((await fetch(`${app.baseURL}${open}`)).status).toBe(200);
  expect((await fetch(`${app.baseURL}/api/readyz`)).status).not.toBe(401);
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fnamespaces$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Data source')).toHaveCount(0);
});

test('a bad token is refused with the reason, never echoed; hostile headers get a deliberate 401', async ({ app }) => {
  const made = 'made-up-token-4f1d9c2b7a';
  for (const token of [made, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.']) {
    const res = await fetch(`${app.baseURL}/api/namespaces`, { headers: bearer(token) });
    const body = await res.text();
    expect(res.status, body).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(JSON.parse(body).error).toMatch(/the API server does not accept this token/);
    expect(body).not.toContain(token);
  }
  const page = await fetch(`${app.baseURL}/namespaces`, { headers: bearer(made) });
  expect(page.status).toBe(401);
  expect(await page.text()).toMatch(/^Unauthorized: the API server does not accept this token/);
  // Past 16 KiB of headers Node's parser answers 431 itself (the front door makes it a deliberate answer).
  const cases: [string, number][] = [
    ['Bearer', 401],
    [`Bearer ${made} ${made}`, 401],
    [`Bearer ${'A'.repeat(15_000)}`, 401],
    [`Bearer ${'A'.repeat(20_000)}`, 431],
  ];
  for (const [authorization, status] of cases) {
    const res = await fetch(`${app.baseURL}/api/namespaces`, { headers: { authorization } });
    const body = await res.text();
    expect(res.status, authorization.slice(0, 20)).toBe(status);
    expect(body).not.toContain(made);
    expect(body).not.toContain('AAAAAAAA');
  }
});

test('an Authorization header works for API calls and pages; the viewer is named', async ({ app, cp }) => {
  const headers = bearer(cp.userTokens.get('bob')!);
  const api = await fetch(`${app.baseURL}/api/namespaces`, { headers });
  expect(api.status).toBe(200);
  const html = await (await fetch(`${app.baseURL}/namespaces`, { headers })).text();
  expect(html).toContain('Signed in as');
  expect(html).toContain('>bob<');
  // A viewer header sent by the client is never believed.
  const spoofed = await fetch(`${app.baseURL}/api/namespaces`, {
    headers: { 'x-rbac-atlas-viewer': 'eyJ1c2VybmFtZSI6ImJvYiJ9' },
  });
  expect(spoofed.status).toBe(401);
});

async function signIn(page: Page, baseURL: string, token: string): Promise<void> {
  await page.goto(`${baseURL}/roles?scope=cluster`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel('Kubernetes bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${baseURL}/roles?scope=cluster`);
}

test('sign in through the page, see who is signed in, sign out', async ({ app, cp, page }) => {
  const token = cp.userTokens.get('alice')!;
  await page.goto(`${app.baseURL}/sign-in`);
  await page.getByLabel('Kubernetes bearer token').fill('not-a-token-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not signed in' });
  await expect(alert).toContainText('Not signed in: the API server does not accept this token');
  await expect(alert).not.toContainText('not-a-token-at-all');
  await signIn(page, app.baseURL, token);
  await expect(page.getByTestId('viewer')).toContainText('Signed in as alice');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'rbac_atlas_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(session?.value).not.toContain(token);
  expect(page.url()).not.toContain(token);
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page.getByTestId('viewer')).toContainText('alice');
  expect((await page.request.get(`${app.baseURL}/api/namespaces`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${app.baseURL}/sign-in`);
  expect((await page.context().cookies()).find((c) => c.name === 'rbac_atlas_session')).toBeUndefined();
  // The old session id is dead on the server too.
  const old = await fetch(`${app.baseURL}/api/namespaces`, {
    headers: { cookie: `rbac_atlas_session=${session?.value}` },
  });
  expect(old.status).toBe(401);
  await page.goto(`${app.baseURL}/namespaces`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fnamespaces/);
});

test('the sign-in POST is refused from another site and as a form post, without reading the token', async ({ app }) => {
  const body = JSON.stringify({ token: 'x' });
  const cross = await fetch(`${app.baseURL}/api/session`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
  });
  expect(cross.status).toBe(403);
  const form = await fetch(`${app.baseURL}/api/session`, {
    method: 'POST',
    body: 'token=secret-in-a-form',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(form.status).toBe(415);
  expect(await form.text()).not.toContain('secret-in-a-form');
  expect((await fetch(`${app.baseURL}/api/session`)).status).toBe(405);
  const huge = await fetch(`${app.baseURL}/api/session`, {
    method: 'POST',
    body: JSON.stringify({ token: 'A'.repeat(100_000) }),
    headers: { 'content-type': 'application/json' },
  });
  expect(huge.status).toBe(413);
});

test('a token revoked on the server is refused once the cache time has passed', async ({ app, cp }) => {
  const sa = `/api/v1/namespaces/${RELEASE}/serviceaccounts`;
  expect((await adminFetch(cp, sa, { method: 'POST', body: { metadata: { name: 'short-lived' } } })).status).toBe(201);
  const token = await serviceAccountToken(cp, RELEASE, 'short-lived');
  expect((await fetch(`${app.baseURL}/api/namespaces`, { headers: bearer(token) })).status).toBe(200);
  expect((await adminFetch(cp, `${sa}/short-lived`, { method: 'DELETE' })).status).toBe(200);
  const deleted = Date.now();
  // The app's cache (2 s here) and the API server's own cache of accepted tokens (10 s).
  await expect
    .poll(async () => (await fetch(`${app.baseURL}/api/namespaces`, { headers: bearer(token) })).status, {
      timeout: 30_000,
      intervals: [500],
    })
    .toBe(401);
  expect(Date.now() - deleted).toBeLessThan((CACHE_SECONDS + 10 + 5) * 1000);
  const res = await fetch(`${app.baseURL}/api/namespaces`, { headers: bearer(token) });
  expect(((await res.json()) as { error: string }).error).toMatch(/the API server does not accept this token/);
});

for (const theme of ['light', 'dark'] as const)
  test(`the sign-in page, ${theme}: no serious accessibility violation; screenshot`, async ({ app, browser }) => {
    const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/sign-in?next=%2Frisks&ended=1`);
    await expect(page.getByText('Your session ended')).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.screenshot({ path: `e2e/screenshots/sign-in-${theme}.png` });
    await context.close();
  });
