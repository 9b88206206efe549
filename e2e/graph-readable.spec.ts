// The namespace graph reads at the zoom it opens with, as an admin first sees it: labels ≥ 11 px
// rendered (zoom × font size), whole names wrapped rather than cut short with "…", other namespaces
// named on their nodes, no edge under a summary node, and in access mode subjects left of
// resources only. On the demo and on a namespace of ~500 nodes, at 1280 and 1920 wide.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bigNamespaceSnapshot } from '@/scripts/bench/big-namespace';
import { expect, test } from './fixtures/test';

/** What the canvas shows, read from Cytoscape (exposed on the container for tests and the benchmark). */
interface Drawn {
  zoom: number;
  nodes: { id: string; label: string; kind: string; font: number; wrap: string; count: boolean; box: Box; x: number }[];
  edges: { id: string; source: string; target: string; points: { x: number; y: number }[] }[];
}
type Box = { x1: number; x2: number; y1: number; y2: number };

async function drawn(page: Page): Promise<Drawn> {
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-ready', 'true');
  return page.getByTestId('graph-canvas').evaluate((el) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cy = (el as any)._cyreg.cy;
    return {
      zoom: cy.zoom(),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: cy.nodes().map((n: any) => ({
        id: n.id(),
        label: n.data('label'),
        kind: n.data('kind'),
        font: parseFloat(n.style('font-size')),
        wrap: n.style('text-wrap'),
        count: n.hasClass('summary'),
        box: n.boundingBox({ includeLabels: true, includeOverlays: false }),
        x: n.position('x'),
      })),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      edges: cy.edges().map((e: any) => {
        const r = e._private.rscratch;
        const pts: { x: number; y: number }[] = [];
        const all = [r.startX, r.startY, ...(r.segpts ?? []), r.endX, r.endY];
        for (let i = 0; i + 1 < all.length; i += 2) pts.push({ x: all[i], y: all[i + 1] });
        return { id: e.id(), source: e.source().id(), target: e.target().id(), points: pts };
      }),
    };
  });
}

/** Whether the segment from a to b passes through the box (Liang–Barsky clipping), a pixel of slack. */
function crosses(a: { x: number; y: number }, b: { x: number; y: number }, box: Box): boolean {
  const r = { x1: box.x1 + 1, x2: box.x2 - 1, y1: box.y1 + 1, y2: box.y2 - 1 };
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  let [t0, t1] = [0, 1];
  for (const [p, q] of [
    [-dx, a.x - r.x1],
    [dx, r.x2 - a.x],
    [-dy, a.y - r.y1],
    [dy, r.y2 - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

function expectReadable(d: Drawn) {
  expect(d.nodes.length).toBeGreaterThan(0);
  for (const n of d.nodes) {
    // The label renders at ≥ 11 px at the zoom the graph opened with.
    expect(d.zoom * n.font, `${n.id} at zoom ${d.zoom}`).toBeGreaterThanOrEqual(11);
    // Wrapped, never cut short.
    expect(n.wrap, n.id).toBe('wrap');
    expect(n.label.endsWith('…'), n.id).toBe(false);
  }
  for (const s of d.nodes.filter((n) => n.count)) {
    for (const e of d.edges.filter((x) => x.source !== s.id && x.target !== s.id)) {
      const under = e.points.slice(1).some((b, i) => crosses(e.points[i]!, b, s.box));
      expect(under, `${e.id} under ${s.id}`).toBe(false);
    }
  }
}

let big = '';

test.beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbac-atlas-graph-readable-'));
  await writeFile(path.join(dir, 'big.yaml'), bigNamespaceSnapshot('big'));
  big = path.join(dir, 'big.yaml');
});

for (const width of [1280, 1920]) {
  test(`demo at ${width}: labels ≥ 11 px, whole, no edge under a summary node, other namespaces named`, async ({
    page,
    startApp,
  }) => {
    const demo = (await startApp({ RBAC_ATLAS_SOURCE: 'demo' })).baseURL;
    await page.setViewportSize({ width, height: 900 });
    for (const q of ['', '?mode=access', '?builtin=show', '?expand=clusterrolebindings']) {
      await page.goto(`${demo}/namespaces/payments${q}`);
      const d = await drawn(page);
      expectReadable(d);
      // The ClusterRoleBindings of payments name service accounts of other namespaces: each says which.
      const deployer = d.nodes.find((n) => n.id === 'subject:ServiceAccount:ci/deployer');
      if (q === '') expect(deployer).toBeDefined();
      if (deployer) expect(deployer.label.replace(/\n/g, '')).toBe('ci/deployer');
      const own = d.nodes.find((n) => n.id === 'subject:ServiceAccount:payments/payments-api');
      expect(own?.label).toBe('payments-api');
    }
    // A long resource name is there whole, in lines.
    await page.goto(`${demo}/namespaces/default`);
    const d = await drawn(page);
    const crb = d.nodes.find((n) => n.id === 'resource:clusterrolebindings.rbac.authorization.k8s.io');
    expect(crb?.label.split('\n').length).toBeGreaterThan(1);
    expect(crb?.label.replace(/\n/g, '')).toBe('clusterrolebindings.rbac.authorization.k8s.io');
  });

  test(`a namespace of ~500 nodes at ${width}: opens legible on its subjects, and says so`, async ({
    page,
    startApp,
  }) => {
    // Its first layout is the slow part (about 540 nodes), on a machine shared with others.
    test.setTimeout(180_000);
    const app = await startApp({ RBAC_ATLAS_SNAPSHOT: big });
    await page.setViewportSize({ width, height: 900 });
    for (const q of ['', '?mode=access']) {
      await page.goto(`${app.baseURL}/namespaces/big${q}`, { timeout: 120_000 });
      const d = await drawn(page);
      expectReadable(d);
      await expect(page.getByText(/Too big to read whole/)).toBeVisible();
      await page.getByRole('button', { name: 'Fit' }).click();
      await expect(page.getByText(/Too big to read whole/)).toBeHidden();
    }
  });
}

test('access mode: subjects left, resources right, only', async ({ page, startApp }) => {
  const demo = (await startApp({ RBAC_ATLAS_SOURCE: 'demo' })).baseURL;
  for (const ns of ['payments', 'checkout', 'kube-system', 'default']) {
    await page.goto(`${demo}/namespaces/${ns}?mode=access&builtin=show`);
    const d = await drawn(page);
    const subjects = d.nodes.filter((n) => ['serviceaccount', 'user', 'group'].includes(n.kind));
    const resources = d.nodes.filter((n) => n.kind === 'resource');
    expect(subjects.length).toBeGreaterThan(0);
    expect(resources.length).toBeGreaterThan(0);
    const rightmostSubject = Math.max(...subjects.map((n) => n.box.x2));
    const leftmostResource = Math.min(...resources.map((n) => n.box.x1));
    expect(rightmostSubject, ns).toBeLessThan(leftmostResource);
  }
});
