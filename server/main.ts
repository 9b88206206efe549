// The container's entry point (`node main.mjs` in Next.js' standalone output, bundled by
// scripts/standalone-assets.sh): the front door first (and a bounded drain on SIGTERM), then
// Next.js' own server.js.
import http from 'node:http';
import { authSettings, AuthSettingsError } from '../lib/security/auth-settings';
import { allowedHostsFromEnv } from '../lib/security/hosts';
import { installFrontDoor } from './front-door';
import { drainOnStop } from './shutdown';
import { capYoungGeneration } from './young-generation';

capYoungGeneration();

// A sign-in setting the server cannot honour stops it here, before it serves anyone.
try {
  authSettings();
} catch (e) {
  if (!(e instanceof AuthSettingsError)) throw e;
  console.error(`rbac-atlas: ${e.message}`);
  process.exit(1);
}

installFrontDoor(http, allowedHostsFromEnv(process.env.RBAC_ATLAS_ALLOWED_HOSTS), (server) => drainOnStop(server));
// @ts-expect-error Next.js writes server.js beside this file at build time.
await import('./server.js');
