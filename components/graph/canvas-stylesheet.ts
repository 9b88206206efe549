// The canvas' Cytoscape stylesheet as tables, in the order Cytoscape applies them (a later rule
// wins): nodes, one rule per kind, states (danger, highlight, selection, keyboard), edges, a diff's
// gained and lost elements, and the hover fade last. Colours come from the theme's palette.
import type { StylesheetJson } from 'cytoscape';
import { LABEL_FONT, LINE_HEIGHT } from '@/lib/graph/node-size';
import { SHAPES, type Palette } from './graph-style';

type Rules = StylesheetJson;

function nodeRules(p: Palette, big: boolean): Rules {
  return [
    {
      selector: 'node',
      style: {
        width: 'data(width)',
        height: 'data(height)',
        label: 'data(label)',
        color: p.text,
        'font-size': LABEL_FONT,
        'line-height': LINE_HEIGHT / LABEL_FONT,
        'text-valign': 'center',
        'text-halign': 'center',
        // Labels arrive wrapped (lib/graph/node-size.ts, which sized the box for them): Cytoscape
        // breaks only at their newlines, and never cuts one short with "…".
        'text-wrap': 'wrap',
        'text-max-width': '2000px',
        'border-width': 1.5,
        // Labels drop out when zoomed far only on big graphs, where drawing them would stall.
        'min-zoomed-font-size': big ? 7 : 0,
      },
    },
    ...Object.entries(p.kinds).map(([kind, c]) => ({
      selector: `node.${kind}`,
      style: { 'background-color': c.fill, 'border-color': c.border, shape: SHAPES[kind as keyof typeof SHAPES] },
    })),
    {
      // Small shapes (a pod's circle, a binding's diamond) carry their label under them.
      selector: 'node.pod, node.rolebinding, node.clusterrolebinding',
      style: { 'text-valign': 'bottom', 'text-margin-y': 4 },
    },
    { selector: 'node.clusterrolebinding', style: { 'border-width': 3 } },
    { selector: 'node.clusterrole', style: { 'border-style': 'double', 'border-width': 4 } },
  ];
}

function nodeStateRules(p: Palette): Rules {
  return [
    { selector: 'node.dangerous', style: { 'border-color': p.danger, 'border-width': 2.5 } },
    { selector: 'node.risky', style: { 'border-color': p.danger, 'border-width': 4, 'border-style': 'double' } },
    {
      selector: 'node.highlighted',
      style: { 'underlay-color': p.highlight, 'underlay-opacity': 0.45, 'underlay-padding': 6 },
    },
    {
      selector: 'node:selected',
      style: { 'overlay-color': p.text, 'overlay-opacity': 0.12, 'overlay-padding': 6, 'border-width': 3 },
    },
    {
      selector: 'node.keyboard',
      style: { 'outline-color': p.focus, 'outline-width': 3, 'outline-offset': 4, 'outline-opacity': 1 },
    },
  ];
}

function edgeRules(p: Palette, big: boolean, haystack: boolean): Rules {
  return [
    {
      selector: 'edge',
      style: {
        width: 1.3,
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': haystack ? 'haystack' : 'bezier',
        // Verbs only where one looks (hover, selection): drawn on every edge they ran through nodes.
        label: '',
        'font-size': 10,
        color: p.text,
        'text-background-color': p.background,
        'text-background-opacity': 0.92,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': big ? 8 : 0,
      },
    },
    // Along the layered layout's route (its points in the edge's data): round the nodes between.
    {
      selector: 'edge.routed',
      style: {
        'curve-style': 'segments',
        'edge-distances': 'node-position',
        'segment-weights': 'data(sw)',
        'segment-distances': 'data(sd)',
      },
    },
    { selector: 'edge.labelled', style: { label: 'data(label)', 'z-index': 10 } },
    { selector: 'edge.member-of, edge.aggregates', style: { 'line-style': 'dashed' } },
    {
      selector: 'edge.dangerous',
      style: { 'line-color': p.danger, 'target-arrow-color': p.danger, width: 2, color: p.danger },
    },
  ];
}

/** A diff: what only the state after has, and what only the state before had; both dashed. */
function diffRules(p: Palette): Rules {
  return [
    {
      selector: 'edge.gained, edge.lost',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4], width: 2.2 },
    },
    { selector: 'edge.gained', style: { 'line-color': p.gained, 'target-arrow-color': p.gained, color: p.gained } },
    { selector: 'edge.lost', style: { 'line-color': p.lost, 'target-arrow-color': p.lost, color: p.lost } },
    { selector: 'node.gained', style: { 'border-color': p.gained, 'border-style': 'dashed', 'border-width': 3 } },
    {
      selector: 'node.lost',
      style: { 'border-color': p.lost, 'border-style': 'dashed', 'border-width': 3, opacity: 0.7 },
    },
  ];
}

/** `big`: labels drop out when zoomed far; `haystack`: straight edges, cheap to draw by the thousand. */
export function stylesheet(p: Palette, big: boolean, haystack: boolean): StylesheetJson {
  return [
    ...nodeRules(p, big),
    ...nodeStateRules(p),
    ...edgeRules(p, big, haystack),
    ...diffRules(p),
    { selector: '.faded', style: { opacity: 0.15 } },
  ];
}
