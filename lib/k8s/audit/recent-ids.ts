// The last N auditIDs counted, to drop a final stage met again (the same request in two files of a
// set). The API server's IDs are UUIDs (k8s.io/apiserver pkg/endpoints/filters/audit_init.go,
// uuid.New()), kept here as four 32-bit numbers in typed arrays: a million ID strings each kept for
// thousands of events outlive the young generation, and the collector's work and the process's peak
// then grew with the log. An ID in any other form (a client may send its own Audit-ID) is kept as a
// string. Exact either way: two IDs are the same only if their characters are.

const EMPTY = -1;

/** A lowercase canonical UUID's 128 bits into `out` (4 words); false for any other string. */
function uuidWords(id: string, out: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let nibbles = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false; // '-'
      continue;
    }
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (v < 0) return false;
    word = ((word << 4) | v) >>> 0;
    if (++nibbles % 8 === 0) {
      out[nibbles / 8 - 1] = word;
      word = 0;
    }
  }
  return true;
}

export class RecentIds {
  private readonly words: Uint32Array;
  /** The string of a slot that holds a non-UUID ID (undefined for a UUID slot). */
  private readonly strings: (string | undefined)[];
  private readonly used: Uint8Array;
  /** Chained hash: bucket → first slot, slot → next slot in its bucket. */
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private readonly probe = new Uint32Array(4);
  private cursor = 0;

  constructor(private readonly capacity: number) {
    const buckets = 1 << Math.ceil(Math.log2(capacity * 2));
    this.mask = buckets - 1;
    this.words = new Uint32Array(capacity * 4);
    this.strings = new Array<string | undefined>(capacity);
    this.used = new Uint8Array(capacity);
    this.heads = new Int32Array(buckets).fill(EMPTY);
    this.next = new Int32Array(capacity).fill(EMPTY);
    this.hashes = new Int32Array(capacity);
  }

  /** Remembers `id` (forgetting the oldest when full); false when it is remembered already. */
  addNew(id: string): boolean {
    const isUuid = uuidWords(id, this.probe);
    const h = isUuid ? this.wordsHash(this.probe) : stringHash(id);
    if (this.find(id, isUuid, h)) return false;
    this.put(id, isUuid, h);
    return true;
  }

  has(id: string): boolean {
    const isUuid = uuidWords(id, this.probe);
    return this.find(id, isUuid, isUuid ? this.wordsHash(this.probe) : stringHash(id));
  }

  private find(id: string, isUuid: boolean, h: number): boolean {
    for (let s = this.heads[h & this.mask]!; s !== EMPTY; s = this.next[s]!) {
      if (this.hashes[s] !== h) continue;
      if (isUuid ? this.strings[s] === undefined && this.sameWords(s) : this.strings[s] === id) return true;
    }
    return false;
  }

  /** Into the oldest slot: `this.probe` holds the UUID's words when `isUuid`. */
  private put(id: string, isUuid: boolean, h: number): void {
    const s = this.cursor;
    this.cursor = (this.cursor + 1) % this.capacity;
    if (this.used[s]) this.unlink(s);
    if (isUuid) this.words.set(this.probe, s * 4);
    this.strings[s] = isUuid ? undefined : id;
    this.hashes[s] = h;
    this.used[s] = 1;
    this.next[s] = this.heads[h & this.mask]!;
    this.heads[h & this.mask] = s;
  }

  private unlink(s: number): void {
    const b = this.hashes[s]! & this.mask;
    if (this.heads[b] === s) this.heads[b] = this.next[s]!;
    else {
      let p = this.heads[b]!;
      while (this.next[p] !== s) p = this.next[p]!;
      this.next[p] = this.next[s]!;
    }
    this.strings[s] = undefined;
  }

  private sameWords(s: number): boolean {
    const w = this.words;
    const o = s * 4;
    const p = this.probe;
    return w[o] === p[0] && w[o + 1] === p[1] && w[o + 2] === p[2] && w[o + 3] === p[3];
  }

  private wordsHash(p: Uint32Array): number {
    return (p[0]! ^ Math.imul(p[1]!, 0x9e3779b1) ^ Math.imul(p[2]!, 0x85ebca6b) ^ p[3]!) | 0;
  }
}

/** FNV-1a over the UTF-16 code units. */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
