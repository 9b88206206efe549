// rbac-atlas: answers who can do what from snapshot files, a live cluster or the bundled demo, with
// kubectl's syntax. The process around bin/program.ts: its arguments, its output, its exit code.
import { processOutput } from './output';
import { runCli } from './program';

process.exitCode = await runCli(process.argv, processOutput);
