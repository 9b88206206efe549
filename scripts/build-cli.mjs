// Bundles the CLI (bin/cli.ts and the lib code it uses) into plain JavaScript in dist/cli, so
// `rbac-atlas` compiles no TypeScript when it runs. @kubernetes/client-node stays an import of its
// own, loaded only when a live cluster is read. Runs on `npm ci`/`npm install` (prepare).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by content hash: without a clean folder, every rebuild leaves the last ones.
rmSync('dist/cli', { recursive: true, force: true });

await build({
  entryPoints: ['bin/cli.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  tsconfig: 'tsconfig.json',
  external: ['@kubernetes/client-node'],
  // Bundled CommonJS packages may call require(): give the ES module one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
