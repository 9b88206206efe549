// One page of a long answer: what every list the views show is cut into.

export interface Page<T> {
  /** How many there are in all. */
  total: number;
  offset: number;
  items: T[];
  /** The offset of the next page, when there is one. */
  next?: number;
}

export function pageOf<T>(all: readonly T[], offset: number, limit: number): Page<T> {
  const start = Math.min(Math.max(0, offset), all.length);
  const items = all.slice(start, start + Math.max(0, limit));
  const end = start + items.length;
  return { total: all.length, offset: start, items, ...(end < all.length && { next: end }) };
}
