// Reads snapshot files (a file, or a folder of .yaml/.yml/.json files) into the engine's model.
// Every problem is reported with its file, document and object; the caller decides whether a
// problem stops the load (strict) or the rest still loads (lenient).
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterModel, MissingKind } from '@/lib/rbac';
import { ClusterError } from '../cluster-error';
import {
  flatten,
  isList,
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
import { ModelStream, type Located } from '../kinds/model-builder';
import type { ParsedObject } from '../kinds/objects';
import { parseRawObject, parseRawObjects, type ObjectSink } from './parse-objects';

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

/** What a file gave besides its objects (those went to the sink as they were read). */
interface FileResult {
  notRead: MissingKind[];
  kubernetes?: RecordedKubernetes;
}

/**
 * A JSON file read as a stream: each item of a List is parsed, reduced to the model's fields and
 * handed to `sink` as it arrives, so memory holds the model, not the file (nor a list of every
 * object). Items without a kind wait for the List's own kind (a typed list such as RoleBindingList
 * names it after its items in kubectl's output).
 */
async function readJsonFile(file: string, sink: ObjectSink): Promise<FileResult> {
  const kindless: RawObject[] = [];
  const one: RawObject[] = [];
  const fail = (item: number, message: string) =>
    sink.issues.push({ file, document: 1, item, severity: 'error', message });
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
    if (!isList(raw)) return parseRawObject(file, { raw, document: 1, item: item.index }, sink);
    flatten(raw, { file, document: 1, item: item.index }, one, sink.issues);
    for (const o of one) parseRawObject(file, o, sink);
    one.length = 0;
  });
  if (!scan.streamed) return readText(file, scan.rest, sink);
  return readListRest(file, scan.rest, kindless, sink);
}

/** The List around the streamed items: its annotations, and the items that waited for its kind. */
function readListRest(file: string, rest: string, kindless: readonly RawObject[], sink: ObjectSink): FileResult {
  const result: FileResult = { notRead: [] };
  let list: unknown;
  try {
    list = JSON.parse(rest);
  } catch (e) {
    sink.issues.push({ file, document: 1, severity: 'error', message: jsonErrorMessage(e) });
  }
  const defaults = isRecord(list) ? listItemDefaults(list) : {};
  if (isRecord(list)) {
    const listed = listNotRead(list, file, 1);
    result.notRead.push(...listed.notRead);
    sink.issues.push(...listed.issues);
    if (listed.kubernetes) result.kubernetes = listed.kubernetes;
  }
  for (const o of kindless) parseRawObject(file, { ...o, raw: { ...defaults, ...o.raw } }, sink);
  return result;
}

/** A file's whole text (YAML, or JSON without a top-level items array) into `sink`. */
function readText(file: string, text: string, sink: ObjectSink): FileResult {
  const read = parseSnapshotText(file, text);
  for (const o of read.parsed) sink.add(o.value, o.where);
  for (const i of read.issues) sink.issues.push(i);
  for (const [k, n] of Object.entries(read.skippedKinds)) sink.skippedKinds[k] = (sink.skippedKinds[k] ?? 0) + n;
  return { notRead: read.notRead, ...(read.kubernetes && { kubernetes: read.kubernetes }) };
}

/** One file into `add`; its issues sorted as they occur in it, after those of the files before. */
async function readSnapshotFile(file: string, add: ObjectSink['add'], all: Omit<ObjectSink, 'add'>) {
  const sink: ObjectSink = { add, issues: [], skippedKinds: all.skippedKinds };
  const result = file.endsWith('.json')
    ? await readJsonFile(file, sink)
    : readText(file, await readFile(file, 'utf8'), sink);
  for (const i of sortIssues(sink.issues)) all.issues.push(i);
  return result;
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

/** Every file of `target` read into `add`, one object at a time. */
async function readFiles(target: string, add: ObjectSink['add']): Promise<Omit<SnapshotObjects, 'objects'>> {
  const { files, skipped, issues: listingIssues } = await listFiles(target);
  const all: Omit<ObjectSink, 'add'> = { issues: [...listingIssues], skippedKinds: {} };
  const notRead: MissingKind[] = [];
  let kubernetes: RecordedKubernetes | undefined;
  for (const file of files) {
    let one: FileResult;
    try {
      one = await readSnapshotFile(file, add, all);
    } catch (e) {
      all.issues.push({ file, severity: 'error', message: `file cannot be read (${code(e)}); skipped` });
      continue;
    }
    notRead.push(...one.notRead);
    kubernetes = one.kubernetes ?? kubernetes;
  }
  const { issues, skippedKinds } = all;
  if (files.length === 0)
    issues.push({ file: target, severity: 'error', message: 'no .yaml, .yml or .json files found' });
  // What did not read may have held grants: answers that depend on it are incomplete, never "no".
  notRead.push(...missingFromIssues(issues));
  return { issues, skippedKinds, files, skippedFiles: skipped, notRead, ...(kubernetes && { kubernetes }) };
}

export async function readSnapshotObjects(target: string): Promise<SnapshotObjects> {
  const objects: Located<ParsedObject>[] = [];
  const read = await readFiles(target, (value, where) => objects.push({ value, where }));
  return { objects, ...read };
}

/** The model of a snapshot, built as its objects are read (no list of every object is kept). */
export async function readSnapshot(target: string): Promise<Snapshot> {
  const stream = new ModelStream();
  const { notRead, issues, ...rest } = await readFiles(target, (value, where) => stream.add(value, where));
  const built = stream.finish(notRead);
  return { model: built.model, issues: [...issues, ...built.issues], ...rest };
}
