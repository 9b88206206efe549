// Where /usage's answers come from: the API server's audit log, read once per server process and
// followed as it grows and rotates (lib/k8s/audit's tail), each batch added to one usage index
// whose version moves per batch. Requests read the index; they never read the log. The log is
// RBAC_ATLAS_AUDIT_LOG (a file or a folder); with no cluster configured (the demo) it is the demo's
// own log, which the real API server wrote for the demo manifests. A cluster or snapshot with no log
// has no usage: pages say how to get one, never an error.
import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chosenSpec } from '@/lib/k8s/current-source';
import { tailAuditLog, type AuditTail } from '@/lib/k8s/audit';
import { createUsageIndex, type LogProblem, type UsageIndex, type UsageWindow } from '@/lib/rbac';

/** The demo's audit log, beside its cluster (lib/k8s/source.ts DEMO_SNAPSHOT), shipped with the server (next.config.ts). */
export const DEMO_AUDIT_LOG = 'lib/k8s/demo/audit.log';
export const AUDIT_LOG_ENV = 'RBAC_ATLAS_AUDIT_LOG';
/** Problems kept to be named (file:line); the rest are counted in the window. */
const PROBLEMS_KEPT = 20;
/** A log that could not be opened is tried again on the first ask after this long. */
const RETRY_MS = 10_000;

export interface UsageFeed {
  /** The file or folder read, as configured. */
  path: string;
  index: UsageIndex;
  /** What has been read so far: "never used" only ever means "not between window.from and window.to". */
  window(): UsageWindow;
  /** The first lines that were not events, by file and line. */
  problems: LogProblem[];
  /** Why the log cannot be read now (a missing file), said on the page, never thrown. */
  error?: string;
  failedAt?: number;
  /** The log's first read is done (before it, every count is partial and says so). */
  read: boolean;
}

export type UsageState = { feed: UsageFeed } | { none: string };

interface State {
  feed?: UsageFeed;
  none?: string;
  tail?: AuditTail;
}

/** How long a request waits for the first read of the log (after it, what is read so far is shown). */
const FIRST_READ_WAIT_MS = 5_000;

// One per process, shared by every bundle that includes this module (as lib/web/current.ts).
const STATE = Symbol.for('rbac-atlas.usage');
const state: State = ((globalThis as { [STATE]?: State })[STATE] ??= {});

/** The log to read: the environment's, else the demo's when the source is the demo, else none. */
export function auditLogPath(
  vars: NodeJS.ProcessEnv = process.env,
  demo = chosenSpec().kind === 'demo',
  root = process.cwd(),
): string | undefined {
  const given = vars[AUDIT_LOG_ENV]?.trim();
  if (given) return path.resolve(root, given);
  const bundled = path.join(root, DEMO_AUDIT_LOG);
  return demo && existsSync(bundled) ? bundled : undefined;
}

/**
 * Follow the log (lib/k8s/audit's tail: what is there, then growth and rotation, polled), each batch
 * into the index; the reader's counts (lines, problems, files) go with it, so the index's version
 * moves whenever the window does.
 */
function startFeed(file: string): UsageFeed {
  const index = createUsageIndex();
  const problems: LogProblem[] = [];
  const feed: UsageFeed = { path: file, index, problems, read: false, window: () => tail.window() };
  const noteRead = () => {
    const { lines, problems: count, files } = tail.window();
    index.noteRead({ lines, problems: count, files });
  };
  const tail = tailAuditLog(file, {
    onRequests: (batch) => {
      index.add(batch);
      noteRead();
    },
    onProblem: (p) => {
      if (problems.length < PROBLEMS_KEPT) problems.push(p);
    },
  });
  tail.ready.then(
    () => {
      feed.read = true;
      noteRead();
    },
    (e: unknown) => {
      feed.error = e instanceof Error ? e.message : String(e);
      feed.failedAt = Date.now();
    },
  );
  state.tail = tail;
  return feed;
}

/** The process's usage feed, started on first ask (as the live source is), or why there is none. */
export function usageState(): UsageState {
  const { feed } = state;
  if (feed?.failedAt !== undefined && Date.now() - feed.failedAt > RETRY_MS) {
    void state.tail?.stop();
    state.feed = undefined;
  }
  if (state.feed) return { feed: state.feed };
  if (state.none !== undefined) return { none: state.none };
  const file = auditLogPath();
  if (!file) {
    state.none = `No audit log is configured: set ${AUDIT_LOG_ENV} to the API server's audit log (a file or a folder).`;
    return { none: state.none };
  }
  state.feed = startFeed(file);
  return { feed: state.feed };
}

/**
 * usageState once the log's first read is done (or FIRST_READ_WAIT_MS passed, then what is read so
 * far): the first page after a start shows the log, not an empty window.
 */
export async function readyUsageState(): Promise<UsageState> {
  const first = usageState();
  const ready = state.tail?.ready.catch(() => undefined);
  if ('feed' in first && ready) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((r) => (timer = setTimeout(r, FIRST_READ_WAIT_MS)));
    await Promise.race([ready, waited]);
    clearTimeout(timer);
  }
  return usageState();
}
