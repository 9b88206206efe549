// Lines out of a byte stream, without holding more than one chunk and one line: the log backend
// writes one JSON object and "\n" per event (k8s.io/apiserver plugin/pkg/audit/log/backend.go).
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { AuditLogFile } from './files';

/** Read in large chunks: a log is read once, front to back. */
export const CHUNK_BYTES = 1 << 20;

export type LineSink = (text: string, line: number) => void;

/** Splits pushed text at "\n"; the unterminated rest waits for the next push (or `rest`). */
export class LineSplitter {
  private rest = '';
  private decoder = new StringDecoder('utf8');
  lineNo = 0;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      this.sink(text.slice(start, nl), ++this.lineNo);
      start = nl + 1;
    }
    this.rest = start === 0 ? text : text.slice(start);
  }

  /** The unterminated last line, if any (taken: the splitter is then empty). */
  takeRest(): string {
    const rest = this.rest + this.decoder.end();
    this.rest = '';
    this.decoder = new StringDecoder('utf8');
    return rest;
  }

  /** Bytes of text waiting for their "\n". */
  get waiting(): number {
    return this.rest.length;
  }
}

/** The byte stream of a file, decompressed when it is gzip; standard input for "-". */
export function openLog(file: AuditLogFile, stdin?: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const raw: NodeJS.ReadableStream =
    file.name === '-' ? (stdin ?? process.stdin) : createReadStream(file.name, { highWaterMark: CHUNK_BYTES });
  if (!file.gz) return raw;
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  raw.on('error', (err: Error) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}
