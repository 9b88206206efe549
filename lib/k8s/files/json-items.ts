// Reads a JSON file the size of a large cluster (`kubectl get ... -A -o json`: one List, hundreds of
// megabytes) without holding it as one string or one object tree: the bytes stream through a small
// scanner that cuts out each element of the top-level object's "items" array, and each element is
// parsed on its own (JSON.parse, so the grammar is still the platform's) and can be dropped as soon
// as its fields are taken. Everything outside "items" (kind, apiVersion, metadata) is parsed at the
// end; a file without a top-level "items" array is thus parsed whole, as before.
//
// Why not a streaming JSON library: those tokenise every value in JavaScript, several times slower
// than JSON.parse; only the item boundaries need finding here, and strings are skipped with indexOf.
import { createReadStream } from 'node:fs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export type JsonItem = { index: number; text: string } | { index: number; notAnObject: true };

export interface JsonScan {
  /** The file with its "items" array emptied: parse it for the list's kind and apiVersion. */
  rest: string;
  /** Whether a top-level "items" array was found (and streamed). */
  streamed: boolean;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Calls `onItem` for each element of the top-level "items" array, in order, as the file (or a
 * response body: a live list streams through the same scanner) is read.
 * Throws only on read errors; malformed JSON shows up when an item or the rest is parsed.
 */
export async function scanJsonItems(
  source: string | AsyncIterable<Buffer>,
  onItem: (item: JsonItem) => void,
  chunkSize = 1 << 20,
): Promise<JsonScan> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  // The last string closed at depth 1 (a key, when a value follows it), kept only if short.
  let stringStart = -1;
  let stringPieces: Buffer[] = [];
  let lastKey = '';
  let inItems = false;
  let streamed = false;
  let index = 0;
  // The current item's bytes: pieces of earlier chunks, and where it starts in this one.
  let itemPieces: Buffer[] = [];
  let itemStart = -1;
  let scalar = false;
  const rest: Buffer[] = [];

  const stream: AsyncIterable<Buffer> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: chunkSize }) : source;
  for await (const chunk of stream) {
    const len = chunk.length;
    let restStart = inItems ? -1 : 0;
    let i = 0;
    while (i < len) {
      if (inString) {
        // A byte loop beats indexOf here: most strings are a few bytes long.
        let c = 0;
        for (; i < len; i++) {
          c = chunk[i]!;
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) break;
        }
        if (i === len) break;
        inString = false;
        if (stringStart >= 0) {
          const key =
            stringPieces.length > 0
              ? Buffer.concat([...stringPieces, chunk.subarray(stringStart, i)])
              : chunk.subarray(stringStart, i);
          lastKey = key.length <= 16 ? key.toString('utf8') : '';
          stringStart = -1;
          stringPieces = [];
        }
        i++;
        continue;
      }
      const c = chunk[i]!;
      if (c === QUOTE) {
        inString = true;
        if (depth === 1) {
          stringStart = i + 1;
          stringPieces = [];
        } else if (inItems && depth === 2 && itemStart < 0 && itemPieces.length === 0) {
          scalar = true;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (inItems && depth === 2) itemStart = i;
        depth++;
        if (depth === 2 && c === OPEN_BRACKET && lastKey === 'items' && !streamed) {
          inItems = true;
          streamed = true;
          rest.push(chunk.subarray(restStart, i + 1));
          restStart = -1;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (inItems && depth === 2) {
          const text =
            itemPieces.length === 0
              ? chunk.toString('utf8', itemStart, i + 1)
              : Buffer.concat([...itemPieces, chunk.subarray(itemStart, i + 1)]).toString('utf8');
          onItem({ index: index++, text });
          itemPieces = [];
          itemStart = -1;
        } else if (inItems && depth === 1) {
          if (scalar) onItem({ index: index++, notAnObject: true });
          scalar = false;
          inItems = false;
          restStart = i;
        }
      } else if (inItems && depth === 2 && !isSpace(c)) {
        if (c === 0x2c) {
          if (scalar) onItem({ index: index++, notAnObject: true });
          scalar = false;
        } else scalar = true;
      }
      i++;
    }
    // What continues into the next chunk: a key being read, an item being cut out.
    if (inString && stringStart >= 0) {
      stringPieces.push(chunk.subarray(stringStart, len));
      stringStart = 0;
    }
    if (itemStart >= 0) {
      itemPieces.push(chunk.subarray(itemStart, len));
      itemStart = 0;
    }
    if (restStart >= 0) rest.push(chunk.subarray(restStart, len));
  }
  return { rest: Buffer.concat(rest).toString('utf8'), streamed };
}
