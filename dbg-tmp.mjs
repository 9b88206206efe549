import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
p.on('console', m => console.log('console', m.type(), m.text()));
p.on('requestfailed', r => console.log('failed', r.url()));
p.on('response', r => { if (r.status() >= 400) console.log('status', r.status(), r.url()); });
await p.goto('http://localhost:3200/namespaces/checkout'); await p.waitForTimeout(1500);
console.log(await p.evaluate(() => { const el = document.querySelector('[data-testid=graph-canvas]'); const r = el.getBoundingClientRect(); return JSON.stringify({ w: r.width, h: r.height, canvases: el.querySelectorAll('canvas').length, parentH: el.parentElement.getBoundingClientRect().height }); }));
await b.close();
