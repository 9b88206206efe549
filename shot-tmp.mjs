import { chromium } from '@playwright/test';
const [,, url, out, scheme = 'light', w = '1280', h = '800'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const p = await b.newPage({ viewport: { width: +w, height: +h }, colorScheme: scheme });
const errs = []; p.on('console', m => { if (m.type() === 'error') errs.push(m.text()); }); p.on('pageerror', e => errs.push(String(e)));
await p.goto(url); await p.waitForTimeout(1500);
await p.screenshot({ path: out });
console.log(errs.join('\n') || 'no console errors');
await b.close();
