#!/usr/bin/env node
// The CLI as compiled JavaScript (scripts/build-cli.mjs, run by `npm ci`): no TypeScript at run time.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('error: the CLI is not built; run `npm run build:cli` (npm ci and npm install do it)\n');
  process.exit(2);
}
await import(bundle.href);
