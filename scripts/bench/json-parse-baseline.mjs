// The scale benchmark's baseline: a bare JSON.parse of the snapshot file, nothing else.
import { readFileSync } from 'node:fs';

const t = performance.now();
const list = JSON.parse(readFileSync(process.argv[2], 'utf8'));
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t, items: list.items.length })}\n`);
