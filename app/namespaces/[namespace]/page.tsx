import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GraphCanvas } from '@/components/graph/graph-canvas';
import { ContextLink as Link } from '@/components/layout/context-link';
import { GraphLegend } from '@/components/graph/graph-legend';
import { GraphList } from '@/components/graph/graph-list';
import { KIND_LABELS } from '@/components/graph/graph-style';
import { SourceNotices } from '@/components/layout/source-notices';
import { NamespaceSwitcher } from '@/components/namespace/namespace-switcher';
import { NodePanel } from '@/components/namespace/node-panel';
import { ViewFilters } from '@/components/namespace/view-filters';
import { EXPAND_CLUSTER_BINDINGS } from '@/lib/graph/view-limits';
import { namespaceDiffView, namespaceView } from '@/lib/graph/namespace-view';
import type { NamespaceGraph } from '@/lib/graph/types';
import { parseViewParams, viewParamsSchema, viewQuery, type ViewParams } from '@/lib/web/graph-params';
import { withCurrentData } from '@/components/layout/with-current-data';
import type { CurrentData } from '@/lib/web/current';
import { diffSide, type DiffState } from '@/lib/web/snapshot-diff';
import { pageParam } from '@/lib/web/links';
import type { SearchParams } from '@/lib/web/search-params';
import { IncompleteNotice } from '@/components/layout/incomplete-notice';
import { RiskStatusNotice } from '@/components/layout/risk-status-notice';
import { describeRewrite, type Completeness, type Engine, type RiskStatus } from '@/lib/rbac';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ namespace: string }>;
  searchParams: Promise<SearchParams>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).namespace };
}

export default async function NamespacePage({ params, searchParams }: Props) {
  const namespace = pageParam((await params).namespace);
  const parsed = parseViewParams(await searchParams);
  const view: ViewParams = parsed.success ? parsed.data : viewParamsSchema.parse({});
  return withCurrentData(async (data) => {
    // Read before the graph is drawn: a build completing meanwhile only makes the notice one too many.
    const risks = data.engine.risks.status();
    const { engine, graph, diffProblem } = await drawnGraph(data, namespace, view);
    const base = `/namespaces/${encodeURIComponent(namespace)}`;
    const completeness = engine.completeness('view', namespace);
    const noticed =
      !parsed.success ||
      data.source.issues.length > 0 ||
      graph.totalElements ||
      !completeness.complete ||
      risks.state !== 'current' ||
      graph.highlight;
    return (
      <div className="flex h-[calc(100dvh-3.5rem-1px)] flex-col">
        <NamespaceHeader namespace={namespace} graph={graph} view={view} />
        {(graph.diff || diffProblem?.length) && (
          <DiffBanner
            graph={graph}
            problems={diffProblem ?? []}
            closeHref={`${base}${viewQuery({ ...view, from: undefined, to: undefined })}`}
          />
        )}
        {noticed && (
          <GraphNotices
            invalid={parsed.success ? undefined : parsed.error}
            graph={graph}
            namespace={namespace}
            completeness={completeness}
            issues={data.source.issues}
            risks={risks}
          />
        )}
        <GraphArea
          engine={engine}
          graph={graph}
          view={view}
          base={base}
          namespace={namespace}
          readAt={data.source.readAt}
        />
      </div>
    );
  });
}

/**
 * The namespace's graph as the view asks: the current state, or a diff view's two states drawn as
 * one (/diff names them; the state after answers the panel). A 404 when neither state has it.
 */
async function drawnGraph(data: CurrentData, namespace: string, view: ViewParams) {
  const sides = view.from && view.to ? await Promise.all([diffSide(view.from), diffSide(view.to)]) : undefined;
  const diffProblem = sides?.flatMap((s) => ('problem' in s ? [s.problem] : []));
  const states = sides && diffProblem?.length === 0 ? (sides as DiffState[]) : undefined;
  const engine = states ? states[1]!.engine : data.engine;
  if (!engine.namespace(namespace) && !states?.[0]!.engine.namespace(namespace)) notFound();
  const graph = states
    ? await namespaceDiffView(states[0]!.engine, engine, namespace, view, {
        from: states[0]!.description,
        to: states[1]!.description,
      })
    : await namespaceView(engine, namespace, view, data.source.cluster?.resourceTypes);
  return { engine, graph, diffProblem };
}

function NamespaceHeader({ namespace, graph, view }: { namespace: string; graph: NamespaceGraph; view: ViewParams }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-6 py-3 dark:border-slate-800">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <Link href="/" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Namespaces
        </Link>
        <span aria-hidden className="text-sm text-slate-500">
          ›
        </span>
        <h1 className="font-mono text-xl font-semibold break-words">{namespace}</h1>
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {graph.nodes.length} nodes · {graph.edges.length} edges · {view.mode} view
        </span>
      </div>
      <NamespaceSwitcher current={namespace} />
    </div>
  );
}

