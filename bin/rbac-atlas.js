#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx rbac-atlas` works from a fresh `npm ci` without a build.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./cli.ts');
