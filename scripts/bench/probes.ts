// The risk answers sampled while the churn runs: `/risks`, a subject's paths (`/api/paths?from=`),
// a subject's page (its "Can become"), and a first namespace graph (`/api/graph`, a namespace
// never asked before). One client each, a request every 200 ms (or when the last one ends, if it
// took longer), each subject and namespace different from the last.
import type { RbacChanges } from './churn';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EVERY_MS = 200;
/** A request this soon after a RoleBinding change counts as "right after an RBAC change". */
export const AFTER_RBAC_MS = 1000;

export interface Sample {
  ms: number;
  status: number;
  /** The answer says its risks are still being computed (a partial answer, not a wait). */
  computing: boolean;
  /** Made within AFTER_RBAC_MS of a RoleBinding change. */
  afterRbac: boolean;
}

export type ProbeName = '/risks' | '/api/paths?from=' | 'subject page (Can become)' | 'first /api/graph';
export const PROBES: ProbeName[] = ['/risks', '/api/paths?from=', 'subject page (Can become)', 'first /api/graph'];

/** The k-th URL of a probe: a different subject or namespace each time (ns-100 onwards for graphs). */
function probeUrl(probe: ProbeName, k: number, namespaces: number, graphs: { next: number }): string {
  const ns = `ns-${(k * 7) % namespaces}`;
  const sa = `sa-${1 + (k % 3)}`;
  switch (probe) {
    case '/risks':
      return '/risks';
    case '/api/paths?from=':
      return `/api/paths?from=system:serviceaccount:${ns}:${sa}`;
    case 'subject page (Can become)':
      return `/subjects/serviceaccount/${ns}/${sa}`;
    case 'first /api/graph':
      return `/api/graph?namespace=ns-${graphs.next++ % namespaces}`;
  }
}

// "computing" in the body: how an answer says its risks are not built yet (the wording).
const COMPUTING = /\bcomputing\b/i;

async function sample(url: string, rbac: RbacChanges): Promise<Sample> {
  const t = performance.now();
  const afterRbac = t - rbac.lastAt < AFTER_RBAC_MS;
  try {
    const res = await fetch(url);
    const text = await res.text();
    return { ms: performance.now() - t, status: res.status, computing: COMPUTING.test(text), afterRbac };
  } catch {
    // The connection failed (a server that ran out of heap, say): counted as not 200, the run goes on.
    return { ms: performance.now() - t, status: 0, computing: false, afterRbac };
  }
}

/**
 * Runs the four probe clients until `stopped()`. `graphs` carries the next never-asked namespace
 * across windows, so each window's graphs are first ones too.
 */
export async function sampleRisks(
  baseURL: string,
  namespaces: number,
  rbac: RbacChanges,
  stopped: () => boolean,
  graphs: { next: number },
): Promise<Map<ProbeName, Sample[]>> {
  const results = new Map<ProbeName, Sample[]>(PROBES.map((p) => [p, []]));
  await Promise.all(
    PROBES.map(async (probe, index) => {
      // Staggered, so the four do not arrive together every time.
      await sleep((index * EVERY_MS) / PROBES.length);
      for (let k = 0; !stopped(); k++) {
        const t = performance.now();
        results.get(probe)!.push(await sample(baseURL + probeUrl(probe, k, namespaces, graphs), rbac));
        await sleep(Math.max(0, EVERY_MS - (performance.now() - t)));
      }
    }),
  );
  return results;
}