function GraphNotices(props: {
  invalid: { issues: readonly { path: PropertyKey[]; message: string }[] } | undefined;
  graph: NamespaceGraph;
  namespace: string;
  completeness: Completeness;
  issues: CurrentData['source']['issues'];
  /** The ring of pods whose token leads to cluster-admin reads the attack paths. */
  risks: RiskStatus;
}) {
  const { invalid, graph, namespace, completeness, issues, risks } = props;
  return (
    <div className="px-6 pt-3">
      {invalid && (
        <p
          role="alert"
          aria-label="Invalid view parameters"
          className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
        >
          Some view parameters were invalid and the defaults are shown:{' '}
          {invalid.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}.
        </p>
      )}
      {graph.highlight && <HighlightNote highlight={graph.highlight} />}
      {graph.totalElements && (
        <p role="status" className="mb-2 text-sm text-amber-800 dark:text-amber-300">
          Showing {(graph.nodes.length + graph.edges.length).toLocaleString('en')} of{' '}
          {graph.totalElements.toLocaleString('en')} elements; everything of {namespace} itself is here. Left out:{' '}
          {(graph.omitted ?? []).map((o) => `${o.count.toLocaleString('en')} × ${KIND_LABELS[o.kind]}`).join(', ')}.
          Filter by kind or hide built-ins to see them.
        </p>
      )}
      <IncompleteNotice completeness={completeness} what="This graph" />
      <RiskStatusNotice status={risks} className="mb-2" />
      <SourceNotices demo={false} issues={issues} skippedKinds={{}} />
    </div>
  );
}

function GraphArea(props: {
  engine: Engine;
  graph: NamespaceGraph;
  view: ViewParams;
  base: string;
  namespace: string;
  readAt: string;
}) {
  const { engine, graph, view, base, namespace, readAt } = props;
  const selectHref = (id: string) => `${base}${viewQuery({ ...view, node: id })}`;
  const closeHref = `${base}${viewQuery({ ...view, node: undefined })}`;
  const expandHref = `${base}${viewQuery({ ...view, expand: [...(view.expand ?? []), EXPAND_CLUSTER_BINDINGS], node: undefined })}`;
  return (
    <div className="flex min-h-0 flex-1">
      <div className="hidden w-60 shrink-0 overflow-y-auto border-r border-slate-200 p-4 md:block dark:border-slate-800">
        <ViewFilters params={view} hiddenSystem={graph.hiddenSystem} hiddenUngranted={graph.hiddenUngranted} />
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="hidden border-b border-slate-200 px-4 py-2 md:block dark:border-slate-800">
          <GraphLegend />
        </div>
        <div className="relative min-h-0 flex-1" data-canvas-host>
          <div className="h-full overflow-y-auto">
            {view.view === 'graph' && graph.nodes.length > 0 && (
              // A phone gets the list: a graph this size cannot be read at that width.
              <div className="hidden h-full md:block">
                <GraphCanvas
                  graph={graph}
                  selected={view.node}
                  layout={view.layout}
                  title={`${namespace} · ${view.mode} view`}
                  readAt={readAt}
                />
              </div>
            )}
            {graph.nodes.length === 0 && (
              <p className="p-6 text-sm text-slate-600 dark:text-slate-400">Nothing to show with these filters.</p>
            )}
            <GraphList graph={graph} selectHref={selectHref} hidden={view.view === 'graph'} />
          </div>
          {view.node && (
            // Over the canvas, not beside it: opening the panel never shrinks the graph.
            <div data-panel className="absolute inset-y-0 right-0 z-10 w-full max-w-[26rem] shadow-2xl">
              <NodePanel
                engine={engine}
                graph={graph}
                view={view}
                nodeId={view.node}
                closeHref={closeHref}
                expandHref={expandHref}
                panelHref={(extra) => `${base}${viewQuery({ ...view, ...extra })}`}
              />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** What a diff view compares, how to read it, and the way back to the current state alone. */
function DiffBanner({ graph, problems, closeHref }: { graph: NamespaceGraph; problems: string[]; closeHref: string }) {
  return (
    <div
      role={problems.length > 0 ? 'alert' : 'status'}
      aria-label="Diff"
      className="border-b border-slate-200 bg-slate-50 px-6 py-2 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      {problems.length > 0 ? (
        <span className="text-red-700 dark:text-red-400">Cannot draw the diff: {problems.join('; ')}. </span>
      ) : (
        <>
          Diff: <span className="font-medium">{graph.diff!.from}</span> →{' '}
          <span className="font-medium">{graph.diff!.to}</span>.{' '}
          <span className="text-emerald-700 dark:text-emerald-400">Gained: dashed green</span>,{' '}
          <span className="text-red-700 dark:text-red-400">lost: dashed red</span>; the rest is in both.{' '}
        </>
      )}
      <Link href={closeHref} className="text-sky-700 hover:underline dark:text-sky-400">
        Show the current state only
      </Link>
    </div>
  );
}

/** Who the highlight marks, the question resolved as kubectl does (secret → secrets), and its warnings. */
function HighlightNote({ highlight }: { highlight: NonNullable<NamespaceGraph['highlight']> }) {
  return (
    <div aria-label="Highlight" className="mb-2 text-sm">
      {highlight.request && (
        <p className="text-slate-600 dark:text-slate-400">
          Highlighted: who can {highlight.request}
          {highlight.resolved.length > 0 && (
            <>
              {' '}
              (resolved as kubectl does:{' '}
              <span className="font-mono">{highlight.resolved.map(describeRewrite).join(', ')}</span>)
            </>
          )}
          .
        </p>
      )}
      {highlight.warnings.length > 0 && (
        <ul role="status" aria-label="Highlight warnings" className="text-amber-800 dark:text-amber-300">
          {highlight.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
