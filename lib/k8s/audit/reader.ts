// Read audit logs once, front to back: files, rotated sets and folders (oldest first), .gz, and
// standard input, as batches of counted requests, with the window read at the end.
import type { LogProblem, ObservedRequest, UsageWindow } from '@/lib/rbac/usage/types';
import { auditLogFiles, type AuditLogFile } from './files';
import { AuditIntake, type IntakeOptions } from './intake';
import { LineSplitter, openLog } from './lines';

export interface ReadOptions extends IntakeOptions {
  /** What "-" reads (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Requests per batch, at most (default 1024). */
  batchSize?: number;
}

/** A live file (not rotated, not compressed) may end in the line the server is writing now. */
const isLive = (f: AuditLogFile) => f.rotated === undefined && !f.gz && f.name !== '-';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One read of `paths`: iterate it for batches of ObservedRequest (each request once, in the order its
 * counted stage was read; requests still in flight at the end come last, by their last stage), then
 * ask `window()` what was read. A path that is not there throws AuditLogPathError before any batch;
 * everything else wrong is a LogProblem, and the read goes on.
 */
export class AuditLogRead implements AsyncIterable<ObservedRequest[]> {
  private readonly intake: AuditIntake;
  private readonly batchSize: number;

  constructor(
    private readonly paths: readonly string[],
    private readonly options: ReadOptions = {},
  ) {
    this.intake = new AuditIntake(options);
    this.batchSize = options.batchSize ?? 1024;
  }

  private started = false;

  async *[Symbol.asyncIterator](): AsyncGenerator<ObservedRequest[]> {
    // One read, one count: a second iteration would meet every request as counted already.
    if (this.started) throw new Error('an AuditLogRead is read once: call readAuditLogs again');
    this.started = true;
    const files = await auditLogFiles(this.paths);
    for (const f of files) yield* fileBatches(f, this.intake, this.batchSize, this.options.stdin);
    this.intake.counter.flushAll();
    while (this.intake.waiting > 0) yield this.intake.take(this.batchSize);
  }

  /** What was read so far (all of it once the iteration ended). */
  window(): UsageWindow {
    return this.intake.window();
  }
}

/**
 * One whole file through `intake`, the requests counted from each chunk as one batch or more (at
 * most `batchSize` each), handed on before the next chunk is read: held across reads, they would
 * outlive the young generation's collections and fill the old one (the peak grew with the log). A stream that
 * breaks (a corrupt .gz, a file removed while read) is a LogProblem at the line reached.
 */
export async function* fileBatches(
  f: AuditLogFile,
  intake: AuditIntake,
  batchSize: number,
  stdin?: NodeJS.ReadableStream,
): AsyncGenerator<ObservedRequest[]> {
  intake.startFile(f.name);
  const lines = new LineSplitter((text, line) => intake.line(text, f.name, line));
  let broke = false;
  try {
    for await (const chunk of openLog(f, stdin)) {
      lines.push(chunk as Buffer);
      while (intake.waiting > 0) yield intake.take(batchSize);
    }
  } catch (err) {
    intake.problem(f.name, lines.lineNo + 1, `reading stopped: ${(err as Error).message}`);
    broke = true;
  }
  const rest = lines.takeRest();
  // The server writes each event and its "\n" in one write: an unterminated last line of the live
  // file is one being written, not a problem (unless it is complete already); after a break, the
  // break is the problem.
  if (rest !== '' && ((!broke && !isLive(f)) || isJson(rest))) intake.line(rest, f.name, lines.lineNo + 1);
  while (intake.waiting > 0) yield intake.take(batchSize);
}

export function readAuditLogs(paths: readonly string[], options: ReadOptions = {}): AuditLogRead {
  return new AuditLogRead(paths, options);
}

/** Everything at once, for small logs and tests: the requests, the problems and the window. */
export async function readAllAuditLogs(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<{ requests: ObservedRequest[]; problems: LogProblem[]; window: UsageWindow }> {
  const problems: LogProblem[] = [];
  const read = readAuditLogs(paths, {
    ...options,
    onProblem: (p) => {
      problems.push(p);
      options.onProblem?.(p);
    },
  });
  const requests: ObservedRequest[] = [];
  for await (const batch of read) for (const r of batch) requests.push(r);
  return { requests, problems, window: read.window() };
}
