// npm run screenshots: every view of the demo, light and dark, at 1280×800, into e2e/screenshots/
// for a person to look at after a UI change (needs `npm run build` first).
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { startApp } from '@/e2e/fixtures/app-server';
import { CHROMIUM_LAUNCH } from '@/e2e/fixtures/chromium';

const VIEWS: Record<string, string> = {
  overview: '/',
  search: '/?q=pay',
  'namespace-structure': '/namespaces/payments',
  'namespace-access-selected':
    '/namespaces/payments?mode=access&node=subject%3AServiceAccount%3Apayments%2Fpayments-api',
  'namespace-list': '/namespaces/default?view=list',
  'who-can': '/who-can?verb=create&resource=pods&subresource=exec&namespace=checkout&user=bob%40example.com',
  subject: '/subjects/group/payments-devs',
  role: '/roles/role/checkout/pod-debugger',
  'not-found': '/namespaces/nope',
  risks: '/risks',
  'risks-path': '/risks?id=PATH_TO_CLUSTER_ADMIN',
  'subject-can-become': '/subjects/user/support-bot',
  'namespace-risky-pod': '/namespaces/ci',
};

const out = 'e2e/screenshots';
await mkdir(out, { recursive: true });
const app = await startApp({ RBAC_ATLAS_SOURCE: 'demo' });
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
    for (const [name, url] of Object.entries(VIEWS)) {
      await page.goto(app.baseURL + url);
      if (name.startsWith('namespace-') && !url.includes('view=list')) {
        await page.waitForSelector('[data-testid=graph-canvas][data-ready=true]');
      }
      await page.screenshot({ path: `${out}/${name}-${scheme}.png` });
    }
    await page.close();
  }
  console.log(`wrote ${Object.keys(VIEWS).length * 2} screenshots to ${out}/`);
} finally {
  await browser.close();
  await app.stop();
}
