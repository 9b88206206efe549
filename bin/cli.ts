// rbac-atlas: answers who can do what from snapshot files, a live cluster or the bundled demo, with
// kubectl's syntax. The process around bin/program.ts: its arguments, its output, its exit code.
import { processOutput } from './output';
import { runCli } from './program';

/** Resolves once everything written to `stream` before has been handed to the system. */
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));

process.exitCode = await runCli(process.argv, processOutput);
// The answer is written: exit now rather than tear down the heap first (a 10,000-namespace model's
// took 0.3–0.9 s after the answer, longer than answering). Only once stdout and stderr have taken
// every line: a pipe is asynchronous on some systems, and process.exit would cut it short.
await flushed(process.stdout);
await flushed(process.stderr);
process.exit();
