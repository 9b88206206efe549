// Follow a live audit log (the server's RBAC_ATLAS_AUDIT_LOG: a file or a folder): read what is
// there, then its growth and its rotation, delivering batches of counted requests as they come.
//
// It polls with fs.stat every `pollMs` (1 s) rather than fs.watch: fs.watch misses events on
// network and overlay volumes and in some containers, where the log is often mounted. lumberjack
// rotates by renaming the live file (audit.log → audit-<time>.log) and creating a new one
// (files.ts); the renamed file is still open here, so it is read to its end (its unterminated last
// line is then a line like any other) before the new file is read from its start. A file that
// shrinks in place (copytruncate, or rewritten) is read again from its start.
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ObservedRequest, UsageWindow } from '@/lib/rbac/usage/types';
import { auditLogFile, oldestFirst, type AuditLogFile } from './files';
import { AuditIntake, type IntakeOptions } from './intake';
import { CHUNK_BYTES, openLog, type LineSplitter } from './lines';
import { fileBatches } from './reader';

export interface TailOptions extends IntakeOptions {
  /** Each batch of newly counted requests. */
  onRequests: (batch: ObservedRequest[]) => void;
  /** How often to look for growth and rotation (default 1000 ms). */
  pollMs?: number;
}

export interface AuditTail {
  /** Resolves once what was there at the start has been read (and delivered). */
  ready: Promise<void>;
  /** Stops following; resolves when the poll under way (if any) has ended and files are closed. */
  stop(): Promise<void>;
  /** What was read so far. */
  window(): UsageWindow;
}

/** A live file being followed: its open handle survives its renaming. */
interface Followed {
  name: string;
  handle: FileHandle;
  ino: number;
  dev: number;
  offset: number;
  lines: LineSplitter;
  /** Its first bytes (up to HEAD_BYTES): they name it once it is renamed and compressed. */
  head?: Buffer;
}

/** Enough of a file's start to hold its first event, whose auditID and times no other file starts with. */
const HEAD_BYTES = 4096;

const BATCH = 4096;

class Tail {
  readonly intake: AuditIntake;
  private readonly followed = new Map<string, Followed>();
  /** Rotated files read, or there before the start and not asked for (a file was named). */
  private readonly known = new Set<string>();
  private dir = '';
  private only?: string;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private failing?: string;
  /** The heads of files followed to their end and let go: their compressed copies are not read again. */
  private finishedHeads: Buffer[] = [];

  constructor(
    private readonly target: string,
    private readonly options: TailOptions,
  ) {
    this.intake = new AuditIntake(options);
  }

