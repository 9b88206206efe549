// What the live benchmark does to the app while it measures: changes pushed through the stand-in at
// a steady rate (pod phases only, or the mixed churn with a RoleBinding every 20th change), the
// who-can watcher that times a RoleBinding's arrival, and clients that sample the risk answers.
// All of it through HTTP: the same code measures main and any engine behind the same routes.
import type { StandIn } from './stand-in-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `change(i)` `rate` times a second for `seconds`, in ticks of 100 ms. */
export async function atRate(rate: number, seconds: number, change: (i: number) => void): Promise<void> {
  const end = performance.now() + seconds * 1000;
  let i = 0;
  let owed = 0;
  while (performance.now() < end) {
    const tick = performance.now();
    // Rates below 10 a second spread over the ticks instead of rounding to none.
    owed += rate / 10;
    for (; owed >= 1; owed--) change(i++);
    await sleep(Math.max(0, 100 - (performance.now() - tick)));
  }
}

/** A pod's phase flipped (Running, Pending): a field the model keeps, the common change on a cluster. */
export function podPhases(standIn: StandIn): (i: number) => void {
  const pods = standIn.sample('Pod', 5000);
  return (i) => {
    const p = pods[i % pods.length]!;
    standIn.apply('MODIFIED', { ...p, status: { ...(p.status as object), phase: i % 2 ? 'Pending' : 'Running' } });
  };
}

const binding = (i: number) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: `churn-${i}`, namespace: 'ns-1' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `churn-${i}` }],
});

/** RoleBindings alive at once in the mixed churn: each new one deletes the one this many before it. */
const LIVE_BINDINGS = 50;

/** The RBAC changes of a churn: who-can's new users and when each was applied (performance.now()). */
export class RbacChanges {
  readonly pending = new Map<string, number>();
  lastAt = -Infinity;
  private next = 0;

  /**
   * A RoleBinding for a new user in ns-1; the one LIVE_BINDINGS before it deleted, so the world (and
   * the heap it needs) stays the same size however long the churn runs.
   */
  apply(standIn: StandIn, timed: boolean): void {
    const i = this.next++;
    standIn.apply('ADDED', binding(i));
    if (i >= LIVE_BINDINGS) standIn.apply('DELETED', binding(i - LIVE_BINDINGS));
    this.lastAt = performance.now();
    if (timed) this.pending.set(`churn-${i}`, this.lastAt);
  }
}

/** The mixed churn: every 20th change a RoleBinding (timed when `timed`), the rest pod phases. */
export function mixed(standIn: StandIn, rbac: RbacChanges, timed: boolean): (i: number) => void {
  const pods = podPhases(standIn);
  return (i) => (i % 20 === 0 ? rbac.apply(standIn, timed) : pods(i));
}

/** 100 pod phase changes a second with a RoleBinding (timed) every 500th change: every 5 s. */
export function podsAndRareRbac(standIn: StandIn, rbac: RbacChanges): (i: number) => void {
  const pods = podPhases(standIn);
  return (i) => (i % 500 === 250 ? rbac.apply(standIn, true) : pods(i));
}

/**
 * Polls /api/who-can for ns-1 (every 20 ms after each answer) until `stopped()` and nothing is
 * pending; each new user's time from its RoleBinding's apply to the first answer naming it.
 */
export async function whoCanFreshness(baseURL: string, rbac: RbacChanges, stopped: () => boolean): Promise<number[]> {
  const url = `${baseURL}/api/who-can?verb=list&resource=pods&namespace=ns-1&limit=5000`;
  const times: number[] = [];
  const giveUp = () => performance.now() + 60_000;
  let deadline = Infinity;
  while (!stopped() || (rbac.pending.size > 0 && performance.now() < deadline)) {
    if (stopped() && deadline === Infinity) deadline = giveUp();
    const body = (await fetch(url).then(
      (res) => res.json(),
      () => ({ subjects: [] }),
    )) as { subjects?: { name: string }[] };
    const names = new Set((body.subjects ?? []).map((s) => s.name));
    for (const [user, at] of rbac.pending)
      if (names.has(user)) {
        times.push(performance.now() - at);
        rbac.pending.delete(user);
      }
    await sleep(20);
  }
  return times;
}
