// npm run screenshots: every view of the demo, light and dark, at 1280×800 and 1920×1080, into
// e2e/screenshots/ for a person to look at after a UI change (needs `npm run build` first, or
// BASE_URL of a running server). ONLY=name,name takes a few; each view wider than its viewport is
// reported.
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { startApp } from '@/e2e/fixtures/app-server';
import { CHROMIUM_LAUNCH } from '@/e2e/fixtures/chromium';

const VIEWS: Record<string, string> = {
  overview: '/',
  namespaces: '/namespaces?sort=risk&order=desc',
  search: '/search?q=pay',
  'namespace-structure': '/namespaces/payments',
  'namespace-builtin': '/namespaces/payments?builtin=show',
  'kube-system-builtin': '/namespaces/kube-system?builtin=show',
  'kube-system-builtin-panel': '/namespaces/kube-system?builtin=show&node=builtin%3Aidentities',
  'kube-system-expanded': '/namespaces/kube-system?builtin=show&expand=builtin',
  'namespace-access-selected':
    '/namespaces/payments?mode=access&node=subject%3AServiceAccount%3Apayments%2Fpayments-api',
  'namespace-resource-panel': '/namespaces/payments?node=resource%3Asecrets',
  'namespace-role-panel': '/namespaces/payments?node=clusterrole%3Aedit',
  'namespace-binding-panel': '/namespaces/payments?node=rolebinding%3Apayments%2Fpayments-devs-edit',
  'namespace-list': '/namespaces/default?view=list',
  'who-can': '/who-can?verb=create&resource=pods&subresource=exec&namespace=checkout&user=bob%40example.com',
  'who-can-builtin': '/who-can?verb=delete&resource=pods&namespace=payments&builtin=show',
  subject: '/subjects/group/payments-devs',
  'subject-user': '/subjects/user/alice%40example.com',
  role: '/roles/role/checkout/pod-debugger',
  'role-admin': '/roles/clusterrole/admin',
  roles: '/roles',
  bindings: '/bindings',
  binding: '/bindings/rolebinding/payments/payments-devs-edit',
  subjects: '/subjects',
  'not-found': '/namespaces/nope',
  'role-not-found': '/roles/clusterrole/nope',
  '404': '/no/such/page',
  risks: '/risks',
  'risks-open': '/risks?id=PATH_TO_CLUSTER_ADMIN&open=User%3Asupport-bot',
  'risks-by-kind': '/risks?by=kind',
  fix: '/fix?finding=PATH_TO_CLUSTER_ADMIN&subject=User%3Asupport-bot',
  'fix-rule': '/fix?role=Role%3Acheckout%2Fpod-debugger&rule=1',
  'what-if': '/what-if',
  'subject-unbound': '/subjects/user/nobody%40example.com',
  'risks-path': '/risks?id=PATH_TO_CLUSTER_ADMIN',
  'subject-can-become': '/subjects/user/support-bot',
  'namespace-risky-pod': '/namespaces/ci',
  changes: '/changes',
  'role-impostor': '/roles/clusterrole/system%3Acoredns',
  'risks-modified-default': '/risks?id=MODIFIED_DEFAULT',
  'who-can-resolved': '/who-can?verb=get&resource=secret&namespace=payments',
  'who-can-unknown-verb': '/who-can?verb=gett&resource=secrets&namespace=payments',
};

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

const out = 'e2e/screenshots';
await mkdir(out, { recursive: true });
const only = process.env.ONLY?.split(',');
const views = Object.entries(VIEWS).filter(([name]) => !only || only.includes(name));
const app = process.env.BASE_URL ? undefined : await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
const base = process.env.BASE_URL ?? app!.baseURL;
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  for (const size of SIZES) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: size, colorScheme: scheme });
      for (const [name, url] of views) {
        await page.goto(base + url);
        if (url.startsWith('/namespaces/') && !url.includes('view=list') && name !== 'not-found') {
          await page.waitForSelector('[data-testid=graph-canvas][data-ready=true]');
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > size.width) console.log(`${name} at ${size.width}: ${wide} px wide`);
        await page.screenshot({ path: `${out}/${name}-${scheme}${size.width === 1280 ? '' : `-${size.width}`}.png` });
      }
      await page.close();
    }
  }
  console.log(`wrote ${views.length * 4} screenshots to ${out}/`);
} finally {
  await browser.close();
  await app?.stop();
}
