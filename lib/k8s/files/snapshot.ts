// Reads snapshot files (a file, or a folder of .yaml/.yml/.json files) into the engine's model.
// Every problem is reported with its file, document and object; the caller decides whether a
// problem stops the load (strict) or the rest still loads (lenient).
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterModel, MissingKind } from '@/lib/rbac';
import { ClusterError } from '../cluster-error';
import {
  flatten,
  isRecord,
  jsonErrorMessage,
  listItemDefaults,
  listNotRead,
  splitObjects,
  type RawObject,
  type RecordedKubernetes,
} from './documents';
import { scanJsonItems } from './json-items';
import { missingFromIssues, type SourceIssue } from '../issues';
import { buildModel, type Located } from '../kinds/model-builder';
import type { ParsedObject } from '../kinds/objects';
import { parseRawObjects } from './parse-objects';

export interface Snapshot {
  model: ClusterModel;
  issues: SourceIssue[];
  /** Objects of other kinds, counted by kind (Secrets among them are never kept). */
  skippedKinds: Record<string, number>;
  files: string[];
  /** Files in a folder that are not .yaml, .yml or .json. */
  skippedFiles: string[];
  /** The live server's version `rbac-atlas snapshot` recorded (the last file's, when several do). */
  kubernetes?: RecordedKubernetes;
}

/** The snapshot path itself cannot be read (a problem inside a file is that file's issue). */
export class SnapshotError extends ClusterError {}

const SNAPSHOT_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

interface Listing {
  files: string[];
  /** Files that are not .yaml, .yml or .json. */
  skipped: string[];
  /** Folders that could not be read, broken links, link loops: each one named, the rest still read. */
  issues: SourceIssue[];
}

async function listFiles(root: string): Promise<Listing> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new SnapshotError(`snapshot not found: ${root}`);
  }
  const listing: Listing = { files: [], skipped: [], issues: [] };
  if (!info.isDirectory()) listing.files.push(root);
  else await walk(root, new Set([await realpath(root)]), listing);
  listing.files.sort();
  listing.skipped.sort();
  return listing;
}

/** An error's code or name, never its message: that may quote the file. */
const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).name;

/** A folder, depth first; symbolic links are followed (to files and folders), each folder once. */
async function walk(dir: string, seen: Set<string>, listing: Listing): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    return void listing.issues.push({
      file: dir,
      severity: 'error',
      message: `folder cannot be read (${code(e)}); skipped`,
    });
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let target: { isFile(): boolean; isDirectory(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        target = await stat(full);
      } catch (e) {
        // A link named like a snapshot file stood for one: what it held was not read (an error, so
        // its kinds are missing); any other broken link is only named.
        const severity = SNAPSHOT_EXTENSIONS.has(path.extname(entry.name)) ? 'error' : 'warning';
        listing.issues.push({ file: full, severity, message: `broken symbolic link (${code(e)}); skipped` });
        continue;
      }
    }
    if (target.isDirectory()) {
      const real = await realpath(full).catch(() => full);
      if (seen.has(real)) {
        listing.issues.push({
          file: full,
          severity: 'warning',
          message: 'symbolic link loop (a folder already read); skipped',
        });
        continue;
      }
      seen.add(real);
      await walk(full, seen, listing);
    } else if (target.isFile()) {
      (SNAPSHOT_EXTENSIONS.has(path.extname(entry.name)) ? listing.files : listing.skipped).push(full);
    }
  }
}

/** Parses one file's text; exported for sources that already hold the text (tests, the bundled demo). */
export function parseSnapshotText(file: string, text: string) {
  const { objects, issues, notRead, kubernetes } = splitObjects(file, text);
  const parsed = parseRawObjects(file, objects);
  return {
    parsed: parsed.parsed,
    issues: sortIssues([...issues, ...parsed.issues]),
    skippedKinds: parsed.skippedKinds,
    notRead,
    ...(kubernetes && { kubernetes }),
  };
}

type FileResult = Omit<ReturnType<typeof parseSnapshotText>, 'kubernetes'> & { kubernetes?: RecordedKubernetes };

/** Objects validated per call while a large file streams in: few, so raw objects die young (never promoted). */
const BATCH = 16;

/**
 * A JSON file read as a stream: each item of a List is parsed and reduced to the model's fields as
 * it arrives, so memory holds the model, not the file. Items without a kind wait for the List's
 * own kind (a typed list such as RoleBindingList names it after its items in kubectl's output).
 */
