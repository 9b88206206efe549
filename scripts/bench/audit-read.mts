// The audit benchmark's reader run: lib/k8s/audit over one file, batches consumed and dropped
// (what a caller that aggregates as it goes holds), in its own process so its peak memory is its own.
import { readAuditLogs } from '@/lib/k8s/audit';

const t = performance.now();
const read = readAuditLogs(process.argv.slice(2));
let counted = 0;
for await (const batch of read) counted += batch.length;
const ms = performance.now() - t;
const w = read.window();
// What the reader still holds once the read is over (with --expose-gc): its peak is the heap V8
// chose to grow, this is what it kept.
(globalThis as { gc?: () => void }).gc?.();
const liveMiB = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(
  `${JSON.stringify({ ms, counted, events: w.events, lines: w.lines, problems: w.problems, liveMiB })}\n`,
);
