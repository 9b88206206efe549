// The one module that keeps history on disk: the change history's entries and posture points per
// cluster, and the posture of each snapshot file of a folder, in one SQLite file (Node's built-in
// node:sqlite) under RBAC_ATLAS_DATA_DIR. Bounded: entries as the history evicts them, points by
// count, snapshot points by count, oldest out. Never fatal: a directory that cannot be written
// leaves history in memory, and a file that is not a readable store is set aside; both are said
// (`problem`), with the path and the error, on /changes and the overview.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export const STORE_FILE = 'history.sqlite';
/** Posture points kept per cluster. */
export const MAX_POINTS = 1000;
/** Snapshot files whose posture is kept. */
export const MAX_SNAPSHOT_POINTS = 200;

/** Where history is kept: RBAC_ATLAS_DATA_DIR, or the user's state directory. */
export function dataDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dir = env.RBAC_ATLAS_DATA_DIR?.trim();
  if (dir) return dir;
  const state = env.XDG_STATE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.local', 'state');
  return path.join(state, 'rbac-atlas');
}

/** An entry as kept: its id, its size as the history counts it, and its JSON. */
export interface StoredEntry {
  id: number;
  bytes: number;
  value: unknown;
}

export interface HistoryStore {
  /** The store's file. */
  readonly file: string;
  /** Why history is kept in memory only, or what was set aside: said to the user. */
  readonly problem?: string;
  /** Newest first. */
  entries(cluster: string): StoredEntry[];
  addEntry(cluster: string, entry: StoredEntry): void;
  removeEntries(cluster: string, ids: readonly number[]): void;
  /** Oldest first. */
  points(cluster: string): unknown[];
  addPoint(cluster: string, at: string, point: unknown): void;
  snapshotPoint(file: string, size: number, mtime: number): unknown;
  addSnapshotPoint(file: string, size: number, mtime: number, point: unknown): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS entries (cluster TEXT NOT NULL, id INTEGER NOT NULL, bytes INTEGER NOT NULL,
    json TEXT NOT NULL, PRIMARY KEY (cluster, id));
  CREATE TABLE IF NOT EXISTS points (seq INTEGER PRIMARY KEY AUTOINCREMENT, cluster TEXT NOT NULL,
    at TEXT NOT NULL, json TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS points_by_cluster ON points (cluster, at);
  CREATE TABLE IF NOT EXISTS snapshot_points (seq INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL,
    size INTEGER NOT NULL, mtime REAL NOT NULL, json TEXT NOT NULL, UNIQUE (file, size, mtime));`;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Rows whose JSON does not parse are skipped (a half-written row must not stop the rest). */
function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    // busy_timeout first: it must already hold for the statement that switches the journal mode.
    db.exec('PRAGMA busy_timeout = 2000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    db.exec(SCHEMA);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** SQLITE_NOTADB (26) or SQLITE_CORRUPT (11), by the primary result code node:sqlite reports. */
function notADatabase(e: unknown): boolean {
  const code = (e as { errcode?: unknown }).errcode;
  return typeof code === 'number' && ((code & 0xff) === 26 || (code & 0xff) === 11);
}

/** Opens the store, setting aside a file that is not one; undefined (and why) when nothing can be written. */
function openStore(dir: string, file: string): { db?: DatabaseSync; problem?: string } {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    return { problem: `history kept in memory only: cannot write ${dir}: ${message(e)}` };
  }
  try {
    return { db: openDatabase(file) };
  } catch (first) {
    // Only a file that is no database (or a damaged one) is set aside; a lock, a read-only file or a
    // permission keeps it as it is, and history stays in memory until the next start.
    if (!notADatabase(first)) return { problem: `history kept in memory only: cannot open ${file}: ${message(first)}` };
    const aside = `${file}.corrupt-${Date.now()}`;
    try {
      renameSync(file, aside);
      for (const extra of ['-wal', '-shm']) if (existsSync(file + extra)) renameSync(file + extra, aside + extra);
      return {
        db: openDatabase(file),
        problem: `the history store ${file} could not be read (${message(first)}): set aside as ${aside}, history starts again`,
      };
    } catch (e) {
      return { problem: `history kept in memory only: cannot open ${file}: ${message(first)}; ${message(e)}` };
    }
  }
}

/** Keeps what a store would, in memory: the fallback when the directory cannot be written. */
class MemoryStore implements HistoryStore {
  private readonly pointsBy = new Map<string, unknown[]>();
  private readonly snapshots = new Map<string, unknown>();

  constructor(
    readonly file: string,
    readonly problem?: string,
  ) {}

  entries(): StoredEntry[] {
    return [];
  }
  addEntry(): void {}
  removeEntries(): void {}
  points(cluster: string): unknown[] {
    return [...(this.pointsBy.get(cluster) ?? [])];
  }
  addPoint(cluster: string, _at: string, point: unknown): void {
    const list = this.pointsBy.get(cluster) ?? [];
    list.push(point);
    if (list.length > MAX_POINTS) list.shift();
    this.pointsBy.set(cluster, list);
  }
  snapshotPoint(file: string, size: number, mtime: number): unknown {
    return this.snapshots.get(`${file}\0${size}\0${mtime}`);
  }
  addSnapshotPoint(file: string, size: number, mtime: number, point: unknown): void {
    this.snapshots.set(`${file}\0${size}\0${mtime}`, point);
    if (this.snapshots.size > MAX_SNAPSHOT_POINTS) this.snapshots.delete(this.snapshots.keys().next().value!);
  }
}

class SqliteStore implements HistoryStore {
  problem?: string;

  constructor(
    readonly file: string,
    private readonly db: DatabaseSync,
    problem?: string,
  ) {
    if (problem) this.problem = problem;
  }

  /** A write that fails (a full disk, a file made read-only) is said, never thrown: the history goes on in memory. */
  private write(what: () => void): void {
    try {
      what();
    } catch (e) {
      this.problem = `history may not be kept after a restart: cannot write ${this.file}: ${message(e)}`;
    }
  }

  /** A read that fails is said, and answers nothing: the history starts from memory. */
  private read<T>(none: T, what: () => T): T {
    try {
      return what();
    } catch (e) {
      this.problem = `history kept in memory only: cannot read ${this.file}: ${message(e)}`;
      return none;
    }
  }

  entries(cluster: string): StoredEntry[] {
    return this.read([], () => this.readEntries(cluster));
  }

  private readEntries(cluster: string): StoredEntry[] {
    const rows = this.db
      .prepare('SELECT id, bytes, json FROM entries WHERE cluster = ? ORDER BY id DESC')
      .all(cluster) as { id: number; bytes: number; json: string }[];
    return rows.flatMap((r) => {
      const value = parsed(r.json);
      return value === undefined ? [] : [{ id: Number(r.id), bytes: Number(r.bytes), value }];
    });
  }

  addEntry(cluster: string, entry: StoredEntry): void {
    this.write(() =>
      this.db
        .prepare('INSERT OR REPLACE INTO entries (cluster, id, bytes, json) VALUES (?, ?, ?, ?)')
        .run(cluster, entry.id, entry.bytes, JSON.stringify(entry.value)),
    );
  }

  removeEntries(cluster: string, ids: readonly number[]): void {
    this.write(() => {
      const remove = this.db.prepare('DELETE FROM entries WHERE cluster = ? AND id = ?');
      for (const id of ids) remove.run(cluster, id);
    });
  }

  points(cluster: string): unknown[] {
    return this.read([], () => this.readPoints(cluster));
  }

  private readPoints(cluster: string): unknown[] {
    const rows = this.db.prepare('SELECT json FROM points WHERE cluster = ? ORDER BY at, seq').all(cluster) as {
      json: string;
    }[];
    return rows.map((r) => parsed(r.json)).filter((p) => p !== undefined);
  }

  addPoint(cluster: string, at: string, point: unknown): void {
    this.write(() => {
      this.db
        .prepare('INSERT INTO points (cluster, at, json) VALUES (?, ?, ?)')
        .run(cluster, at, JSON.stringify(point));
      this.db
        .prepare(
          'DELETE FROM points WHERE cluster = ? AND seq NOT IN (SELECT seq FROM points WHERE cluster = ? ORDER BY at DESC, seq DESC LIMIT ?)',
        )
        .run(cluster, cluster, MAX_POINTS);
    });
  }

  snapshotPoint(file: string, size: number, mtime: number): unknown {
    return this.read(undefined, () => {
      const row = this.db
        .prepare('SELECT json FROM snapshot_points WHERE file = ? AND size = ? AND mtime = ?')
        .get(file, size, mtime) as { json: string } | undefined;
      return row && parsed(row.json);
    });
  }

  addSnapshotPoint(file: string, size: number, mtime: number, point: unknown): void {
    this.write(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO snapshot_points (file, size, mtime, json) VALUES (?, ?, ?, ?)')
        .run(file, size, mtime, JSON.stringify(point));
      this.db
        .prepare(
          'DELETE FROM snapshot_points WHERE seq NOT IN (SELECT seq FROM snapshot_points ORDER BY seq DESC LIMIT ?)',
        )
        .run(MAX_SNAPSHOT_POINTS);
    });
  }

  close(): void {
    this.db.close();
  }
}

/** The store in `dir` (created if need be), or one in memory that says why. */
export function openHistoryStore(dir: string = dataDir()): HistoryStore & { close?: () => void } {
  const file = path.join(dir, STORE_FILE);
  const { db, problem } = openStore(dir, file);
  return db ? new SqliteStore(file, db, problem) : new MemoryStore(file, problem);
}
