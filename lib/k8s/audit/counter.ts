// Each request counted once. The API server writes one event per stage with the same auditID
// (RequestReceived, ResponseStarted for watches and other long requests, then ResponseComplete, or
// Panic: k8s.io/apiserver pkg/endpoints/filters/audit.go); the counted one is its ResponseComplete
// or Panic stage, else the last stage seen. Memory is bounded by the requests in flight, not by the
// log: a non-final stage is kept only until its final stage arrives, or until it has been in flight
// longer than `horizonMs` of log time (then it is counted by its last stage, as at the end of the
// log, and a final stage arriving later is not counted again).
import type { LogPlace, ObservedRequest } from '@/lib/rbac/usage/types';
import { buildObserved } from './observed';
import { RecentIds } from './recent-ids';
import type { AuditEvent } from './schema';

/**
 * Long enough for any watch (the server ends one after minRequestTimeout..2×minRequestTimeout,
 * 30..60 min by default: pkg/endpoints/handlers/get.go); exec and port-forward may run longer and
 * are then counted by their ResponseStarted stage, which carries the decision already.
 */
export const DEFAULT_HORIZON_MS = 65 * 60_000;
/** How many counted auditIDs are remembered to drop a repeated final stage (a line written twice). */
const RECENT_IDS = 1 << 16;
/** Counted-early IDs are forgotten after this much log time, or past this many. */
const EARLY_KEEP_MS = 24 * 3600_000;
const EARLY_LIMIT = 100_000;

/**
 * A request in flight: its last stage seen, as the ObservedRequest it is counted as if no final stage
 * comes (made at once: kept as the parsed line's objects instead, the peak was higher).
 */
interface Pending {
  firstSeen: number;
  request: ObservedRequest;
}

export interface CounterWindow {
  events: number;
  from?: number;
  to?: number;
}

export class RequestCounter {
  private readonly pending = new Map<string, Pending>();
  private readonly countedEarly = new Map<string, number>();
  private readonly recent = new RecentIds(RECENT_IDS);
  private latest = -Infinity;
  readonly window: CounterWindow = { events: 0 };

  constructor(
    private readonly emit: (r: ObservedRequest) => void,
    private readonly since?: number,
    private readonly horizonMs = DEFAULT_HORIZON_MS,
  ) {}

  /** One stage of one request (validated, at `time`), in the order the log has it. */
  add(ev: AuditEvent, where: LogPlace, time: number): void {
    const id = ev.auditID;
    if (time > this.latest) this.latest = time;
    if (ev.stage === 'ResponseComplete' || ev.stage === 'Panic') {
      this.pending.delete(id);
      if (this.countedEarly.delete(id)) return;
      if (!this.recent.addNew(id)) return; // counted already: the same final stage met again
      this.count(time, buildObserved(ev, where, time));
      return;
    }
    // A non-final stage of a request counted already (a repeated line) waits like any other, and is
    // dropped if it is ever counted early (countEarly asks the recent IDs then).
    if (this.countedEarly.has(id)) return;
    const was = this.pending.get(id);
    const request = buildObserved(ev, where, time);
    if (was) was.request = request;
    else this.pending.set(id, { firstSeen: time, request });
    if (this.pending.size % 1024 === 0) this.expire();
  }

  /** Requests in flight longer than the horizon are counted by their last stage seen. */
  expire(): void {
    const cutoff = this.latest - this.horizonMs;
    // Insertion order is first-seen order (near enough: the server writes stages as they happen).
    for (const [id, p] of this.pending) {
      if (p.firstSeen >= cutoff) break;
      this.pending.delete(id);
      this.countEarly(id, p);
    }
    const forget = this.latest - EARLY_KEEP_MS;
    for (const [id, t] of this.countedEarly) {
      if (t >= forget && this.countedEarly.size <= EARLY_LIMIT) break;
      this.countedEarly.delete(id);
    }
  }

  /** At the end of the log: every request still in flight, by its last stage seen. */
  flushAll(): void {
    for (const [id, p] of this.pending) this.countEarly(id, p);
    this.pending.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private countEarly(id: string, p: Pending): void {
    this.countedEarly.set(id, this.latest);
    if (this.recent.addNew(id)) this.count(p.request.time, p.request);
  }

  private count(time: number, request: ObservedRequest): void {
    if (this.since !== undefined && time < this.since) return;
    const w = this.window;
    w.events++;
    if (w.from === undefined || time < w.from) w.from = time;
    if (w.to === undefined || time > w.to) w.to = time;
    this.emit(request);
  }
}
