// The change history under a change as large as the API server accepts: a ClusterRole of 20,000
// rules bound to 5,000 users is recorded as one group (diffed once, not 5,000 times), with the
// chart's heap cap; every /api/changes answer stays a few MB and every /changes page under 500 KB,
// the subjects page by entry and group, and what did not fit in the entry is said, not dropped silently.
import { readFile } from 'node:fs/promises';
import { adminFetch } from '@/scripts/control-plane/control-plane';
import { expect, test } from './fixtures/test';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const RULES = 20_000;
const USERS = 5_000;
const MB = 1024 * 1024;

interface Listing {
  kept: { entries: number; bytes: number; budget: number };
  changes: {
    id: number;
    objects: { kind: string; name: string }[];
    counts: { subjects: number; gained: number };
    groups: { size: number; subjects: unknown[]; dropped?: { gained: number } }[];
  }[];
}

const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'changes-large' },
  // Half on one verb (a line of thousands of resources), half on a verb each (thousands of lines).
  rules: Array.from({ length: RULES }, (_, i) => ({
    apiGroups: ['example.com'],
    resources: [`r${i}`],
    verbs: [i % 2 === 0 ? 'get' : `verb-${i}`],
  })),
};

const binding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'changes-large', namespace: 'checkout' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'changes-large' },
  subjects: Array.from({ length: USERS }, (_, i) => ({
    kind: 'User',
    apiGroup: 'rbac.authorization.k8s.io',
    name: `many-${i}`,
  })),
};

/** The server's resident memory (MiB), from /proc. */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

test('a 20,000-rule ClusterRole bound to 5,000 users: one group in the history, every answer and page small', async ({
  page,
  startApp,
  cluster,
}) => {
  test.setTimeout(300_000);
  const app = await startApp({
    KUBECONFIG: cluster.cp.kubeconfigPath,
    NODE_OPTIONS: '--max-old-space-size=307 --max-semi-space-size=16',
  });
  await expect.poll(async () => (await page.request.get(`${app.baseURL}/api/readyz`)).status()).toBe(200);
  const sizes: Record<string, number> = {};
  const get = async (path: string) => {
    const res = await page.request.get(`${app.baseURL}${path}`);
    expect(res.status(), path).toBe(200);
    const body = await res.body();
    sizes[path] = body.length;
    return body;
  };
  try {
    for (const [url, obj] of [
      [`${RBAC}/clusterroles`, role],
      [`${RBAC}/namespaces/checkout/rolebindings`, binding],
    ] as const)
      expect((await adminFetch(cluster.cp, url, { method: 'POST', body: obj })).status).toBe(201);
    const listing = async () => JSON.parse((await get('/api/changes')).toString()) as Listing;
    const recorded = async () =>
      (await listing()).changes.find((c) =>
        c.objects.some((o) => o.kind === 'RoleBinding' && o.name === 'changes-large'),
      );
    await expect.poll(async () => (await recorded())?.counts.subjects, { timeout: 120_000 }).toBe(USERS);
    const entry = (await recorded())!;
    expect(entry.groups.map((g) => [g.size, g.subjects.length])).toEqual([[USERS, 10]]);
    expect(entry.counts.gained).toBe(USERS * RULES);
    expect(entry.groups[0]!.dropped?.gained, 'what did not fit is counted').toBeGreaterThan(0);

    const all = JSON.parse((await get(`/api/changes?entry=${entry.id}&group=1&limit=5000`)).toString()) as {
      total: number;
      subjects: { name: string }[];
    };
    expect([all.total, all.subjects.length, all.subjects[0]!.name]).toEqual([USERS, USERS, 'many-0']);
    const first = JSON.parse((await get(`/api/changes?entry=${entry.id}&limit=100`)).toString()) as {
      continue: string;
      subjects: { name: string; group: number }[];
    };
    const second = JSON.parse(
      (await get(`/api/changes?entry=${entry.id}&limit=100&continue=${first.continue}`)).toString(),
    ) as typeof first;
    expect(second.subjects[0]).toEqual({ kind: 'User', name: all.subjects[100]!.name, group: 1 });
    for (const [query, status] of [
      ['entry=x', 400],
      ['group=1', 400],
      [`entry=${entry.id}&group=2`, 400],
      ['entry=999', 404],
    ] as const)
      expect((await page.request.get(`${app.baseURL}/api/changes?${query}`)).status(), query).toBe(status);
    await get('/api/changes?format=csv');
    for (const [path, size] of Object.entries(sizes))
      expect(size, `${path}: ${size} bytes`).toBeLessThan(path.includes('format=csv') ? 16 * MB : 5 * MB);

    for (const view of ['/changes', `/changes?entry=${entry.id}`, `/changes?entry=${entry.id}&group=1`]) {
      const html = await get(view);
      expect(html.length, `${view}: ${html.length} bytes`).toBeLessThan(500 * 1024);
    }
    console.log(`sizes (bytes): ${JSON.stringify(sizes)}; server RSS ${(await rssMiB(app.pid)).toFixed(0)} MiB`);

    await page.goto(`${app.baseURL}/changes`);
    const item = page.getByRole('list', { name: 'Changes' }).locator('> li').first();
    await expect(item).toContainText('5,000 users, alike');
    await expect(item).toContainText(/not kept .*: 1\d,\d{3} gained permissions/i);
    await item.getByRole('link', { name: 'and 4,995 more' }).click();
    await expect(page.getByRole('heading', { name: '5,000 subjects' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Subjects' }).getByRole('listitem')).toHaveCount(200);
    await page.goto(`${app.baseURL}/changes`);
    await page.screenshot({ path: 'e2e/screenshots/changes-large-light.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'e2e/screenshots/changes-large-dark.png', fullPage: true });
    await page.goto(`${app.baseURL}/changes?entry=${entry.id}&group=1`);
    await page.screenshot({ path: 'e2e/screenshots/changes-large-group-dark.png' });
  } finally {
    await adminFetch(cluster.cp, `${RBAC}/namespaces/checkout/rolebindings/changes-large`, { method: 'DELETE' });
    await adminFetch(cluster.cp, `${RBAC}/clusterroles/changes-large`, { method: 'DELETE' });
  }
});
