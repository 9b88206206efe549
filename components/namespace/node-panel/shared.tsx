// What every part of the side panel shares: the props it is drawn from, its list limits and its
// definition-list row.
import type { ViewParams } from '@/lib/web/graph-params';
import type { NodeRef } from '@/lib/graph/node-ids';
import type { NamespaceGraph } from '@/lib/graph/types';
import type { Engine } from '@/lib/rbac';

/** Lists in the panel show this many, then say how many more. */
export const PANEL_LIST_LIMIT = 50;
/** Rule rows and matrix rows: every one of Kubernetes' own roles (admin has 75), not a role of 20,000 (#25). */
export const PANEL_ROWS_LIMIT = 100;

/** The view with some parameters changed. */
export type PanelHref = (extra: Partial<ViewParams>) => string;

/** One type of NodeRef: what a node id of that type names, parsed back from the id. */
export type RefOf<T extends NodeRef['type']> = Extract<NodeRef, { type: T }>;

/** What a panel part may read: the engine, the graph and view it was drawn from, and its links. */
export interface PanelContext {
  engine: Engine;
  graph: NamespaceGraph;
  view: ViewParams;
  nodeId: string;
  namespace: string;
  /** The view with the summed-up ClusterRoleBindings drawn one by one. */
  expandHref: string;
  /** The view with the built-in chain drawn one by one. */
  drawBuiltinHref: string;
  panelHref: PanelHref;
}

export function Field({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2 text-sm">
      <dt className="w-24 shrink-0 text-slate-500 dark:text-slate-400">{name}</dt>
      <dd className="min-w-0 font-mono break-words">{children}</dd>
    </div>
  );
}
