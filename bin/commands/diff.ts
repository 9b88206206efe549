import { readSnapshotObjects, SnapshotError } from '@/lib/k8s/files/snapshot';
import { whatIf } from '@/lib/k8s/kinds/what-if';
import { createEngine, diff, objectKey, type ClusterModel, type MissingKind, type RbacObjectRef } from '@/lib/rbac';
import {
  diffJson,
  diffMarkdown,
  diffSarif,
  bothComplete,
  diffText,
  FAIL_ON,
  failsOn,
  type DiffMeta,
  type FailOn,
} from '@/lib/reports/diff-report';
import { UsageError } from '../errors';
import { exitFor, loadFromFlags, reportIssues, type SourceFlags } from '../load';
import type { Output } from '../output';

export interface DiffFlags {
  from?: string;
  to?: string;
  apply?: string[];
  delete?: string[];
  output?: string;
  failOn?: string;
  kubeconfig?: string;
  lenient?: boolean;
  allowIncomplete?: boolean;
  kubeVersion?: string;
}

const FORMATS = ['table', 'json', 'markdown', 'sarif'];

/** SOURCE: `demo`, `context:NAME` (a kubeconfig context), else a snapshot file or folder. */
function sourceFlags(flag: string, source: string, flags: DiffFlags): SourceFlags {
  const common = { ...(flags.lenient && { lenient: true }), ...(flags.allowIncomplete && { allowIncomplete: true }) };
  const version = flags.kubeVersion === undefined ? {} : { kubeVersion: flags.kubeVersion };
  if (source === 'demo') return { demo: true, ...common, ...version };
  if (source.startsWith('context:')) {
    const context = source.slice('context:'.length);
    if (context === '') throw new UsageError(`${flag} context: needs a context name, e.g. context:prod`);
    return { context, ...(flags.kubeconfig && { kubeconfig: flags.kubeconfig }), ...common };
  }
  return { snapshot: source, ...common, ...version };
}

/**
 * Manifests to apply or delete: every problem named; any error stops (a change that cannot be read
 * is not reviewed), unless --lenient: then what did not read is missing in the after state.
 */
async function readManifests(flag: string, files: readonly string[], flags: DiffFlags, warn: (l: string) => void) {
  const objects = [];
  const notRead: MissingKind[] = [];
  for (const file of files) {
    let read;
    try {
      read = await readSnapshotObjects(file);
    } catch (e) {
      if (e instanceof SnapshotError) throw new UsageError(`${flag} ${file}: no such file or folder`);
      throw e;
    }
    reportIssues(
      read,
      { strict: !flags.lenient, where: `${flag} ${file}`, note: "A workload's pods are not part of the after state." },
      warn,
    );
    objects.push(...read.objects);
    notRead.push(...read.notRead);
  }
  return { objects, notRead };
}

interface After {
  model: ClusterModel;
  description: string;
  notes: string[];
  origin?: (ref: RbacObjectRef) => string | undefined;
}

async function afterState(
  before: ClusterModel,
  beforeDescription: string,
  beforeFromFiles: boolean,
  flags: DiffFlags,
  warn: (l: string) => void,
): Promise<After> {
  if (flags.to !== undefined) {
    const to = await loadFromFlags(sourceFlags('--to', flags.to, flags), warn);
    return { model: to.model, description: to.description, notes: [] };
  }
  const applied = await readManifests('--apply', flags.apply ?? [], flags, warn);
  const deleted = await readManifests('--delete', flags.delete ?? [], flags, warn);
  const w = whatIf(before, applied.objects, deleted.objects, { keepStored: beforeFromFiles });
  const notRead = [...applied.notRead, ...deleted.notRead];
  if (notRead.length > 0) w.model.missing = [...(w.model.missing ?? []), ...notRead];
  const files = [...(flags.apply ?? []), ...(flags.delete ?? [])].length;
  return {
    model: w.model,
    description: `${beforeDescription} with ${files} manifest path(s) ${flags.apply?.length ? 'applied' : 'deleted'}${flags.apply?.length && flags.delete?.length ? ' and deleted' : ''}`,
    notes: w.notes.map((n) => `${n.file}: ${n.object}: ${n.message}`),
    origin: (ref) => w.origins.get(objectKey(ref)),
  };
}

export async function runDiff(flags: DiffFlags, out: Output, version: string): Promise<number> {
  const format = flags.output ?? 'table';
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const failOn = flags.failOn as FailOn | undefined;
  if (failOn !== undefined && !FAIL_ON.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got "${flags.failOn}"`);
  if (!flags.from) throw new UsageError('--from SOURCE is required (a snapshot file or folder, demo, or context:NAME)');
  const changes = (flags.apply?.length ?? 0) + (flags.delete?.length ?? 0);
  if ((flags.to !== undefined) === changes > 0)
    throw new UsageError('give --to SOURCE, or --apply/--delete FILE... (the change to review), not both');

  const from = await loadFromFlags(sourceFlags('--from', flags.from, flags), out.err);
  // Files keep aggregated ClusterRoles' stored rules (RBAC only grants); a live cluster is as its controller leaves it.
  const fromFiles = from.spec.kind === 'snapshot' || from.spec.kind === 'demo';
  const after = await afterState(from.model, from.description, fromFiles, flags, out.err);
  const before = createEngine(from.model);
  const now = createEngine(after.model);
  const result = diff(before, now, { paths: true });
  const meta: DiffMeta = {
    from: from.description,
    to: after.description,
    completeness: bothComplete(before.completeness('paths'), now.completeness('paths')),
    notes: after.notes,
  };
  for (const note of meta.notes) out.err(`note: ${note}`);

  if (format === 'json') out.out(JSON.stringify(diffJson(result, meta), null, 2));
  else if (format === 'markdown') out.out(diffMarkdown(result, meta).trimEnd());
  else if (format === 'sarif') {
    const uri = flags.to ?? flags.apply?.[0] ?? flags.delete?.[0] ?? flags.from;
    out.out(
      JSON.stringify(
        diffSarif(result, { ...meta, version, uri, ...(after.origin && { origin: after.origin }) }),
        null,
        2,
      ),
    );
  } else out.out(diffText(result, meta).join('\n'));

  const failing = failOn !== undefined && failsOn(result, failOn);
  if (failing) out.err(`The change meets --fail-on ${failOn}.`);
  return exitFor(
    failing ? 1 : 0,
    meta.completeness,
    { ...(flags.allowIncomplete && { allowIncomplete: true }) },
    out.err,
  );
}
