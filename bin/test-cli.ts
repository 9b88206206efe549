// The CLI run in process for tests: argv in, exit code and both streams out. Test-only.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writerOutput } from './output';
import { runCli } from './program';

// No kubeconfig: these tests are about the demo and snapshot files.
process.env.KUBECONFIG = path.join(tmpdir(), 'rbac-atlas-no-kubeconfig');

export async function run(...args: string[]) {
  let out = '';
  let err = '';
  const output = writerOutput(
    (text) => (out += text),
    (text) => (err += text),
  );
  const code = await runCli(['node', 'rbac-atlas', ...args], output);
  return { code, out, err };
}

/** Files in a new temporary folder; returns the folder. */
export function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbac-atlas-cli-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(path.join(dir, name), text);
  return dir;
}
