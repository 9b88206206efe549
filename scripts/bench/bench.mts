// npm run bench: the cost of one namespace view, a demo namespace as the baseline and a
// ~1,500-element namespace against it, in the same process; then the time to first graph in
// Chromium for both (cold: first open, layout computed; warm: reopened, layout cached).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { layoutGraph } from '@/lib/graph/layout';
import { namespaceGraph } from '@/lib/graph/namespace-graph';
import { viewParamsSchema } from '@/lib/graph/params';
import { loadSource } from '@/lib/k8s/source';
import { createEngine } from '@/lib/rbac';
import { CHROMIUM_LAUNCH } from '@/e2e/fixtures/chromium';
import { startApp } from '@/e2e/fixtures/app-server';
import { bigNamespaceSnapshot } from './big-namespace';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeView(engine: ReturnType<typeof createEngine>, ns: string, runs = 7) {
  const times: number[] = [];
  let elements = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const g = await layoutGraph(namespaceGraph(engine, ns, viewParamsSchema.parse({})));
    times.push(performance.now() - t);
    elements = g.nodes.length + g.edges.length;
  }
  return { ms: median(times), elements };
}

const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-bench-'));
const root = process.cwd();
const demo = await loadSource({ kind: 'demo' });
await writeFile(path.join(dir, 'big.yaml'), bigNamespaceSnapshot());
await writeFile(
  path.join(dir, 'demo.yaml'),
  (await import('node:fs')).readFileSync(path.join(root, 'lib/k8s/demo/cluster.json')),
);
const both = await loadSource({ kind: 'snapshot', path: dir });
const engine = createEngine(both.model);

const base = await timeView(createEngine(demo.model), 'checkout');
const big = await timeView(engine, 'big');
console.log(
  `graph + layout (server, median of 7): checkout (demo) ${base.elements} elements ${base.ms.toFixed(1)} ms; big ${big.elements} elements ${big.ms.toFixed(1)} ms; ratio ${(big.ms / base.ms).toFixed(1)}x`,
);

// Time to first graph in the browser, against the production build as the image runs it.
const app = await startApp({ RBAC_ATLAS_SNAPSHOT: dir });
try {
  const url = app.baseURL;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const firstGraph = async (ns: string) => {
    const t = performance.now();
    await page.goto(`${url}/namespaces/${ns}`);
    await page.waitForSelector('[data-testid=graph-canvas][data-ready=true]');
    return performance.now() - t;
  };
  await firstGraph('default'); // warms the server (source read, engine)
  for (const ns of ['checkout', 'big']) {
    const cold = await firstGraph(ns);
    const warm = median([await firstGraph(ns), await firstGraph(ns), await firstGraph(ns)]);
    console.log(
      `time to first graph (Chromium, 1280x800): ${ns} cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`,
    );
  }
  // Pan and zoom: frames the canvas draws while the wheel zooms and the mouse drags.
  await page.goto(`${url}/namespaces/big`);
  await page.waitForSelector('[data-testid=graph-canvas][data-ready=true]');
  const box = (await page.getByTestId('graph-canvas').boundingBox())!;
  const t = performance.now();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, i < 5 ? -200 : 200);
  await page.mouse.down();
  for (let i = 0; i < 20; i++) await page.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + i * 5);
  await page.mouse.up();
  console.log(`pan and zoom on big (10 wheel steps, 20-step drag): ${(performance.now() - t).toFixed(0)} ms`);
  await browser.close();
} finally {
  await app.stop();
}
