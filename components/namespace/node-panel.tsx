// The side panel for the selected node. Its parts, one per kind of node, are in node-panel/.
import { ContextLink as Link } from '@/components/layout/context-link';
import { EXPAND_BUILTIN } from '@/lib/graph/view-limits';
import type { ViewParams } from '@/lib/web/graph-params';
import { parseNodeId, type NodeRef } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import type { Engine } from '@/lib/rbac';
import { BindingPanel, ClusterBindingsPanel, FoldedSubjectsPanel } from './node-panel/binding-panels';
import { BuiltinBindingsPanel, BuiltinGroupPanel } from './node-panel/builtin-panels';
import { PodsPanel } from './node-panel/pods-panel';
import { ResourceGroupPanel, ResourcePanel } from './node-panel/resource-panels';
import { RolePanel } from './node-panel/role-panel';
import type { PanelContext, PanelHref } from './node-panel/shared';
import { SubjectPanel } from './node-panel/subject-panel';

/** The side panel for the selected node: its details, and for a subject its permissions here. */
export function NodePanel({
  engine,
  graph,
  view,
  nodeId,
  closeHref,
  expandHref,
  panelHref,
}: {
  engine: Engine;
  graph: NamespaceGraph;
  view: ViewParams;
  nodeId: string;
  closeHref: string;
  /** The view with the summed-up ClusterRoleBindings drawn one by one. */
  expandHref: string;
  /** The view with some parameters changed. */
  panelHref: PanelHref;
}) {
  // The node id (from the URL) parsed back into what it names: the panel asks the engine about that.
  const ref = parseNodeId(nodeId);
  const node = graph.nodes.find((n) => n.id === nodeId);
  const drawBuiltinHref = panelHref({ expand: [...(view.expand ?? []), EXPAND_BUILTIN], node: undefined });
  const namespace = graph.namespace;
  const ctx: PanelContext = { engine, graph, view, nodeId, namespace, expandHref, drawBuiltinHref, panelHref };
  return (
    <aside
      aria-labelledby="panel-title"
      className="flex h-full flex-col overflow-y-auto border-l border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id="panel-title" className="text-base font-semibold break-words">
          {node ? node.label : nodeId}
        </h2>
        <Link
          href={closeHref}
          scroll={false}
          className="rounded px-2 text-sm text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close panel"
        >
          ✕
        </Link>
      </div>
      {!node && (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-400">
          This node is not in the current view (a filter may hide it).
        </p>
      )}
      <div className="mt-3 space-y-4">{ref && <PanelBody ctx={ctx} nodeRef={ref} />}</div>
    </aside>
  );
}

/** The part of the panel for the node's kind. */
function PanelBody({ ctx, nodeRef }: { ctx: PanelContext; nodeRef: NodeRef }) {
  const { engine, graph } = ctx;
  switch (nodeRef.type) {
    case 'subject':
      return <SubjectPanel ctx={ctx} subject={nodeRef.subject} />;
    case 'binding':
      return <BindingPanel engine={engine} binding={nodeRef} />;
    case 'binding-subjects':
      return <FoldedSubjectsPanel engine={engine} graph={graph} binding={nodeRef.binding} />;
    case 'cluster-bindings':
      return <ClusterBindingsPanel engine={engine} namespace={ctx.namespace} expandHref={ctx.expandHref} />;
    case 'role':
      return <RolePanel engine={engine} role={nodeRef.role} />;
    case 'resource':
      return <ResourcePanel ctx={ctx} label={nodeRef.label} />;
    case 'resource-group':
      return <ResourceGroupPanel ctx={ctx} source={nodeRef.source} />;
    case 'builtin-bindings':
      return <BuiltinBindingsPanel engine={engine} role={nodeRef.role} drawHref={ctx.drawBuiltinHref} />;
    case 'builtin-group':
      return <BuiltinGroupPanel graph={graph} part={nodeRef.part} drawHref={ctx.drawBuiltinHref} />;
    case 'pods':
    case 'pod':
      return <PodsPanel engine={engine} node={nodeRef} />;
  }
}
