// `npm run cluster`: a local control plane with the demo manifests applied, until Ctrl-C.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createObjects, parseManifests } from './control-plane/apply';
import { startControlPlane } from './control-plane/control-plane';

const manifests = path.join(path.dirname(new URL(import.meta.url).pathname), '../lib/k8s/demo/manifests');
const cp = await startControlPlane({ log: (l) => console.error(l) });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.error('stopping the control plane…');
  await cp.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
try {
  for (const f of (await readdir(manifests)).filter((f) => f.endsWith('.yaml')).sort()) {
    await createObjects(cp, parseManifests(await readFile(path.join(manifests, f), 'utf8')));
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  await stop();
}
console.log(cp.kubeconfigPath);
console.error(`
Demo manifests applied. In another terminal:
  KUBECONFIG=${cp.kubeconfigPath} npm run dev
  KUBECONFIG=${cp.kubeconfigPath} npx rbac-atlas who-can get secrets -n payments
Ctrl-C stops the control plane and removes ${cp.dir}.`);
await new Promise(() => {});
