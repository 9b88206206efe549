// What a namespace graph is drawn with: the view's options, as lib/web/graph-params.ts reads them
// from the URL (the graph knows no URL).

export const NODE_KINDS_FILTER = [
  'pods',
  'serviceaccounts',
  'users',
  'groups',
  'bindings',
  'roles',
  'resources',
] as const;
export type KindFilter = (typeof NODE_KINDS_FILTER)[number];

export interface ViewOptions {
  mode: 'structure' | 'access';
  layout: 'layered' | 'force';
  /** Kubernetes' own bindings drawn or left out. */
  builtin: 'hide' | 'show';
  ungranted: 'show' | 'hide';
  kinds?: KindFilter[];
  verb?: string;
  resource?: string;
  /** Service accounts whose pods are shown one by one instead of grouped. */
  expand?: string[];
  node?: string;
  view: 'graph' | 'list';
  /** A diff view (with `to`): the state before and after, as /diff names them. */
  from?: string;
  to?: string;
}
