// Preloaded into the app with `node --import` by the live benchmark: the app exposes no heap figure,
// so this writes the main thread's V8 heap (used and total, bytes) to BENCH_HEAP_FILE once a second.
// Read from outside like /proc: the benchmark never imports the app's modules.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_HEAP_FILE;
// Worker threads (the graph layout's) inherit the preload; their heaps are their own and in RSS.
if (file && isMainThread) {
  const write = () => {
    const { heapUsed, heapTotal } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ heapUsed, heapTotal, at: Date.now() }));
  };
  write();
  setInterval(write, 1000).unref();
}
