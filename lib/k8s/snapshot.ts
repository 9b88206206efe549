// Reads snapshot files (a file, or a folder of .yaml/.yml/.json files) into the engine's model.
// Every problem is reported with its file, document and object; the caller decides whether a
// problem stops the load (strict) or the rest still loads (lenient).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterModel } from '@/lib/rbac';
import { splitObjects } from './documents';
import type { SourceIssue } from './issues';
import { buildModel, type Located } from './model-builder';
import type { ParsedObject } from './objects';
import { parseRawObjects } from './parse-objects';

export interface Snapshot {
  model: ClusterModel;
  issues: SourceIssue[];
  /** Objects of other kinds, counted by kind (Secrets among them are never kept). */
  skippedKinds: Record<string, number>;
  files: string[];
  /** Files in a folder that are not .yaml, .yml or .json. */
  skippedFiles: string[];
}

export class SnapshotError extends Error {}

const SNAPSHOT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

async function listFiles(root: string): Promise<{ files: string[]; skipped: string[] }> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new SnapshotError(`snapshot not found: ${root}`);
  }
  if (!info.isDirectory()) return { files: [root], skipped: [] };
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const full = path.join(e.parentPath, e.name);
    (SNAPSHOT_EXTENSIONS.has(path.extname(e.name)) ? files : skipped).push(full);
  }
  return { files: files.sort(), skipped: skipped.sort() };
}

/** Parses one file's text; exported for sources that already hold the text (tests, the bundled demo). */
export function parseSnapshotText(file: string, text: string) {
  const { objects, issues } = splitObjects(file, text);
  const parsed = parseRawObjects(file, objects);
  return {
    parsed: parsed.parsed,
    issues: sortIssues([...issues, ...parsed.issues]),
    skippedKinds: parsed.skippedKinds,
  };
}

function sortIssues(issues: SourceIssue[]): SourceIssue[] {
  return issues.sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.item ?? -1) - (b.item ?? -1));
}

export async function readSnapshot(target: string): Promise<Snapshot> {
  const { files, skipped } = await listFiles(target);
  const all: Located<ParsedObject>[] = [];
  const issues: SourceIssue[] = [];
  const skippedKinds: Record<string, number> = {};
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      issues.push({
        file,
        severity: 'error',
        message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      });
      continue;
    }
    const one = parseSnapshotText(file, text);
    all.push(...one.parsed);
    issues.push(...one.issues);
    for (const [k, n] of Object.entries(one.skippedKinds)) skippedKinds[k] = (skippedKinds[k] ?? 0) + n;
  }
  if (files.length === 0)
    issues.push({ file: target, severity: 'error', message: 'no .yaml, .yml or .json files found' });
  const built = buildModel(all);
  return { model: built.model, issues: [...issues, ...built.issues], skippedKinds, files, skippedFiles: skipped };
}
