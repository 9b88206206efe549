// One shape and hue per kind (DESIGN.md): subjects round, bindings small diamonds, roles rectangles,
// resources tags, pods small circles. Red only for danger. Colours for both themes.
import type { Css } from 'cytoscape';
import type { NodeKind } from '@/lib/graph/types';

export interface Palette {
  text: string;
  /** The canvas behind the graph (and the exported PNG's). */
  background: string;
  /** The keyboard cursor's outline. */
  focus: string;
  edge: string;
  danger: string;
  highlight: string;
  /** A diff view's gained and lost elements. */
  gained: string;
  lost: string;
  kinds: Record<NodeKind, { fill: string; border: string }>;
}

// Light: edges slate-500 (4.76:1 on white, over the 3:1 WCAG 1.4.11 asks of graphics) and gained
// emerald-700 (5.48:1, AA for its 12 px labels).
export const LIGHT: Palette = {
  text: '#0f172a',
  background: '#ffffff',
  focus: '#0284c7',
  edge: '#64748b',
  danger: '#dc2626',
  highlight: '#d97706',
  gained: '#047857',
  lost: '#dc2626',
  kinds: {
    pod: { fill: '#e2e8f0', border: '#64748b' },
    'pod-group': { fill: '#e2e8f0', border: '#64748b' },
    serviceaccount: { fill: '#dbeafe', border: '#2563eb' },
    user: { fill: '#e0e7ff', border: '#4f46e5' },
    group: { fill: '#ede9fe', border: '#7c3aed' },
    rolebinding: { fill: '#ccfbf1', border: '#0d9488' },
    clusterrolebinding: { fill: '#ccfbf1', border: '#0f766e' },
    role: { fill: '#dcfce7', border: '#16a34a' },
    clusterrole: { fill: '#dcfce7', border: '#15803d' },
    resource: { fill: '#fef9c3', border: '#a16207' },
  },
};

export const DARK: Palette = {
  text: '#e2e8f0',
  background: '#020617',
  focus: '#38bdf8',
  edge: '#64748b',
  danger: '#f87171',
  highlight: '#fbbf24',
  gained: '#34d399',
  lost: '#f87171',
  kinds: {
    pod: { fill: '#334155', border: '#94a3b8' },
    'pod-group': { fill: '#334155', border: '#94a3b8' },
    serviceaccount: { fill: '#1e3a8a', border: '#60a5fa' },
    user: { fill: '#312e81', border: '#818cf8' },
    group: { fill: '#4c1d95', border: '#a78bfa' },
    rolebinding: { fill: '#134e4a', border: '#2dd4bf' },
    clusterrolebinding: { fill: '#134e4a', border: '#5eead4' },
    role: { fill: '#14532d', border: '#4ade80' },
    clusterrole: { fill: '#14532d', border: '#86efac' },
    resource: { fill: '#422006', border: '#facc15' },
  },
};

export const SHAPES: Record<NodeKind, Css.NodeShape> = {
  pod: 'ellipse',
  'pod-group': 'ellipse',
  serviceaccount: 'round-rectangle',
  user: 'ellipse',
  group: 'hexagon',
  rolebinding: 'diamond',
  clusterrolebinding: 'diamond',
  role: 'rectangle',
  clusterrole: 'rectangle',
  resource: 'tag',
};

export const KIND_LABELS: Record<NodeKind, string> = {
  pod: 'Pod',
  'pod-group': 'Pods (grouped)',
  serviceaccount: 'ServiceAccount',
  user: 'User',
  group: 'Group',
  rolebinding: 'RoleBinding',
  clusterrolebinding: 'ClusterRoleBinding',
  role: 'Role',
  clusterrole: 'ClusterRole',
  resource: 'Resource',
};
