// A log line in, at most one counted request out: parse, validate at the edge, convert, count. What
// is not a usable event becomes a LogProblem named by file and line. Shared by the one-shot reader
// and the tail, which differ only in where lines come from.
import type { LogProblem, ObservedRequest, UsageWindow } from '@/lib/rbac/usage/types';
import { RequestCounter } from './counter';
import { eventProblem } from './observed';
import { plainEvent } from './schema';

export interface IntakeOptions {
  /** Requests before this time (ms since the epoch) are not in the window: skipped. */
  since?: number;
  /** Each line that is not a usable event, as it is met. */
  onProblem?: (problem: LogProblem) => void;
  /** Requests in flight longer than this (log time) are counted by their last stage (counter.ts). */
  horizonMs?: number;
}

/** JSON.parse's message names a position and quotes the line: only the position is kept (a line may hold a Secret). */
function jsonProblem(err: unknown): string {
  const at = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  return at ? `not JSON (at character ${Number(at[1]) + 1})` : 'not JSON';
}

export class AuditIntake {
  readonly counter: RequestCounter;
  private out: ObservedRequest[] = [];
  private lines = 0;
  private problems = 0;
  private readonly files: string[] = [];

  constructor(private readonly options: IntakeOptions = {}) {
    this.counter = new RequestCounter((r) => this.out.push(r), options.since, options.horizonMs);
  }

  /** A file (or "-") starts being read: it joins the window's list once. */
  startFile(name: string): void {
    if (!this.files.includes(name)) this.files.push(name);
  }

  /** One line of `file` (line numbers from 1). Blank lines are read but are not problems. */
  line(text: string, file: string, line: number): void {
    this.lines++;
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    const parsed = this.parse(text, file, line);
    if (parsed) this.counter.add(parsed.event, { file, line }, parsed.time);
  }

  /** A line's event, validated, as the request it records; a LogProblem when it is none. */
  private parse(text: string, file: string, line: number) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return void this.problem(file, line, jsonProblem(err));
    }
    const parsed = plainEvent(raw);
    if (!parsed.ok) return void this.problem(file, line, parsed.message);
    const time = eventProblem(parsed.event);
    if (typeof time === 'string') return void this.problem(file, line, time);
    return { event: parsed.event, time };
  }

  /** A problem that is not one line's (a gzip stream that breaks, a file that cannot be read on). */
  problem(file: string, line: number, message: string): void {
    this.problems++;
    this.options.onProblem?.({ where: { file, line }, message });
  }

  /** The requests counted since the last take (the first `max` of them). */
  take(max = Infinity): ObservedRequest[] {
    if (this.out.length <= max) {
      const batch = this.out;
      this.out = [];
      return batch;
    }
    return this.out.splice(0, max);
  }

  get waiting(): number {
    return this.out.length;
  }

  window(): UsageWindow {
    const w = this.counter.window;
    return {
      ...(w.from !== undefined && { from: w.from }),
      ...(w.to !== undefined && { to: w.to }),
      events: w.events,
      lines: this.lines,
      problems: this.problems,
      files: [...this.files],
    };
  }
}
