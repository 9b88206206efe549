// A change review of text the reader holds (pasted or uploaded, never a path on the server): manifests
// applied to and deleted from the current source, as `kubectl apply -f` / `kubectl delete -f` would
// (lib/k8s/kinds/what-if.ts), or two snapshots compared. What does not read is named (file, document,
// line) and left out; the rest is still reviewed, and the answers it could change are marked
// incomplete, as `rbac-atlas diff --lenient` does. The same review the CLI's `diff -o json` prints,
// plus the problems and the command that gives it. Shared by POST /api/what-if and the fixes (a fix's
// effect is the review of its YAML). Nothing is written or kept.
import { documentLines } from '@/lib/k8s/files/document-lines';
import { parseSnapshotText } from '@/lib/k8s/files/snapshot';
import { formatIssue, missingFromIssues, type SourceIssue } from '@/lib/k8s/issues';
import { buildModel, type Located } from '@/lib/k8s/kinds/model-builder';
import type { ParsedObject } from '@/lib/k8s/kinds/objects';
import { whatIf } from '@/lib/k8s/kinds/what-if';
import { createEngine, diff, type ClusterModel, type Engine, type MissingKind, type RbacDiff } from '@/lib/rbac';
import { bothComplete, diffJson, type DiffMeta } from '@/lib/reports/diff-report';

/** A manifest or snapshot as the reader gave it: a name (shown, never opened) and its text. */
export interface TextFile {
  name: string;
  text: string;
}

/** What a review compares against: the current source, as the server reads it. */
export interface ReviewBase {
  model: ClusterModel;
  engine: Engine;
  description: string;
  /** Read from files (a snapshot, the demo): aggregated ClusterRoles keep their stored rules (what-if.ts). */
  fromFiles: boolean;
  /** How the CLI names this source: `demo`, a snapshot path, `context:NAME`. */
  cliSource: string;
}

/** A problem in the input, where it is: file, document, the line the document starts at (or the error is). */
export interface InputIssue extends SourceIssue {
  line?: number;
  text: string;
}

export interface WhatIfReview {
  diff: RbacDiff;
  meta: DiffMeta;
  issues: InputIssue[];
  /** Something did not read: the review is of the rest. */
  partial: boolean;
  /** The CLI command that gives the same review from the same files. */
  command: string;
}

interface ReadText {
  objects: Located<ParsedObject>[];
  issues: InputIssue[];
  notRead: MissingKind[];
}

/** The line a problem is at: the one its message names (a YAML error), else where its document starts. */
function located(issue: SourceIssue, starts: readonly number[]): InputIssue {
  const named = /at line (\d+)/.exec(issue.message);
  if (named) return { ...issue, line: Number(named[1]), text: formatIssue(issue) };
  const line = issue.document === undefined ? undefined : starts[issue.document - 1];
  if (line === undefined) return { ...issue, text: formatIssue(issue) };
  return { ...issue, line, text: `${formatIssue(issue)} (document ${issue.document} starts at line ${line})` };
}

/** Texts read as the CLI reads files: every problem named, what did not read missing (missingFromIssues). */
export function readTexts(files: readonly TextFile[]): ReadText {
  const out: ReadText = { objects: [], issues: [], notRead: [] };
  for (const file of files) {
    const read = parseSnapshotText(file.name, file.text);
    const starts = read.issues.length > 0 ? documentLines(file.name, file.text) : [];
    for (const o of read.parsed) out.objects.push(o);
    out.issues.push(...read.issues.map((i) => located(i, starts)));
    out.notRead.push(...read.notRead, ...missingFromIssues(read.issues));
  }
  return out;
}

/** A word the shell reads as itself: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w./:@=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function reviewOf(before: Engine, after: Engine, meta: Omit<DiffMeta, 'completeness'>, read: ReadText, cli: string[]) {
  const partial = read.issues.some((i) => i.severity === 'error');
  const completeness = bothComplete(before.completeness('paths'), after.completeness('paths'));
  // The CLI stops at an error unless --lenient: the same review needs it.
  const command = ['rbac-atlas', 'diff', ...cli, ...(partial ? ['--lenient'] : [])].map(shellWord).join(' ');
  const d = diff(before, after, { paths: true });
  return { diff: d, meta: { ...meta, completeness }, issues: read.issues, partial, command };
}

/** The current source with `apply` applied and `remove` deleted (kubectl apply -f, kubectl delete -f). */
export function manifestsReview(
  base: ReviewBase,
  apply: readonly TextFile[],
  remove: readonly TextFile[],
): WhatIfReview {
  const applied = readTexts(apply);
  const deleted = readTexts(remove);
  const w = whatIf(base.model, applied.objects, deleted.objects, { keepStored: base.fromFiles });
  const notRead = [...applied.notRead, ...deleted.notRead];
  if (notRead.length > 0) w.model.missing = [...(w.model.missing ?? []), ...notRead];
  const read = { ...applied, issues: [...applied.issues, ...deleted.issues], notRead };
  const done = [apply.length > 0 && 'applied', remove.length > 0 && 'deleted'].filter(Boolean).join(' and ');
  const meta = {
    from: base.description,
    to: `${base.description} with ${apply.length + remove.length} manifest(s) ${done || 'applied'}`,
    notes: w.notes.map((n) => `${n.file}: ${n.object}: ${n.message}`),
  };
  const cli = ['--from', base.cliSource, ...apply.flatMap((f) => ['--apply', f.name])];
  cli.push(...remove.flatMap((f) => ['--delete', f.name]));
  return reviewOf(base.engine, createEngine(w.model), meta, read, cli);
}

function snapshotEngine(read: ReadText): Engine {
  const built = buildModel(read.objects, read.notRead);
  read.issues.push(...built.issues.map((i) => ({ ...i, text: formatIssue(i) })));
  return createEngine(built.model);
}

/** Two snapshots the reader holds, compared (`rbac-atlas diff --from A --to B`). */
export function snapshotsReview(before: TextFile, after: TextFile): WhatIfReview {
  const was = readTexts([before]);
  const now = readTexts([after]);
  const engines = [snapshotEngine(was), snapshotEngine(now)] as const;
  const read = { objects: [], issues: [...was.issues, ...now.issues], notRead: [] };
  const meta = { from: `snapshot ${before.name}`, to: `snapshot ${after.name}`, notes: [] };
  return reviewOf(engines[0], engines[1], meta, read, ['--from', before.name, '--to', after.name]);
}

/** The review as JSON: `rbac-atlas diff -o json`'s answer, with the input's problems and the command. */
export function whatIfJson(review: WhatIfReview) {
  return {
    ...diffJson(review.diff, review.meta),
    partial: review.partial,
    issues: review.issues,
    command: review.command,
  };
}

export type WhatIfJson = ReturnType<typeof whatIfJson>;
