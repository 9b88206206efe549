// Runs ELK's layered layout off the server's event loop (worker_threads): the server sends the ELK
// graph, this sends back the positioned children and routed edges, or the error. Plain JavaScript so that Node runs it
// as it is, in development, in tests and in the standalone server alike.
import { parentPort } from 'node:worker_threads';
import ELK from 'elkjs/lib/elk.bundled.js';

const elk = new ELK();

parentPort.on('message', async ({ id, graph }) => {
  try {
    const result = await elk.layout(graph);
    const children = (result.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0 }));
    // Each edge's orthogonal route: its bends (it leaves the source and meets the target between them).
    // Not ELK's start and end points: they lie on the nodes' borders, where Cytoscape cannot start a line.
    const edges = (result.edges ?? []).flatMap((e) => {
      const bends = e.sections?.[0]?.bendPoints ?? [];
      return bends.length > 0 ? [{ id: e.id, route: bends }] : [];
    });
    parentPort.postMessage({ id, children, edges });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
