import { chromium } from '@playwright/test';
const views = {
  overview: '/',
  'ns-structure': '/namespaces/payments',
  'ns-access': '/namespaces/payments?mode=access&node=subject%3AServiceAccount%3Apayments%2Fpayments-api',
  'ns-list': '/namespaces/default?view=list',
  whocan: '/who-can?verb=create&resource=pods&subresource=exec&namespace=checkout&user=bob%40example.com',
  subject: '/subjects/group/payments-devs',
  role: '/roles/role/checkout/pod-debugger',
  notfound: '/namespaces/nope',
  search: '/?q=pay',
};
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
for (const scheme of ['light', 'dark']) {
  const p = await b.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  for (const [name, url] of Object.entries(views)) {
    await p.goto('http://localhost:3200' + url);
    await p.waitForTimeout(name.startsWith('ns') ? 1200 : 300);
    await p.screenshot({ path: `/tmp/sweep-${name}-${scheme}.png` });
  }
  await p.close();
}
await b.close();
