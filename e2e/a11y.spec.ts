// Accessibility, as axe checks it: every page of the dashboard, light and dark, with no serious or
// critical violation of WCAG 2 A/AA (contrast, links told apart from text, names, labels). One app on
// the demo, with a snapshot folder so /diff has two snapshots to compare.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { risksComputed, startApp, type AppServer } from './fixtures/app-server';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/** Every page of app/**\/page.tsx, on objects of the demo: a subject, role and binding of each kind. */
const PAGES = [
  ['overview', '/'],
  ['namespace graph', '/namespaces/payments'],
  ['namespace graph, a node selected', '/namespaces/payments?node=resource%3Asecrets'],
  ['namespace as a list', '/namespaces/payments?view=list'],
  ['subjects', '/subjects'],
  ['a service account', '/subjects/serviceaccount/payments/payments-api'],
  ['a user', '/subjects/user/alice%40example.com'],
  ['a group', '/subjects/group/payments-devs'],
  ['roles', '/roles'],
  ['a Role', '/roles/role/payments/secrets-reader'],
  ['a ClusterRole', '/roles/clusterrole/admin'],
  ['bindings', '/bindings'],
  ['a RoleBinding', '/bindings/rolebinding/payments/payments-devs-edit'],
  ['a ClusterRoleBinding', '/bindings/clusterrolebinding/ci-deployer-cluster-admin'],
  ['who can (the form)', '/who-can'],
  ['who can, answered', '/who-can?verb=get&resource=secrets&namespace=payments'],
  ['who can, why not', '/who-can?verb=get&resource=secrets&namespace=checkout&user=alice%40example.com'],
  ['risks', '/risks'],
  ['changes', '/changes'],
  ['usage', '/usage'],
  ['usage: identities', '/usage?list=identities'],
  ['usage: attribution', '/usage?list=disagreements'],
  ['right-size', '/usage/rightsize?subject=system%3Aserviceaccount%3Aci%3Adeployer'],
  ['right-size a namespace', '/usage/rightsize?namespace=payments'],
  ['diff (the form)', '/diff'],
  ['token inspector', '/token'],
  ['diff of two snapshots', '/diff?from=monday.yaml&to=tuesday'],
  ['not found', '/no/such/page'],
] as const;

/** Pages other parts of the dashboard add: checked where this build has them, listed either way. */
const NEWER_PAGES = [
  ['namespaces', '/namespaces'],
  ['search', '/search?q=payments'],
  ['fix', '/fix'],
  ['what-if', '/what-if'],
  ['sign-in', '/sign-in'],
] as const;

// Tuesday lets payments/default impersonate service accounts: a diff with a path opened.
const PR = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: sa-impersonator}
rules: [{verbs: [impersonate], apiGroups: [""], resources: [serviceaccounts]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: web-impersonates}
roleRef: {kind: ClusterRole, name: sa-impersonator, apiGroup: rbac.authorization.k8s.io}
subjects: [{kind: ServiceAccount, name: default, namespace: payments}]
`;

async function snapshotDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-a11y-'));
  const demo = path.join(import.meta.dirname, '..', 'lib', 'k8s', 'demo', 'cluster.json');
  await copyFile(demo, path.join(dir, 'monday.yaml'));
  await mkdir(path.join(dir, 'tuesday'));
  await copyFile(demo, path.join(dir, 'tuesday', 'cluster.json'));
  await writeFile(path.join(dir, 'tuesday', 'pr.yaml'), PR);
  return dir;
}

let app: AppServer;
const pages = new Map<Theme, Page>();

/** A browser as a user with that OS preference opens it: the theme switch's default ("System") follows it. */
async function themedPage(browser: Browser, theme: Theme): Promise<Page> {
  const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

test.beforeAll(async ({ browser }) => {
  app = await startApp({ RBAC_ATLAS_SOURCE: 'demo', RBAC_ATLAS_SNAPSHOT_DIR: await snapshotDir() });
  await risksComputed(app.baseURL);
  for (const theme of THEMES) pages.set(theme, await themedPage(browser, theme));
});

test.afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
  await app?.stop();
});

/** One violation as a reader can act on it: the rule, each element, and axe's figures (contrast ratios, colours). */
function describe(v: {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}) {
  const nodes = v.nodes.map(
    (n) => `    ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
  );
  return `  ${v.id} (${v.impact}): ${v.help}\n${nodes.join('\n')}`;
}

/** Opens the page, waits for what the client draws, and checks it: each blocking violation is printed. */
async function check(page: Page, theme: Theme, url: string): Promise<void> {
  const start = Date.now();
  await page.goto(`${app.baseURL}${url}`);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const message = `${url} (${theme}): serious or critical violations\n${blocking.map(describe).join('\n')}`;
  console.log(`${theme} ${url}: ${blocking.length} blocking, ${Date.now() - start} ms`);
  expect.soft(blocking.length, message).toBe(0);
}

// One test per theme, a step per page: a failure on one page still checks (and prints) the others.
for (const theme of THEMES) {
  test(`every page, ${theme} theme: no serious or critical axe violation`, async () => {
    // About 25 pages, each loaded and checked whole: minutes on a busy two-core machine.
    test.setTimeout(600_000);
    const page = pages.get(theme)!;
    for (const [name, url] of PAGES) await test.step(`${name} (${url})`, () => check(page, theme, url));
    const found: string[] = [];
    for (const [name, url] of NEWER_PAGES) {
      if ((await page.request.get(`${app.baseURL}${url}`)).status() === 404) continue;
      found.push(url);
      await test.step(`${name} (${url})`, () => check(page, theme, url));
    }
    const missing = NEWER_PAGES.map(([, url]) => url).filter((url) => !found.includes(url));
    console.log(
      `${theme}: newer pages checked: ${found.join(', ') || 'none'}; not in this build: ${missing.join(', ') || 'none'}`,
    );
  });
}
