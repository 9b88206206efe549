// The audit benchmark's baseline: the log read line by line and each line JSON.parse'd, nothing
// else (decompressed first when it is .gz, as the reader must). The same chunks and the same line
// splitting as lib/k8s/audit/lines.ts (bytes split at "\n", each line decoded), so the difference
// is what the reader does with a line.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const file = process.argv[2];
const t = performance.now();
const raw = createReadStream(file, { highWaterMark: 1 << 20 });
const stream = file.endsWith('.gz') ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
let rest;
let lines = 0;
let parsed = 0;
const parse = (text) => {
  lines++;
  if (JSON.parse(text) !== null) parsed++;
};
for await (const chunk of stream) {
  let start = 0;
  if (rest) {
    const nl = chunk.indexOf(10);
    if (nl < 0) {
      rest = Buffer.concat([rest, chunk]);
      continue;
    }
    parse(Buffer.concat([rest, chunk.subarray(0, nl)]).toString('utf8'));
    rest = undefined;
    start = nl + 1;
  }
  for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
    parse(chunk.toString('utf8', start, nl));
    start = nl + 1;
  }
  if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - t, lines, parsed })}\n`);
