import { ContextLink as Link } from '@/components/layout/context-link';
import { edgeLabel, type NamespaceGraph } from '@/lib/graph/types';
import { KIND_LABELS } from './graph-style';

/**
 * The graph as lists, for screen readers, keyboards and tests: every node and edge the canvas
 * shows, each node a link that selects it.
 */
export function GraphList({
  graph,
  selectHref,
  hidden,
}: {
  graph: NamespaceGraph;
  selectHref: (id: string) => string;
  hidden: boolean;
}) {
  const label = new Map(
    graph.nodes.map((n) => [n.id, `${KIND_LABELS[n.kind]} ${n.namespace ? `${n.namespace}/` : ''}${n.label}`]),
  );
  const byKind = new Map<string, NamespaceGraph['nodes']>();
  for (const n of graph.nodes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  return (
    <section
      aria-label="Graph as a list"
      // Beside the canvas it is for screen readers; on a phone, where the canvas is not drawn, it is the view.
      className={hidden ? 'space-y-6 p-4 text-sm md:sr-only' : 'space-y-6 p-4 text-sm'}
      data-testid="graph-list"
    >
      <div>
        <h3 className="font-semibold">Nodes ({graph.nodes.length})</h3>
        {[...byKind].map(([kind, nodes]) => (
          <div key={kind} className="mt-2">
            <h4 className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
              {KIND_LABELS[kind as keyof typeof KIND_LABELS]}
            </h4>
            <ul
              aria-label={`${KIND_LABELS[kind as keyof typeof KIND_LABELS]} nodes`}
              className="mt-1 flex flex-wrap gap-1.5"
            >
              {nodes.map((n) => (
                <li key={n.id}>
                  <Link
                    href={selectHref(n.id)}
                    scroll={false}
                    className={`inline-block rounded border px-2 py-0.5 font-mono text-xs hover:bg-slate-100 dark:hover:bg-slate-800 ${
                      n.dangerous
                        ? 'border-red-400 text-red-800 dark:border-red-700 dark:text-red-300'
                        : 'border-slate-300 dark:border-slate-700'
                    }`}
                    aria-label={`${label.get(n.id)}${n.highlighted ? ', matches the highlight' : ''}${n.dangerous ? ', dangerous' : ''}`}
                  >
                    {n.namespace && n.kind !== 'pod' ? `${n.namespace}/` : ''}
                    {n.label}
                    {n.dangerous ? ' ⚠' : ''}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <div>
        <h3 className="font-semibold">Edges ({graph.edges.length})</h3>
        <ul aria-label="Edges" className="mt-1 space-y-0.5 font-mono text-xs">
          {graph.edges.map((e) => (
            <li key={e.id} className={e.dangerous ? 'text-red-700 dark:text-red-400' : ''}>
              {e.change && (
                <span
                  className={
                    e.change === 'gained' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'
                  }
                >
                  {e.change}:{' '}
                </span>
              )}
              {label.get(e.source)} → {label.get(e.target)} ({e.kind}
              {e.verbs ? `: ${edgeLabel(e, ', ')}` : ''}){e.dangerous ? ' — dangerous' : ''}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
