// The panel of a pod, or of the pods grouped under their service account: what they run as.
import { mountsToken, type Engine } from '@/lib/rbac';
import type { RefOf } from './shared';

export function PodsPanel({ engine, node }: { engine: Engine; node: RefOf<'pods'> | RefOf<'pod'> }) {
  const all = engine.podsIn(node.namespace);
  const sa = node.type === 'pods' ? node.serviceAccount : all.find((p) => p.name === node.name)?.serviceAccountName;
  const pods = node.type === 'pod' ? all.filter((p) => p.name === node.name) : engine.podsOf(node.namespace, sa ?? '');
  return (
    <>
      <p className="text-sm">
        Runs as service account <span className="font-mono">{sa}</span>: a pod with a mounted token holds its
        permissions.
      </p>
      <ul className="font-mono text-xs">
        {pods.map((p) => (
          <li key={p.name}>
            {p.name} {p.phase ? `(${p.phase})` : ''} {mountsToken(p) ? '' : '— token not mounted'}
          </li>
        ))}
      </ul>
    </>
  );
}
