// The token inspector against a real control plane: a pod-bound token from the TokenRequest API (what
// `kubectl create token SA --bound-object-kind=Pod --bound-object-name=POD` sends) is named with its
// pod, node and expiry and accepted by the API server; it stays accepted when its node is deleted
// and is refused once its pod is; a legacy token Secret's token is named long-lived; hostile input
// is answered deliberately, never with a 500 or an echo. The token never shows in a URL, an answer
// or the server's output.
import AxeBuilder from '@axe-core/playwright';
import { adminFetch, type ControlPlane } from '@/scripts/control-plane/control-plane';
import { expect, test } from './fixtures/test';
import type { TokenCheck } from '@/lib/web/token-check';

test.describe.configure({ mode: 'serial' });

const NS = 'token-proof';
const SA = 'builder';
const NODE = 'proof-node';
const POD = 'web';

type Admin = Pick<ControlPlane, 'server' | 'caPem' | 'adminToken'>;

async function create(cp: Admin, path: string, body: unknown) {
  const res = await adminFetch(cp, path, { method: 'POST', body });
  expect([201, 409], `${path}: ${JSON.stringify(res.body)}`).toContain(res.status);
  return res.body as { metadata: { uid: string } };
}

/** The namespace, its service account, a Node and a Pod on it (no kubelet: the objects are enough). */
async function podWithNode(cp: Admin): Promise<{ podUid: string }> {
  await create(cp, '/api/v1/namespaces', { metadata: { name: NS } });
  await create(cp, `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: SA } });
  await create(cp, '/api/v1/nodes', { metadata: { name: NODE } });
  const pod = await create(cp, `/api/v1/namespaces/${NS}/pods`, {
    metadata: { name: POD },
    spec: { serviceAccountName: SA, nodeName: NODE, containers: [{ name: 'c', image: 'busybox' }] },
  });
  return { podUid: pod.metadata.uid };
}

/** TokenRequest with a boundObjectRef to the pod: `kubectl create token --bound-object-kind=Pod`. */
async function podBoundToken(cp: Admin, podUid: string): Promise<string> {
  const res = await adminFetch(cp, `/api/v1/namespaces/${NS}/serviceaccounts/${SA}/token`, {
    method: 'POST',
    body: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: POD, uid: podUid } },
    },
  });
  const token = (res.body as { status?: { token?: string } }).status?.token;
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return token!;
}

async function check(baseURL: string, token: string): Promise<{ status: number; text: string; body: TokenCheck }> {
  const res = await fetch(`${baseURL}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as TokenCheck };
}

