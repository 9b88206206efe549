// The local control plane with the demo manifests (and test fixtures) applied: what `npm run
// cluster`, the live-source tests and the end-to-end tests run against.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createObjects, parseManifests } from './apply';
import { startControlPlane, type ControlPlane, type StaticUser } from './control-plane';

const here = path.dirname(new URL(import.meta.url).pathname);
const DEMO_MANIFESTS = path.join(here, '..', '..', 'lib', 'k8s', 'demo', 'manifests');
const FIXTURES = path.join(here, 'fixtures');

async function applyFolder(cp: ControlPlane, dir: string): Promise<void> {
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    await createObjects(cp, parseManifests(await readFile(path.join(dir, f), 'utf8')));
  }
}

export async function startDemoCluster(
  opts: { fixtures?: boolean; log?: (line: string) => void; users?: readonly StaticUser[] } = {},
): Promise<ControlPlane> {
  const cp = await startControlPlane({ ...(opts.log && { log: opts.log }), ...(opts.users && { users: opts.users }) });
  try {
    await applyFolder(cp, DEMO_MANIFESTS);
    if (opts.fixtures) await applyFolder(cp, FIXTURES);
    return cp;
  } catch (e) {
    await cp.stop();
    throw e;
  }
}
