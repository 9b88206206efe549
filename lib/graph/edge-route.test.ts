// A route given as weights and distances is the route: Cytoscape's own formula gives the points back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segments } from './edge-route';
import type { Point } from './types';

/** Cytoscape's `segments` point: along the source→target line by weight, off it by distance (to its left). */
function point(s: Point, t: Point, w: number, d: number): Point {
  const [dx, dy] = [t.x - s.x, t.y - s.y];
  const l = Math.hypot(dx, dy);
  return { x: s.x + w * dx + (-dy / l) * d, y: s.y + w * dy + (dx / l) * d };
}

const cases: [string, Point, Point, Point[]][] = [
  [
    'a step down to the right',
    { x: 0, y: 0 },
    { x: 200, y: 100 },
    [
      { x: 40, y: 0 },
      { x: 120, y: 0 },
      { x: 120, y: 100 },
    ],
  ],
  [
    'a step up',
    { x: 10, y: 300 },
    { x: 400, y: 20 },
    [
      { x: 60, y: 300 },
      { x: 300, y: 300 },
      { x: 300, y: 20 },
    ],
  ],
  [
    'level',
    { x: 0, y: 50 },
    { x: 100, y: 50 },
    [
      { x: 30, y: 50 },
      { x: 70, y: 50 },
    ],
  ],
];

for (const [name, s, t, route] of cases)
  test(name, () => {
    const { weights, distances } = segments(route, s, t);
    assert.equal(weights.length, route.length);
    route.forEach((p, i) => {
      const q = point(s, t, weights[i]!, distances[i]!);
      assert.ok(
        Math.abs(q.x - p.x) < 0.5 && Math.abs(q.y - p.y) < 0.5,
        `${JSON.stringify(p)} came back ${JSON.stringify(q)}`,
      );
    });
  });
