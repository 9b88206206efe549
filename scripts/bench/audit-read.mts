// The audit benchmark's reader run: lib/k8s/audit over one file, batches consumed and dropped
// (what a caller that aggregates as it goes holds), in its own process so its peak memory is its own.
import { readAuditLogs } from '@/lib/k8s/audit';

const t = performance.now();
const read = readAuditLogs(process.argv.slice(2));
let counted = 0;
for await (const batch of read) counted += batch.length;
const w = read.window();
process.stdout.write(
  `${JSON.stringify({ ms: performance.now() - t, counted, events: w.events, lines: w.lines, problems: w.problems })}\n`,
);
