// Each request counted once. The API server writes one event per stage with the same auditID
// (RequestReceived, ResponseStarted for watches and other long requests, then ResponseComplete, or
// Panic: k8s.io/apiserver pkg/endpoints/filters/audit.go); the counted one is its ResponseComplete
// or Panic stage, else the last stage seen. Memory is bounded by the requests in flight, not by the
// log: a non-final stage is kept only until its final stage arrives, or until it has been in flight
// longer than `horizonMs` of log time (then it is counted by its last stage, as at the end of the
// log, and a final stage arriving later is not counted again).
import type { ObservedRequest } from '@/lib/rbac/usage/types';
import type { AuditStage } from './schema';

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
  private readonly recentSet = new Set<string>();
  private readonly recentRing: string[] = [];
  private recentNext = 0;
  private latest = -Infinity;
  readonly window: CounterWindow = { events: 0 };

  constructor(
    private readonly emit: (r: ObservedRequest) => void,
    private readonly since?: number,
    private readonly horizonMs = DEFAULT_HORIZON_MS,
  ) {}

  /** One stage of one request, in the order the log has it. */
  add(auditID: string, stage: AuditStage, request: ObservedRequest): void {
    if (request.time > this.latest) this.latest = request.time;
    if (this.recentSet.has(auditID)) return; // counted already: a repeated line
    if (stage === 'ResponseComplete' || stage === 'Panic') {
      this.pending.delete(auditID);
      if (this.countedEarly.delete(auditID)) return;
      this.count(auditID, request);
      return;
    }
    if (this.countedEarly.has(auditID)) return;
    const was = this.pending.get(auditID);
    if (was) was.request = request;
    else this.pending.set(auditID, { firstSeen: request.time, request });
    if (this.pending.size % 1024 === 0) this.expire();
  }

  /** Requests in flight longer than the horizon are counted by their last stage seen. */
  expire(): void {
    const cutoff = this.latest - this.horizonMs;
    // Insertion order is first-seen order (near enough: the server writes stages as they happen).
    for (const [id, p] of this.pending) {
      if (p.firstSeen >= cutoff) break;
      this.pending.delete(id);
      this.countEarly(id, p.request);
    }
    const forget = this.latest - EARLY_KEEP_MS;
    for (const [id, t] of this.countedEarly) {
      if (t >= forget && this.countedEarly.size <= EARLY_LIMIT) break;
      this.countedEarly.delete(id);
    }
  }

  /** At the end of the log: every request still in flight, by its last stage seen. */
  flushAll(): void {
    for (const [id, p] of this.pending) this.countEarly(id, p.request);
    this.pending.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private countEarly(id: string, request: ObservedRequest): void {
    this.countedEarly.set(id, this.latest);
    this.count(id, request);
  }

  private count(auditID: string, request: ObservedRequest): void {
    this.remember(auditID);
    if (this.since !== undefined && request.time < this.since) return;
    const w = this.window;
    w.events++;
    if (w.from === undefined || request.time < w.from) w.from = request.time;
    if (w.to === undefined || request.time > w.to) w.to = request.time;
    this.emit(request);
  }

  private remember(auditID: string): void {
    const old = this.recentRing[this.recentNext];
    if (old !== undefined) this.recentSet.delete(old);
    this.recentRing[this.recentNext] = auditID;
    this.recentSet.add(auditID);
    this.recentNext = (this.recentNext + 1) % RECENT_IDS;
  }
}
