// Lines out of a byte stream, without holding more than one chunk and one line: the log backend
// writes one JSON object and "\n" per event (k8s.io/apiserver plugin/pkg/audit/log/backend.go).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AuditLogFile } from './files';

/** Read in large chunks: a log is read once, front to back. */
export const CHUNK_BYTES = 1 << 20;

export type LineSink = (text: string, line: number) => void;
/** A line that was not handed on, and why (a LogProblem's message). */
export type LineSkipped = (line: number, message: string) => void;

/**
 * The longest line kept. The server writes one event a line, and even a RequestResponse event
 * with a large object is far below this; a longer "line" (a file that is not a log, a torn write
 * with no newline) would otherwise be held whole in memory.
 */
export const MAX_LINE_BYTES = 16 << 20;

/**
 * Splits pushed bytes at "\n" (a byte never inside a UTF-8 sequence) and decodes each line on its
 * own: twice as fast as decoding chunks and splitting the text, and each line is its own string
 * (a slice of a chunk's text would keep the whole chunk alive while any part of it is kept). A line
 * that spans chunks is held as a list of its parts and joined once (joining at every chunk made a
 * long line quadratic); one over `maxLine` bytes is dropped up to its "\n" and said to `skipped`.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  /** Bytes of the line in progress (held, or dropped once it is too long). */
  private partBytes = 0;
  private dropping = false;
  lineNo = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly skipped: LineSkipped = () => {},
    private readonly maxLine = MAX_LINE_BYTES,
  ) {}

  push(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    if (this.partBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return this.hold(chunk, 0, chunk.length);
      this.hold(chunk, 0, nl);
      this.endHeld();
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (nl - start > this.maxLine) this.tooLong(++this.lineNo, nl - start);
      else this.sink(chunk.toString('utf8', start, nl), ++this.lineNo);
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
  }

  /** Part of the line in progress: copied (the caller may reuse its buffer, as the tail does). */
  private hold(chunk: Buffer, from: number, to: number): void {
    this.partBytes += to - from;
    if (!this.dropping && this.partBytes > this.maxLine) [this.dropping, this.parts] = [true, []];
    if (!this.dropping && to > from) this.parts.push(Buffer.from(chunk.subarray(from, to)));
  }

  private endHeld(): void {
    const line = ++this.lineNo;
    if (this.dropping) this.tooLong(line, this.partBytes);
    else this.sink(Buffer.concat(this.parts, this.partBytes).toString('utf8'), line);
    this.reset();
  }

  private reset(): void {
    [this.parts, this.partBytes, this.dropping] = [[], 0, false];
  }

  private tooLong(line: number, bytes: number): void {
    this.skipped(line, `line of ${bytes} bytes, longer than the ${this.maxLine} kept: skipped`);
  }

  /** The unterminated last line, if any (taken: the splitter is then empty; one too long is said and ""). */
  takeRest(): string {
    if (this.dropping) this.tooLong(this.lineNo + 1, this.partBytes);
    const rest = this.dropping ? '' : Buffer.concat(this.parts, this.partBytes).toString('utf8');
    this.reset();
    return rest;
  }

  /** Bytes waiting for their "\n". */
  get waiting(): number {
    return this.partBytes;
  }
}

/** The byte stream of a file, decompressed when it is gzip; standard input for "-". */
export function openLog(file: AuditLogFile, stdin?: NodeJS.ReadableStream): AsyncIterable<Buffer | string> {
  if (file.name === '-') return sniffGzip(stdin ?? process.stdin);
  const raw = createReadStream(file.name, { highWaterMark: CHUNK_BYTES });
  return file.gz ? gunzipped(raw) : raw;
}

/**
 * zlib's output chunk. When a .gz breaks (trailing garbage after the last member, a flipped byte,
 * a cut file) the output of the chunk being filled is lost with the error, everything before it was
 * handed on: at 1 MiB a small broken file gave nothing of what `gzip -dc` recovers, at 64 KiB at most
 * ~64 KiB of lines before the break are lost (Node's zlib.js processCallback pushes each full chunk).
 */
export const GUNZIP_CHUNK_BYTES = 64 << 10;

function gunzipped(raw: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  raw.on('error', (err: Error) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** gzip's magic bytes (RFC 1952): standard input has no name to say it is compressed. */
const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Standard input, decompressed when it starts as gzip does (`cat audit-….log.gz | … -`). */
async function* sniffGzip(input: NodeJS.ReadableStream): AsyncGenerator<Buffer | string> {
  const chunks = input[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return;
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : (first.value as Buffer);
  async function* all(): AsyncGenerator<Buffer | string> {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer | string;
  }
  if (isGzip(head)) yield* gunzipped(Readable.from(all()));
  else yield* all();
}