/** Asks until `done` holds (the app's watch and the API server's 10 s token cache catch up). */
async function checkUntil(baseURL: string, token: string, done: (b: TokenCheck) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await check(baseURL, token);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text, 'the answer never holds the token').not.toContain(token);
    if (done(answer.body)) return answer.body;
    if (Date.now() > deadline) throw new Error(`${what}: still ${answer.text.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const podCheck = (b: TokenCheck) => b.objects?.find((o) => o.kind === 'Pod');

test('a pod-bound token: its pod, node and expiry, accepted; still after its node goes; refused once its pod goes', async ({
  cluster,
  startApp,
  page,
}) => {
  test.setTimeout(300_000);
  const { cp } = cluster;
  const { podUid } = await podWithNode(cp);
  const token = await podBoundToken(cp, podUid);
  const app = await startApp({ KUBECONFIG: cp.kubeconfigPath });

  const accepted = await checkUntil(app.baseURL, token, (b) => podCheck(b)?.state === 'exists', 'pod seen');
  expect(accepted.verdict).toBe('accepted');
  expect(accepted.review).toMatchObject({
    state: 'accepted',
    user: { username: `system:serviceaccount:${NS}:${SA}` },
  });
  expect(accepted.token.kind).toBe('bound');
  expect(accepted.token.objects?.pod).toEqual({ name: POD, uid: podUid });
  expect(accepted.token.objects?.node?.name).toBe(NODE);
  expect(accepted.links[0]?.href).toBe(`/subjects/serviceaccount/${NS}/${SA}`);

  // The page: decoded in the browser, the claims in words, then the server's answer.
  await page.goto(`${app.baseURL}/token`);
  await page.getByRole('textbox', { name: /^Token/ }).fill(token);
  const claims = page.getByRole('region', { name: 'What it claims' });
  await expect(claims).toContainText(`Pod ${NS}/${POD} (uid ${podUid}): refused once that pod is deleted`);
  await expect(claims).toContainText(`Node ${NODE}`);
  await expect(claims).toContainText(/Expires\d{4}-\d\d-\d\d [\d:]+ UTC \(in (59 min|1 h)/);
  await expect(claims).toContainText('decoded, not verified');
  await page.getByRole('button', { name: 'Check with the API server' }).click();
  const result = page.getByRole('region', { name: 'Checked' });
  await expect(result).toContainText('The API server accepts it.');
  await expect(result.getByRole('link', { name: `system:serviceaccount:${NS}:${SA}` })).toBeVisible();
  expect(page.url()).not.toContain(token.slice(0, 40));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/token-inspector-${scheme}.png`, fullPage: true });
    // The answer as shown, checked as e2e/a11y.spec.ts checks every page (it sees only the empty form).
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const blocking = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      blocking.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`),
      scheme,
    ).toEqual([]);
  }

  // The node a pod-bound token names is only where the pod ran (claims.go): gone, the token holds.
  expect((await adminFetch(cp, `/api/v1/nodes/${NODE}`, { method: 'DELETE' })).status).toBe(200);
  const nodeGone = await check(app.baseURL, token);
  expect(nodeGone.body.review?.state).toBe('accepted');

  // Its pod gone (no kubelet: deleted at once), the API server refuses it within its cache time.
  const deleted = await adminFetch(cp, `/api/v1/namespaces/${NS}/pods/${POD}?gracePeriodSeconds=0`, {
    method: 'DELETE',
  });
  expect(deleted.status).toBe(200);
  const refused = await checkUntil(
    app.baseURL,
    token,
    (b) => b.review?.state === 'refused' && podCheck(b)?.state === 'gone',
    'pod deleted',
  );
  expect(refused.verdict).toBe('refused');
  expect(app.output()).not.toContain(token.slice(0, 40));
});

test('a legacy token Secret: its token is named long-lived, and the server accepts it', async ({
  cluster,
  startApp,
}) => {
  test.setTimeout(180_000);
  const { cp } = cluster;
  await create(cp, '/api/v1/namespaces', { metadata: { name: NS } });
  await create(cp, `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: SA } });
  await create(cp, `/api/v1/namespaces/${NS}/secrets`, {
    metadata: { name: `${SA}-token`, annotations: { 'kubernetes.io/service-account.name': SA } },
    type: 'kubernetes.io/service-account-token',
  });
  // The token controller fills it (kube-controller-manager's serviceaccount-token-controller).
  let token = '';
  const deadline = Date.now() + 60_000;
  while (!token && Date.now() < deadline) {
    const res = await adminFetch(cp, `/api/v1/namespaces/${NS}/secrets/${SA}-token`);
    const data = (res.body as { data?: { token?: string } }).data;
    if (data?.token) token = Buffer.from(data.token, 'base64').toString('utf8');
    else await new Promise((r) => setTimeout(r, 500));
  }
  expect(token, 'the token controller filled the Secret').not.toBe('');
  const app = await startApp({ KUBECONFIG: cp.kubeconfigPath });
  const answer = await checkUntil(app.baseURL, token, (b) => b.review?.state === 'accepted', 'legacy accepted');
  expect(answer.token.kind).toBe('legacy');
  expect(answer.words.find((l) => l.label === 'Kind')?.text).toMatch(/long-lived/);
  expect(answer.words.find((l) => l.label === 'Expires')?.text).toMatch(/^never/);
  expect(answer.objects?.find((o) => o.kind === 'Secret')).toMatchObject({ name: `${SA}-token`, state: 'not-checked' });
});

test('hostile input to the inspector: deliberate 4xx, never a 500, never an echo', async ({ startApp, page }) => {
  const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
  const SECRET = 'hunter2hunter2';
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.baseURL}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const cases: [string, Response, number][] = [
    ['oversized', await post(JSON.stringify({ token: `${SECRET}${'a'.repeat(70_000)}` })), 413],
    ['not JSON', await post(`{${SECRET}`), 400],
    ['not a JWT', await post(JSON.stringify({ token: SECRET })), 400],
    ['alg none', await post(JSON.stringify({ token: `${b64({ alg: 'none' })}.${b64({ sub: SECRET })}.` })), 400],
    ['control characters', await post(JSON.stringify({ token: `a.${SECRET}\u0000.c` })), 400],
    ['another field', await post(JSON.stringify({ token: 'a.b.c', [SECRET]: 1 })), 400],
    ['text/plain', await post(JSON.stringify({ token: SECRET }), { 'content-type': 'text/plain' }), 415],
    ['another site', await post(JSON.stringify({ token: SECRET }), { origin: 'https://evil.example' }), 403],
    ['GET', await fetch(`${app.baseURL}/api/token?token=${SECRET}`), 405],
  ];
  for (const [what, res, status] of cases) {
    const text = await res.text();
    expect(res.status, `${what}: ${text}`).toBe(status);
    expect(text, what).not.toContain(SECRET);
  }
  await page.goto(`${app.baseURL}/token`);
  for (const input of [SECRET, `${b64({ alg: 'none' })}.${b64({ sub: SECRET })}.`, `a.${SECRET}\u0007.c`]) {
    await page.getByRole('textbox', { name: /^Token/ }).fill(input);
    const alert = page.getByRole('alert').filter({ hasText: 'Not a token' });
    await expect(alert).toContainText('Not a token:');
    await expect(alert).not.toContainText(SECRET);
    await expect(page.getByRole('button', { name: 'Check with the API server' })).toBeDisabled();
  }
  expect(app.output()).not.toContain(SECRET);
});
