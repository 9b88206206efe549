// Loads the source the CLI's flags name and reports problems on stderr, once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, formatSkippedKinds, type SourceIssue } from '@/lib/k8s/issues';
import { DEFAULT_KUBE_VERSION, parseKubeVersion, versionWarnings, type Completeness } from '@/lib/rbac';
import { SnapshotError } from '@/lib/k8s/files/snapshot';
import {
  ClusterError,
  DEMO_SNAPSHOT,
  kubeconfigExists,
  loadSource,
  type LoadedSource,
  type SourceSpec,
} from '@/lib/k8s/source';
import {
  parseRequest,
  type DiscoveredTypes,
  type ParsedRequest,
  type RequestArgs,
} from '@/lib/rbac/model/request-parse';
import { UsageError } from './errors';
import type { Output } from './output';
import { reportResolution } from './scope';

/** The folder that holds the bundled demo: above bin/ when run from source, above dist/cli/ when bundled. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, DEMO_SNAPSHOT)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export interface SourceFlags {
  snapshot?: string;
  demo?: boolean;
  lenient?: boolean;
  kubeconfig?: string;
  context?: string;
  allowIncomplete?: boolean;
  /** The Kubernetes version a snapshot or the demo is answered as ("1.35"). */
  kubeVersion?: string;
}

/** Exit code of an answer computed without some kinds, unless --allow-incomplete. */
export const EXIT_INCOMPLETE = 3;

/**
 * An incomplete answer is never silent: the warning names each kind missing and why, and the exit
 * code becomes 3 (a script must not read a "no" it cannot trust as a no).
 */
export function exitFor(code: number, completeness: Completeness, flags: SourceFlags, warn: (line: string) => void) {
  if (completeness.complete) return code;
  warn('Warning: this answer is incomplete; RBAC only grants, so what was not read can only add to it:');
  for (const m of completeness.missing) warn(`  ${m.kind}: ${m.reason}`);
  return flags.allowIncomplete ? code : EXIT_INCOMPLETE;
}

/** --kube-version as the source spec takes it, or a usage error naming what was wrong. */
function kubeVersionFlag(flags: SourceFlags): { kubeVersion?: number } {
  if (flags.kubeVersion === undefined) return {};
  const parsed = parseKubeVersion(flags.kubeVersion);
  if ('error' in parsed) throw new UsageError(`--kube-version: ${parsed.error}`);
  return { kubeVersion: parsed.minor };
}

/** --snapshot, --demo, or (like kubectl) the kubeconfig: --kubeconfig, else KUBECONFIG or ~/.kube/config. */
export function specFromFlags(flags: SourceFlags): SourceSpec {
  const chosen = [flags.snapshot && '--snapshot', flags.demo && '--demo', flags.kubeconfig && '--kubeconfig'].filter(
    Boolean,
  );
  if (chosen.length > 1) throw new UsageError(`use only one of ${chosen.join(', ')}`);
  if (flags.context && (flags.snapshot || flags.demo))
    throw new UsageError('--context goes with a kubeconfig, not --snapshot or --demo');
  const version = kubeVersionFlag(flags);
  if (flags.snapshot) return { kind: 'snapshot', path: flags.snapshot, ...version };
  if (flags.demo) return { kind: 'demo', ...version };
  if (flags.kubeVersion !== undefined)
    throw new UsageError(
      '--kube-version goes with --snapshot or --demo: a live cluster is answered as its own version',
    );
  if (!flags.kubeconfig && !kubeconfigExists(process.env)) {
    throw new UsageError(
      'no data: no kubeconfig found (KUBECONFIG or ~/.kube/config); pass --kubeconfig, --snapshot PATH or --demo',
    );
  }
  return {
    kind: 'kubeconfig',
    ...(flags.kubeconfig && { path: flags.kubeconfig }),
    ...(flags.context && { context: flags.context }),
  };
}

export async function loadFromFlags(flags: SourceFlags, warn: (line: string) => void): Promise<LoadedSource> {
  let source: LoadedSource;
  try {
    source = await loadSource(specFromFlags(flags), projectRoot());
  } catch (e) {
    if (e instanceof SnapshotError || e instanceof ClusterError) throw new UsageError(e.message);
    throw e;
  }
  const live = source.spec.kind === 'kubeconfig' || source.spec.kind === 'in-cluster';
  // A kind the credentials may not list is reported and the rest answered: the cluster is as it is.
  reportIssues(source, { strict: !flags.lenient && !live, where: 'the snapshot' }, warn);
  return source;
}

/**
 * Every problem a read met, on stderr: when strict, any error stops with all of them listed (exit
 * 2); otherwise errors are "skipped" and the rest loads. Kinds not read are noted, with `note`.
 */
export function reportIssues(
  read: { issues: readonly SourceIssue[]; skippedKinds: Readonly<Record<string, number>> },
  how: { strict: boolean; where: string; note?: string },
  warn: (line: string) => void,
): void {
  const errors = read.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && how.strict) {
    for (const issue of errors) warn(`error: ${formatIssue(issue)}`);
    throw new UsageError(`${errors.length} problem(s) in ${how.where}; fix them, or pass --lenient to load the rest`);
  }
  for (const issue of read.issues) warn(`${issue.severity === 'error' ? 'skipped' : 'warning'}: ${formatIssue(issue)}`);
  const skipped = formatSkippedKinds(read.skippedKinds);
  if (skipped) warn(`note: ${skipped}${how.note ? ` ${how.note}` : ''}`);
}

/**
 * The request a command's arguments ask, and the source it is answered from. A snapshot or the
 * demo has only the built-in table, so the arguments are checked before anything is read; a live
 * cluster is read first, so that its discovery resolves its own types (a custom resource's
 * singular, short name or kind) as kubectl does.
 */
export async function requestAndSource(
  args: RequestArgs,
  flags: SourceFlags,
  out: Pick<Output, 'err'>,
): Promise<{ parsed: Extract<ParsedRequest, { ok: true }>; source: LoadedSource }> {
  const spec = specFromFlags(flags);
  const live = spec.kind === 'kubeconfig' || spec.kind === 'in-cluster';
  const check = (discovered?: DiscoveredTypes) => {
    const parsed = parseRequest(args, discovered);
    if (!parsed.ok) throw new UsageError(parsed.error);
    reportResolution(parsed, out);
    return parsed;
  };
  const parsed = live ? undefined : check();
  const source = await loadFromFlags(flags, out.err);
  const answered = parsed ?? check(source.cluster?.resourceTypes);
  // What the version read says of the verb (constrained impersonation where it is not checked).
  const more = versionWarnings(answered.request, source.model.kubernetes ?? DEFAULT_KUBE_VERSION);
  for (const w of more) out.err(`Warning: ${w}`);
  return { parsed: { ...answered, warnings: [...answered.warnings, ...more] }, source };
}