async function readJsonFile(file: string): Promise<FileResult> {
  const result: FileResult = { parsed: [], issues: [], skippedKinds: {}, notRead: [] };
  let batch: RawObject[] = [];
  const kindless: RawObject[] = [];
  const flush = () => {
    const one = parseRawObjects(file, batch);
    for (const o of one.parsed) result.parsed.push(o);
    for (const i of one.issues) result.issues.push(i);
    for (const [k, n] of Object.entries(one.skippedKinds)) result.skippedKinds[k] = (result.skippedKinds[k] ?? 0) + n;
    batch = [];
  };
  const fail = (item: number, message: string) =>
    result.issues.push({ file, document: 1, item, severity: 'error', message });
  const scan = await scanJsonItems(file, (item) => {
    if ('notAnObject' in item) return fail(item.index, 'expected a Kubernetes object');
    let raw: unknown;
    try {
      raw = JSON.parse(item.text);
    } catch (e) {
      return fail(item.index, jsonErrorMessage(e));
    }
    if (!isRecord(raw)) return fail(item.index, 'expected a Kubernetes object');
    if (typeof raw.kind !== 'string') return void kindless.push({ raw, document: 1, item: item.index });
    flatten(raw, { file, document: 1, item: item.index }, batch, result.issues);
    if (batch.length >= BATCH) flush();
  });
  flush();
  if (!scan.streamed) return parseSnapshotText(file, scan.rest);
  let list: unknown;
  try {
    list = JSON.parse(scan.rest);
  } catch (e) {
    result.issues.push({ file, document: 1, severity: 'error', message: jsonErrorMessage(e) });
  }
  const defaults = isRecord(list) ? listItemDefaults(list) : {};
  if (isRecord(list)) {
    const listed = listNotRead(list, file, 1);
    result.notRead.push(...listed.notRead);
    result.issues.push(...listed.issues);
    if (listed.kubernetes) result.kubernetes = listed.kubernetes;
  }
  batch = kindless.map((o) => ({ ...o, raw: { ...defaults, ...o.raw } }));
  flush();
  result.issues = sortIssues(result.issues);
  return result;
}

async function readSnapshotFile(file: string): Promise<FileResult> {
  if (file.endsWith('.json')) return readJsonFile(file);
  return parseSnapshotText(file, await readFile(file, 'utf8'));
}

function sortIssues(issues: SourceIssue[]): SourceIssue[] {
  return issues.sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.item ?? -1) - (b.item ?? -1));
}

/** Every object of a snapshot (or of manifests) with the file it came from, before it becomes a model. */
export interface SnapshotObjects extends Omit<Snapshot, 'model'> {
  objects: Located<ParsedObject>[];
  /** Kinds a not-read annotation names, and those the errors may hide (missingFromIssues). */
  notRead: MissingKind[];
}

export async function readSnapshotObjects(target: string): Promise<SnapshotObjects> {
  const { files, skipped, issues: listingIssues } = await listFiles(target);
  const all: Located<ParsedObject>[] = [];
  const issues: SourceIssue[] = [...listingIssues];
  const skippedKinds: Record<string, number> = {};
  const notRead: MissingKind[] = [];
  let kubernetes: RecordedKubernetes | undefined;
  for (const file of files) {
    let one: FileResult;
    try {
      one = await readSnapshotFile(file);
    } catch (e) {
      issues.push({
        file,
        severity: 'error',
        message: `file cannot be read (${code(e)}); skipped`,
      });
      continue;
    }
    // One by one: a spread of 250,000 arguments overflows the call stack.
    for (const o of one.parsed) all.push(o);
    for (const i of one.issues) issues.push(i);
    notRead.push(...one.notRead);
    kubernetes = one.kubernetes ?? kubernetes;
    for (const [k, n] of Object.entries(one.skippedKinds)) skippedKinds[k] = (skippedKinds[k] ?? 0) + n;
  }
  if (files.length === 0)
    issues.push({ file: target, severity: 'error', message: 'no .yaml, .yml or .json files found' });
  // What did not read may have held grants: answers that depend on it are incomplete, never "no".
  notRead.push(...missingFromIssues(issues));
  return {
    objects: all,
    issues,
    skippedKinds,
    files,
    skippedFiles: skipped,
    notRead,
    ...(kubernetes && { kubernetes }),
  };
}

export async function readSnapshot(target: string): Promise<Snapshot> {
  const { objects, notRead, issues, ...rest } = await readSnapshotObjects(target);
  const built = buildModel(objects, notRead);
  return { model: built.model, issues: [...issues, ...built.issues], ...rest };
}
