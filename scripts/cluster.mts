// `npm run cluster`: a local control plane with the demo manifests applied, until Ctrl-C.
import { startDemoCluster } from './control-plane/demo-cluster';

const cp = await startDemoCluster({ log: (l) => console.error(l) });
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
console.log(cp.kubeconfigPath);
console.error(`
Demo manifests applied. In another terminal:
  KUBECONFIG=${cp.kubeconfigPath} npm run dev
  KUBECONFIG=${cp.kubeconfigPath} npx rbac-atlas who-can get secrets -n payments
Ctrl-C stops the control plane and removes ${cp.dir}.`);
await new Promise(() => {});
