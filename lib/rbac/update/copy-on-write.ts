// Copy-on-write for the indexes an engine holds: the next engine copies a map's outer level once per
// batch and each list it changes once, and never writes to what the previous engine holds (requests
// in flight and the change history still read it).

const CHUNKS = 256;

/** FNV-1a of the key: which chunk holds it. */
function chunkOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CHUNKS;
}

/**
 * A map of string keys in 256 chunks, never changed: `with` copies only the chunks its changes fall
 * in, so a change to one namespace's entry costs a chunk, not the map (10,000 namespaces: ~40
 * entries, where a whole copy is 10,000). Its order is the chunks', not insertion: only for maps
 * that are looked up, never listed.
 */
export class ChunkedMap<V> implements ReadonlyMap<string, V> {
  private constructor(
    private readonly chunks: readonly ReadonlyMap<string, V>[],
    readonly size: number,
  ) {}

  static of<V>(entries: Iterable<readonly [string, V]>): ChunkedMap<V> {
    const chunks = Array.from({ length: CHUNKS }, () => new Map<string, V>());
    for (const [k, v] of entries) chunks[chunkOf(k)]!.set(k, v);
    return new ChunkedMap(
      chunks,
      chunks.reduce((n, c) => n + c.size, 0),
    );
  }

  get(key: string): V | undefined {
    return this.chunks[chunkOf(key)]!.get(key);
  }

  has(key: string): boolean {
    return this.chunks[chunkOf(key)]!.has(key);
  }

  /** A copy with these keys set, or deleted where the value is undefined. */
  with(changes: ReadonlyMap<string, V | undefined>): ChunkedMap<V> {
    const chunks = [...this.chunks];
    const copied = new Set<number>();
    let size = this.size;
    for (const [key, value] of changes) {
      const i = chunkOf(key);
      if (!copied.has(i)) chunks[i] = new Map(chunks[i]);
      copied.add(i);
      const chunk = chunks[i] as Map<string, V>;
      size -= chunk.has(key) ? 1 : 0;
      if (value === undefined) chunk.delete(key);
      else chunk.set(key, value);
      size += value === undefined ? 0 : 1;
    }
    return new ChunkedMap(chunks, size);
  }

  *entries(): MapIterator<[string, V]> {
    for (const chunk of this.chunks) yield* chunk.entries();
  }

  *keys(): MapIterator<string> {
    for (const chunk of this.chunks) yield* chunk.keys();
  }

  *values(): MapIterator<V> {
    for (const chunk of this.chunks) yield* chunk.values();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }
}

/**
 * A map as one batch changes it: the writes kept apart until done, then a ChunkedMap copies the
 * chunks they touch and any other map is copied whole. `Map.set` keeps an existing key's place, as a
 * modified object keeps its own; a new key goes last, as an added object does.
 */
export class DraftMap<K, V> {
  private readonly writes = new Map<K, V | undefined>();
  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get(key: K): V | undefined {
    return this.writes.has(key) ? this.writes.get(key) : this.base.get(key);
  }

  set(key: K, value: V): void {
    this.writes.set(key, value);
  }

  delete(key: K): void {
    if (this.get(key) !== undefined) this.writes.set(key, undefined);
  }

  /** The map as changed: the base itself when nothing was written. */
  done(): ReadonlyMap<K, V> {
    if (this.writes.size === 0) return this.base;
    if (this.base instanceof ChunkedMap) {
      const chunked = this.base as ChunkedMap<V>;
      return chunked.with(this.writes as unknown as Map<string, V | undefined>) as unknown as ReadonlyMap<K, V>;
    }
    const copy = new Map(this.base);
    for (const [key, value] of this.writes) {
      if (value === undefined) copy.delete(key);
      else copy.set(key, value);
    }
    return copy;
  }
}

/** A map of lists, each list copied when first changed in the batch; lists left empty are removed. */
export class DraftLists<K, T> {
  private readonly map: DraftMap<K, readonly T[]>;
  private readonly copied = new Map<K, T[]>();
  constructor(base: ReadonlyMap<K, readonly T[]>) {
    this.map = new DraftMap(base);
  }

  /** The key's list as it now stands (read only). */
  get(key: K): readonly T[] {
    return this.copied.get(key) ?? this.map.get(key) ?? [];
  }

  /** The key's list, to change in place: a copy made once per batch. */
  edit(key: K): T[] {
    let list = this.copied.get(key);
    if (!list) this.copied.set(key, (list = [...(this.map.get(key) ?? [])]));
    return list;
  }

  done(): ReadonlyMap<K, readonly T[]> {
    for (const [key, list] of this.copied) {
      if (list.length > 0) this.map.set(key, list);
      else this.map.delete(key);
    }
    return this.map.done();
  }
}

/** Replace the item `same` finds, else add it last (an added object goes last; a modified one keeps its place). */
export function putItem<T>(list: T[], item: T, same: (t: T) => boolean): void {
  const at = list.findIndex(same);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

export function removeItem<T>(list: T[], same: (t: T) => boolean): void {
  const at = list.findIndex(same);
  if (at >= 0) list.splice(at, 1);
}

/** Insert into a list sorted by `compare`, after its equals. */
export function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
