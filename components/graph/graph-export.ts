// The PNG a graph exports to: the drawing with a margin, a title, the data's time and a legend of
// the kinds it shows, so a picture pasted into a ticket still says what it is.
import type { Core } from 'cytoscape';
import type { NodeKind } from '@/lib/graph/types';
import { DARK, KIND_LABELS, LIGHT } from './graph-style';

const SCALE = 2;
const MARGIN = 32 * SCALE;
const HEADER = 56 * SCALE;
const LEGEND = 36 * SCALE;

interface ExportOptions {
  title: string;
  readAt: string;
  dark: boolean;
  kinds: readonly NodeKind[];
  file: string;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the graph could not be drawn to an image'));
    img.src = src;
  });
}

export async function composePng(cy: Core, o: Omit<ExportOptions, 'file'>): Promise<string> {
  const p = o.dark ? DARK : LIGHT;
  const graph = await loadImage(cy.png({ full: true, scale: SCALE, bg: p.background }));
  const width = Math.max(graph.width, 720 * SCALE) + 2 * MARGIN;
  const height = graph.height + HEADER + LEGEND + 2 * MARGIN;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to export with');
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = p.text;
  ctx.textBaseline = 'top';
  ctx.font = `600 ${20 * SCALE}px system-ui, sans-serif`;
  ctx.fillText(`RBAC Atlas — ${o.title}`, MARGIN, MARGIN);
  ctx.font = `${13 * SCALE}px system-ui, sans-serif`;
  ctx.fillStyle = p.edge;
  ctx.fillText(`data read ${o.readAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`, MARGIN, MARGIN + 28 * SCALE);
  ctx.drawImage(graph, MARGIN, MARGIN + HEADER);
  drawLegend(ctx, o.kinds, o.dark, MARGIN, MARGIN + HEADER + graph.height + 12 * SCALE);
  return canvas.toDataURL('image/png');
}

function drawLegend(ctx: CanvasRenderingContext2D, kinds: readonly NodeKind[], dark: boolean, x0: number, y: number) {
  const p = dark ? DARK : LIGHT;
  ctx.font = `${12 * SCALE}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  let x = x0;
  const swatch = 12 * SCALE;
  const entries: [string, string, string][] = kinds.map((k) => [KIND_LABELS[k], p.kinds[k].fill, p.kinds[k].border]);
  entries.push(['dangerous grant', p.background, p.danger]);
  for (const [label, fill, border] of entries) {
    ctx.fillStyle = fill;
    ctx.strokeStyle = border;
    ctx.lineWidth = 2 * SCALE;
    ctx.fillRect(x, y, swatch, swatch);
    ctx.strokeRect(x, y, swatch, swatch);
    ctx.fillStyle = p.text;
    ctx.fillText(label, x + swatch + 6 * SCALE, y + swatch / 2);
    x += swatch + 6 * SCALE + ctx.measureText(label).width + 18 * SCALE;
  }
}

export function exportPng(cy: Core, o: ExportOptions): void {
  void composePng(cy, o).then((url) => {
    const a = document.createElement('a');
    a.href = url;
    a.download = `rbac-atlas-${o.file}.png`;
    a.click();
  });
}
