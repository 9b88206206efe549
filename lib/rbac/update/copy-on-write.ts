// Copy-on-write for the indexes an engine holds: the next engine copies a map's outer level once per
// batch and each list it changes once, and never writes to what the previous engine holds (requests
// in flight and the change history still read it).

/** A map copied when first written. `Map.set` keeps an existing key's place, as a modified object keeps its own. */
export class DraftMap<K, V> {
  private copy: Map<K, V> | undefined;
  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get(key: K): V | undefined {
    return (this.copy ?? this.base).get(key);
  }

  set(key: K, value: V): void {
    (this.copy ??= new Map(this.base)).set(key, value);
  }

  delete(key: K): void {
    if ((this.copy ?? this.base).has(key)) (this.copy ??= new Map(this.base)).delete(key);
  }

  /** The map as changed: the base itself when nothing was written. */
  done(): ReadonlyMap<K, V> {
    return this.copy ?? this.base;
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
