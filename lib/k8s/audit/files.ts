// Which files a set of audit log paths names, oldest first. kube-apiserver rotates its log with
// lumberjack (gopkg.in/natefinch/lumberjack.v2, --audit-log-maxsize/-maxbackup/-compress): the live
// file keeps its name (audit.log) and each rotated copy is renamed with the time of rotation,
// `audit-2026-12-05T21-14-47.123.log` (UTC, layout "2006-01-02T15-04-05.000"), `.gz` when
// compressed. Rotated copies are read in the order of that time, live files last.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A path that cannot be read as a log: the caller's input is wrong (the CLI exits 2). */
export class AuditLogPathError extends Error {}

export interface AuditLogFile {
  /** The path as read ("-" for standard input). */
  name: string;
  gz: boolean;
  /** The rotation time in the name, when it has one ("2026-12-05T21-14-47.123"). */
  rotated?: string;
}

const ROTATED = /-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3})(?=\.|$)/;

export function auditLogFile(name: string): AuditLogFile {
  const base = path.basename(name);
  const rotated = ROTATED.exec(base)?.[1];
  return { name, gz: base.endsWith('.gz'), ...(rotated && { rotated }) };
}

/** Oldest first: rotated copies by their time (then name), then the rest as given (stable). */
export function oldestFirst(files: AuditLogFile[]): AuditLogFile[] {
  const rotated = files.filter((f) => f.rotated !== undefined);
  rotated.sort((a, b) => (a.rotated! < b.rotated! ? -1 : a.rotated! > b.rotated! ? 1 : a.name < b.name ? -1 : 1));
  return [...rotated, ...files.filter((f) => f.rotated === undefined)];
}

/** A folder's regular files (not its subfolders), each a log: a file that is not one says so line by line. */
async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.join(dir, e.name))
    .sort();
}

async function expand(p: string): Promise<string[]> {
  if (p === '-') return [p];
  let info;
  try {
    info = await stat(p);
  } catch (err) {
    throw new AuditLogPathError(
      `${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`,
    );
  }
  if (info.isDirectory()) return folderFiles(p); // symbolic links to folders drop out at fileIdentity
  if (!info.isFile()) throw new AuditLogPathError(`${p}: not a file or folder`);
  return [p];
}

/**
 * The files `paths` name (files, folders, "-" for standard input), oldest first; a file named twice
 * (itself and in its folder, or by two names) is read once.
 */
export async function auditLogFiles(paths: readonly string[]): Promise<AuditLogFile[]> {
  const seen = new Set<string>();
  const files: AuditLogFile[] = [];
  for (const p of paths) {
    for (const f of await expand(p)) {
      const id = f === '-' ? '-' : await fileIdentity(f);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      files.push(auditLogFile(f));
    }
  }
  return oldestFirst(files);
}

/** The file behind a name (device and inode, through links); undefined for a dangling link or a folder. */
async function fileIdentity(f: string): Promise<string | undefined> {
  try {
    const s = await stat(await realpath(f));
    return s.isFile() ? `${s.dev}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}