  async start(): Promise<void> {
    const info = await stat(this.target);
    if (info.isDirectory()) this.dir = this.target;
    else [this.dir, this.only] = [path.dirname(this.target), path.basename(this.target)];
    const { rotated, live } = await this.listing();
    if (this.only !== undefined && !live.includes(path.join(this.dir, this.only))) {
      this.intake.problem(this.target, 0, 'not a regular file: followed once one is there');
    }
    for (const f of rotated) {
      this.known.add(path.basename(f.name));
      if (this.only === undefined) for await (const b of fileBatches(f, this.intake, BATCH)) this.deliver(b);
    }
    await this.pollLive();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const f of this.followed.values()) await f.handle.close();
    this.followed.clear();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.poll().finally(() => this.schedule());
    }, this.options.pollMs ?? 1000);
  }

  /** A look that failed (the folder unreadable for now): said once, not every second, and tried again. */
  private async poll(): Promise<void> {
    try {
      await this.pollLive();
      this.failing = undefined;
    } catch (err) {
      const message = `following stopped for now: ${(err as Error).message}`;
      if (message !== this.failing) this.intake.problem(this.target, 0, message);
      this.failing = message;
    }
  }

  /** The folder's rotated copies (oldest first) and live files, of the one named file when a file was named. */
  private async listing(): Promise<{ rotated: AuditLogFile[]; live: string[] }> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const mine = this.only === undefined ? entries : entries.filter((e) => sameLog(e.name, this.only!));
    // Through symbolic links, as the one-shot reader does (files.ts): a mounted log is often a link.
    const names: string[] = [];
    for (const e of mine)
      if (e.isFile() || (e.isSymbolicLink() && (await isFile(path.join(this.dir, e.name))))) names.push(e.name);
    const files = names.sort().map((n) => auditLogFile(path.join(this.dir, n)));
    // A compressed file is never written to: it is read once, like a rotated copy (after them).
    const done = (f: AuditLogFile) => f.rotated !== undefined || f.gz;
    return {
      rotated: oldestFirst(files.filter(done)),
      live: files.filter((f) => !done(f)).map((f) => f.name),
    };
  }

  /** One look: rotation of the followed files, rotated copies never seen, then every live file's growth. */
  private async pollLive(): Promise<void> {
    const finished = new Set<number>();
    for (const f of [...this.followed.values()]) {
      const ino = await this.checkRotation(f);
      if (ino !== undefined) finished.add(ino);
    }
    const { rotated, live } = await this.listing();
    await this.readMissed(rotated, finished);
    for (const name of live) if (!this.followed.has(name)) await this.follow(name);
    for (const f of this.followed.values()) await this.readGrowth(f);
    this.intake.counter.expire();
    this.deliver(this.intake.take());
  }

  /** A followed file renamed away or gone: read it to its end and let it go (returns its inode). */
  private async checkRotation(f: Followed): Promise<number | undefined> {
    const now = await stat(f.name).catch(() => undefined);
    if (now && now.ino === f.ino && now.dev === f.dev) return undefined;
    await this.readGrowth(f);
    const rest = f.lines.takeRest();
    if (rest !== '') this.intake.line(rest, f.name, f.lines.lineNo + 1);
    await f.handle.close();
    this.followed.delete(f.name);
    if (f.head) this.finishedHeads = [...this.finishedHeads.slice(-7), f.head];
    return f.ino;
  }

  /** Rotated copies that appeared since the last look and are not the followed file renamed. */
  private async readMissed(rotated: AuditLogFile[], finished: Set<number>): Promise<void> {
    for (const f of rotated) {
      const base = path.basename(f.name);
      if (this.known.has(base)) continue;
      this.known.add(base);
      const compressedOfKnown = f.gz && this.known.has(base.slice(0, -3));
      const ino = (await stat(f.name).catch(() => undefined))?.ino;
      if (compressedOfKnown || (ino !== undefined && finished.has(ino))) continue;
      if (f.gz && (await this.wasFollowed(f.name))) continue;
      for await (const b of fileBatches(f, this.intake, BATCH)) this.deliver(b);
    }
  }

  /**
   * Whether a new .gz is a followed file compressed: --audit-log-compress can rename and compress
   * between two looks, so the renamed copy is never listed and the .gz has a new inode; its content
   * starts as the followed file did.
   */
  private async wasFollowed(gz: string): Promise<boolean> {
    if (this.finishedHeads.length === 0) return false;
    const head = await gzHead(gz, HEAD_BYTES);
    const i = this.finishedHeads.findIndex((h) => h.length > 0 && h.equals(head.subarray(0, h.length)));
    if (i >= 0) this.finishedHeads.splice(i, 1);
    return i >= 0;
  }

  private async follow(name: string): Promise<void> {
    const handle = await open(name, 'r').catch(() => undefined);
    if (!handle) return; // gone between the listing and now: the next look sees what replaced it
    const s = await handle.stat();
    this.intake.startFile(name);
    const lines = this.intake.splitter(name);
    this.followed.set(name, { name, handle, ino: s.ino, dev: s.dev, offset: 0, lines });
  }

  /** What was appended since the last read; a file shorter than what was read is read again. */
  private async readGrowth(f: Followed): Promise<void> {
    const { size } = await f.handle.stat();
    if (size < f.offset) {
      f.offset = 0;
      f.lines = this.intake.splitter(f.name);
      f.head = undefined;
    }
    const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size - f.offset, 1)));
    while (f.offset < size) {
      const { bytesRead } = await f.handle.read(buf, 0, Math.min(buf.length, size - f.offset), f.offset);
      if (bytesRead === 0) break;
      if (f.offset === 0) f.head = Buffer.from(buf.subarray(0, Math.min(HEAD_BYTES, bytesRead)));
      f.offset += bytesRead;
      f.lines.push(buf.subarray(0, bytesRead));
      if (this.intake.waiting >= BATCH) this.deliver(this.intake.take());
    }
  }

  private deliver(batch: ObservedRequest[]): void {
    if (batch.length > 0 && !this.stopped) this.options.onRequests(batch);
  }
}

/** The first `bytes` of a .gz decompressed (fewer when it is shorter or broken). */
async function gzHead(name: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of openLog(auditLogFile(name))) {
      parts.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= bytes) break;
    }
  } catch {
    // A broken .gz is read (and its problem said) as any other.
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/** Whether `name` is a regular file, through links (a dangling link is not). */
async function isFile(name: string): Promise<boolean> {
  return (await stat(name).catch(() => undefined))?.isFile() ?? false;
}

/** Whether `name` is `live` itself or one of its rotated copies (lumberjack: base-<time>ext[.gz]). */
export function sameLog(name: string, live: string): boolean {
  if (name === live) return true;
  const ext = path.extname(live);
  const base = live.slice(0, live.length - ext.length);
  const file = auditLogFile(name);
  if (file.rotated === undefined) return false;
  return name.replace(/\.gz$/, '') === `${base}-${file.rotated}${ext}`;
}

/**
 * Follow `target` (a log file, or a folder of them): what is there first (a folder's rotated copies
 * oldest first, then its live files), then growth and rotation, until `stop()`.
 */
export function tailAuditLog(target: string, options: TailOptions): AuditTail {
  const tail = new Tail(target, options);
  const ready = tail.start();
  return {
    ready,
    stop: async () => {
      await ready.catch(() => undefined);
      await tail.stop();
    },
    window: () => tail.intake.window(),
  };
}
