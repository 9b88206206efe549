// An edge's route (lib/graph/layout.ts) in the terms Cytoscape's `segments` edges take, so the canvas
// draws each edge where the layout routed it: round the nodes between, never under one.
import type { Point } from './types';

/**
 * A route as Cytoscape's `segments` edge takes it: each point as a weight along the line from the
 * source's centre to the target's and a distance off it (positive to the left of that direction).
 */
export function segments(route: readonly Point[], s: Point, t: Point): { weights: number[]; distances: number[] } {
  const [dx, dy] = [t.x - s.x, t.y - s.y];
  const l = Math.hypot(dx, dy);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    weights: route.map((p) => round(((p.x - s.x) * dx + (p.y - s.y) * dy) / (l * l))),
    distances: route.map((p) => round(((p.x - s.x) * -dy + (p.y - s.y) * dx) / l)),
  };
}
