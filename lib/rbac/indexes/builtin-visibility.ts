// Kubernetes' own answers (its controllers, nodes, discovery and system:masters, allowed by its
// default bindings) answer most questions and bury the cluster's own: the views hide them unless
// asked, and say how many they hid. One rule for every list: the page and the API hide the same.

/** What a list shows, and how many of Kubernetes' own it left out. */
export interface Visible<T> {
  shown: T[];
  hidden: number;
}

/** `items` with Kubernetes' own left out unless `show`, in their order; `hidden` counts them. */
export function visibleItems<T>(items: readonly T[], show: boolean, isBuiltin: (item: T) => boolean): Visible<T> {
  if (show) return { shown: [...items], hidden: 0 };
  const shown = items.filter((item) => !isBuiltin(item));
  return { shown, hidden: items.length - shown.length };
}
