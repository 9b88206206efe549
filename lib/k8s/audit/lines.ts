// Lines out of a byte stream, without holding more than one chunk and one line: the log backend
// writes one JSON object and "\n" per event (k8s.io/apiserver plugin/pkg/audit/log/backend.go).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AuditLogFile } from './files';

/** Read in large chunks: a log is read once, front to back. */
export const CHUNK_BYTES = 1 << 20;

export type LineSink = (text: string, line: number) => void;

/**
 * Splits pushed bytes at "\n" (a byte never inside a UTF-8 sequence) and decodes each line on its
 * own: twice as fast as decoding chunks and splitting the text, and each line is its own string
 * (a slice of a chunk's text would keep the whole chunk alive while any part of it is kept).
 */
export class LineSplitter {
  private rest: Buffer | undefined;
  lineNo = 0;

  constructor(private readonly sink: LineSink) {}

  push(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    if (this.rest) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return;
      }
      this.sink(Buffer.concat([this.rest, chunk.subarray(0, nl)]).toString('utf8'), ++this.lineNo);
      this.rest = undefined;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.sink(chunk.toString('utf8', start, nl), ++this.lineNo);
      start = nl + 1;
    }
    // Copied: the caller may reuse its buffer (the tail does), and a chunk is large.
    if (start < chunk.length) this.rest = Buffer.from(chunk.subarray(start));
  }

  /** The unterminated last line, if any (taken: the splitter is then empty). */
  takeRest(): string {
    const rest = this.rest?.toString('utf8') ?? '';
    this.rest = undefined;
    return rest;
  }

  /** Bytes waiting for their "\n". */
  get waiting(): number {
    return this.rest?.length ?? 0;
  }
}

/** The byte stream of a file, decompressed when it is gzip; standard input for "-". */
export function openLog(file: AuditLogFile, stdin?: NodeJS.ReadableStream): AsyncIterable<Buffer | string> {
  if (file.name === '-') return sniffGzip(stdin ?? process.stdin);
  const raw = createReadStream(file.name, { highWaterMark: CHUNK_BYTES });
  return file.gz ? gunzipped(raw) : raw;
}

function gunzipped(raw: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
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
